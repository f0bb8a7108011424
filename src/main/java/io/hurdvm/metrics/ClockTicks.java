package io.hurdvm.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * USER_HZ, the unit of utime and stime in /proc/PID/stat. It is 100 on every Linux architecture
 * hurdvm runs on, but the JDK cannot call sysconf(), so we ask {@code getconf} once and fall back to 100.
 */
final class ClockTicks {
    static final long LINUX_DEFAULT = 100;
    private static volatile long cached;

    private ClockTicks() {
    }

    static long perSecond() {
        if (cached == 0) {
            cached = ask();
        }
        return cached;
    }

    private static long ask() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return LINUX_DEFAULT;
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            long v = p.exitValue() == 0 ? Long.parseLong(out) : LINUX_DEFAULT;
            return v > 0 ? v : LINUX_DEFAULT;
        } catch (IOException | NumberFormatException e) {
            return LINUX_DEFAULT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return LINUX_DEFAULT;
        }
    }
}
