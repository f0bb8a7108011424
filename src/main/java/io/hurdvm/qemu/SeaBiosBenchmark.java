package io.hurdvm.qemu;

import io.hurdvm.proc.ChildEnvironment;
import io.hurdvm.vm.Accel;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The workload is SeaBIOS's whole power-on self test on a diskless q35: QEMU starts, SeaBIOS inits
 * PCI/ACPI/AHCI, finds nothing to boot and prints {@value #MILESTONE} to its debug port (0x402),
 * which QEMU writes to stdout. Same firmware, same machine, same CPU model as real VMs: only the
 * accelerator differs. Measured on the development host (nested KVM, 2 cores): TCG 0.2-0.35 s,
 * KVM 9.8 s.
 */
public final class SeaBiosBenchmark implements AccelBenchmark {
    static final String MILESTONE = "No bootable device";
    private final String binary;
    private final QemuCommandBuilder argv;

    public SeaBiosBenchmark(String binary) {
        this.binary = binary;
        this.argv = new QemuCommandBuilder(binary, false);
    }

    @Override
    public BenchmarkRun run(Accel accel, Duration deadline) {
        long start = System.nanoTime();
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(argv.buildAccelProbe(accel)).redirectInput(new File("/dev/null"));
            ChildEnvironment.restrict(builder.environment());
            process = builder.start();
        } catch (IOException e) {
            throw new CommandFailedException("cannot run `" + binary + "` for the accel probe: " + e.getMessage(), e);
        }
        CompletableFuture<Long> milestone = watchForMilestone(process);
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> lastLine(process), Thread::startVirtualThread);
        try {
            long reachedAt = milestone.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
            return BenchmarkRun.finished(Duration.ofNanos(reachedAt - start), deadline);
        } catch (TimeoutException e) {
            return BenchmarkRun.timedOut(deadline);
        } catch (ExecutionException e) {
            // stdout ended without the milestone: QEMU exited; its stderr says why. Read before
            // destroyForcibly() (in finally), which closes the stream under a reader still at it.
            return BenchmarkRun.failed(deadline, stderr.completeOnTimeout("exited early", 5, TimeUnit.SECONDS).join());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return BenchmarkRun.timedOut(deadline);
        } finally {
            process.destroyForcibly();
            awaitExit(process);
        }
    }

    /** Completes with System.nanoTime() when the milestone line appears; fails if stdout ends first. */
    private static CompletableFuture<Long> watchForMilestone(Process process) {
        CompletableFuture<Long> reached = new CompletableFuture<>();
        Thread.startVirtualThread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.contains(MILESTONE)) {
                        reached.complete(System.nanoTime());
                        return;
                    }
                }
            } catch (IOException e) {
                // stream closed because we killed QEMU: fall through
            }
            reached.completeExceptionally(new IllegalStateException("QEMU output ended before '" + MILESTONE + "'"));
        });
        return reached;
    }

    private static String lastLine(Process process) {
        try {
            List<String> lines = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)
                    .lines().filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "QEMU exited without a message" : lines.getLast().strip();
        } catch (IOException e) {
            return "QEMU exited (stderr unreadable: " + e.getMessage() + ")";
        }
    }

    private static void awaitExit(Process process) {
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
