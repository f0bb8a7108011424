package io.hurdvm.guest.bench;

import java.util.List;

/**
 * What {@code hurdvm bench} measured on one instance.
 *
 * @param rounds       how many commands or connections each latency is the median of
 * @param sizeMiB      how much each throughput measurement moved
 * @param directory    the guest folder the disk measurements wrote to
 * @param cacheDropped whether the guest's page cache was dropped before the read (Linux guests only)
 */
public record BenchReport(String instance, int rounds, int sizeMiB, String directory, boolean cacheDropped,
                          List<BenchResult> results) {
    public BenchReport {
        results = List.copyOf(results);
    }
}
