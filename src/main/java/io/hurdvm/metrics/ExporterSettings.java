package io.hurdvm.metrics;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard the exporter may lean on its sources.
 *
 * @param sourceWait    the longest one scrape waits for an instance's QMP answer or qemu-img run;
 *                      past it the scrape goes on with the previous value
 * @param blockStatsTtl how long a {@code query-blockstats} answer is reused: protects the supervisor
 *                      (and QEMU's single QMP connection) from scrapers polling every second
 * @param imageInfoTtl  how long a {@code qemu-img info} result (overlay size, snapshot count) is reused;
 *                      each run is a process spawn that reads the qcow2 header and snapshot table
 */
public record ExporterSettings(Duration sourceWait, Duration blockStatsTtl, Duration imageInfoTtl) {
    public ExporterSettings {
        Objects.requireNonNull(sourceWait, "sourceWait");
        Objects.requireNonNull(blockStatsTtl, "blockStatsTtl");
        Objects.requireNonNull(imageInfoTtl, "imageInfoTtl");
        if (sourceWait.isNegative() || sourceWait.isZero()) {
            throw new IllegalArgumentException("metrics source wait must be positive, got " + sourceWait);
        }
        if (blockStatsTtl.isNegative() || imageInfoTtl.isNegative()) {
            throw new IllegalArgumentException("metrics cache lifetimes must not be negative");
        }
    }

    public static ExporterSettings defaults() {
        return new ExporterSettings(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(30));
    }
}
