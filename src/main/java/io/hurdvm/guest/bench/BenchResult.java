package io.hurdvm.guest.bench;

/**
 * One measurement of {@code hurdvm bench}.
 *
 * @param name   what was measured, e.g. {@code ssh round trip (one session)}
 * @param value  the result in {@code unit} (a median for latencies, a rate for throughput)
 * @param unit   {@code ms}, {@code MB/s} (10^6 bytes) or {@code Mbit/s}
 * @param detail how it was measured, for people
 */
public record BenchResult(String name, double value, String unit, String detail) {
}
