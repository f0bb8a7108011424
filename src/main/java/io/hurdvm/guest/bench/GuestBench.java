package io.hurdvm.guest.bench;

import static io.hurdvm.guest.ShellQuoting.quote;

import io.hurdvm.guest.GuestSsh;
import io.hurdvm.guest.GuestSshException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Measures a running guest from the host, over its SSH port, with nothing but the guest's shell,
 * {@code cat} and {@code dd} (busybox and GNU alike): the SSH round trip (one session, and a new
 * connection each time), sequential disk write and read through the guest's file system, and bulk
 * throughput through the SSH exec channel both ways. Times are taken on the host around each command.
 * The data is random, so neither QEMU's zero detection nor any compression flatters the numbers.
 */
public final class GuestBench {
    private static final Duration STEP = Duration.ofMinutes(10);
    private static final int MIB = 1 << 20;
    private final Supplier<GuestSsh> connect;
    private final Consumer<String> progress;

    /**
     * @param connect  opens a new authenticated session to the guest (measured itself, for the
     *                 new-connection round trip)
     * @param progress told what is being measured, one line each
     */
    public GuestBench(Supplier<GuestSsh> connect, Consumer<String> progress) {
        this.connect = connect;
        this.progress = progress;
    }

    public BenchReport run(String instance, int rounds, int sizeMiB, String directory) {
        if (rounds < 1 || rounds > 10_000) {
            throw new IllegalArgumentException("--rounds must be 1-10000, got " + rounds);
        }
        if (sizeMiB < 1 || sizeMiB > 4096) {
            throw new IllegalArgumentException("--size must be 1-4096 MiB, got " + sizeMiB);
        }
        List<BenchResult> results = new ArrayList<>();
        try (GuestSsh ssh = connect.get()) {
            progress.accept("ssh round trip: " + rounds + " times 'true' over one session");
            results.add(latency("ssh round trip (one session)", rounds, "median of " + rounds + " 'true' on one connection",
                    () -> check(ssh.run("true", STEP), "true")));
            progress.accept("ssh round trip: " + rounds + " new connections");
            results.add(latency("ssh round trip (new connection)", rounds, "median of " + rounds + " connect + key auth + 'true'",
                    () -> {
                        try (GuestSsh fresh = connect.get()) {
                            check(fresh.run("true", STEP), "true");
                        }
                    }));
            String dir = directory.endsWith("/") && directory.length() > 1 ? directory.substring(0, directory.length() - 1) : directory;
            String source = "/tmp/.hurdvm-bench.src";
            String file = dir + "/.hurdvm-bench.dat";
            try {
                // The upload is also the disk write's source: /tmp is RAM on most guests, and on others its
                // writes stay in the page cache at this size, so the channel is what is measured.
                progress.accept("host -> guest: " + sizeMiB + " MiB through the SSH exec channel");
                results.add(upload(ssh, sizeMiB, "cat > " + source, "host -> guest over ssh", "exec channel into cat > /tmp/FILE"));
                progress.accept("disk write: " + sizeMiB + " MiB to " + dir);
                // fsync of a regular file: /dev/null refuses it. GNU dd and busybox dd both know conv=fsync, but check.
                boolean fsync = ssh.run("dd if=/dev/null of=" + quote(file) + " conv=fsync 2>/dev/null", STEP) == 0;
                results.add(timedRate(ssh, "disk write (sequential)", sizeMiB,
                        "dd if=" + quote(source) + " of=" + quote(file) + " bs=1048576" + (fsync ? " conv=fsync" : "") + " 2>/dev/null"
                                + (fsync ? "" : " && sync"),
                        "dd bs=1M " + (fsync ? "conv=fsync" : "then sync") + " to " + dir + " (random data)", "MB/s"));
                boolean dropped = ssh.run("sync && echo 3 > /proc/sys/vm/drop_caches", STEP) == 0;
                progress.accept("disk read: " + sizeMiB + " MiB from " + dir);
                results.add(timedRate(ssh, "disk read (sequential)", sizeMiB,
                        "dd if=" + quote(file) + " of=/dev/null bs=1048576 2>/dev/null",
                        "dd bs=1M from " + dir + (dropped ? ", guest page cache dropped first" : ", guest page cache NOT dropped (no /proc/sys/vm/drop_caches)"),
                        "MB/s"));
                progress.accept("guest -> host: " + sizeMiB + " MiB through the SSH exec channel");
                results.add(download(ssh, sizeMiB, source));
                return new BenchReport(instance, rounds, sizeMiB, dir, dropped, results);
            } finally {
                ssh.run("rm -f " + quote(source) + " " + quote(file), STEP);
            }
        }
    }

    @FunctionalInterface
    private interface Action {
        void run();
    }

    private static BenchResult latency(String name, int rounds, String detail, Action action) {
        double[] ms = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            action.run();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return new BenchResult(name, median(ms), "ms",
                detail + String.format(Locale.ROOT, " (min %.1f, max %.1f)", ms[0], ms[ms.length - 1]));
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static BenchResult timedRate(GuestSsh ssh, String name, int sizeMiB, String command, String detail, String unit) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int status = ssh.exec(command, OutputStream.nullOutputStream(), err, STEP);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (status != 0) {
            throw new GuestSshException(name + " failed in the guest (exit " + status + "): " + firstLine(err));
        }
        return new BenchResult(name, (double) sizeMiB * MIB / 1e6 / seconds, unit, sizeMiB + " MiB, " + detail);
    }

    private static BenchResult upload(GuestSsh ssh, int sizeMiB, String command, String name, String detail) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int status = ssh.exec(command, new RandomBytes(sizeMiB * (long) MIB), OutputStream.nullOutputStream(), err, STEP);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (status != 0) {
            throw new GuestSshException("'" + command + "' failed in the guest (exit " + status + "): " + firstLine(err));
        }
        return new BenchResult(name, sizeMiB * (double) MIB * 8 / 1e6 / seconds, "Mbit/s", sizeMiB + " MiB, " + detail);
    }

    private static BenchResult download(GuestSsh ssh, int sizeMiB, String source) {
        CountingSink sink = new CountingSink();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int status = ssh.exec("cat " + quote(source), sink, err, STEP);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (status != 0 || sink.count != sizeMiB * (long) MIB) {
            throw new GuestSshException("download of " + sizeMiB + " MiB got " + sink.count + " bytes (exit " + status + "): " + firstLine(err));
        }
        return new BenchResult("guest -> host over ssh", sizeMiB * (double) MIB * 8 / 1e6 / seconds, "Mbit/s",
                sizeMiB + " MiB, exec channel out of cat");
    }

    private static void check(int status, String command) {
        if (status != 0) {
            throw new GuestSshException("'" + command + "' exited " + status + " in the guest");
        }
    }

    private static String firstLine(ByteArrayOutputStream err) {
        return err.toString().lines().findFirst().orElse("").replaceAll("\\p{Cntrl}", "");
    }

    /** {@code length} pseudo-random bytes, made as they are read: no zero pages, no memory held. */
    static final class RandomBytes extends InputStream {
        private final Random random = new Random(18);
        private long left;

        RandomBytes(long length) {
            this.left = length;
        }

        @Override
        public int read() {
            if (left <= 0) {
                return -1;
            }
            left--;
            return random.nextInt(256);
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            byte[] chunk = new byte[n];
            random.nextBytes(chunk);
            System.arraycopy(chunk, 0, b, off, n);
            left -= n;
            return n;
        }
    }

    private static final class CountingSink extends OutputStream {
        private long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
