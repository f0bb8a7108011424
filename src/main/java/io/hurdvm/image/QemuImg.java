package io.hurdvm.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs {@code qemu-img} with a deadline; a failure's message carries qemu-img's own stderr. */
public final class QemuImg {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String executable;

    public QemuImg() {
        this("qemu-img");
    }

    public QemuImg(String executable) {
        this.executable = executable;
    }

    /** {@code qemu-img info} as JSON, without taking the image lock ({@code -U}): a running VM may hold it. */
    public JsonNode info(Path image, boolean backingChain) {
        List<String> args = new ArrayList<>(List.of("info", "-U", "--output=json"));
        if (backingChain) {
            args.add("--backing-chain");
        }
        args.add(image.toString());
        try {
            return JSON.readTree(run(args, Duration.ofSeconds(30), line -> { }));
        } catch (IOException e) {
            throw ImageException.io("qemu-img info " + image + " printed unreadable JSON: " + e.getMessage(), e);
        }
    }

    /** A qcow2 overlay backed by {@code base}: the base is never written, the overlay holds changes. */
    public void createOverlay(Path base, Path overlay) {
        run(List.of("create", "-q", "-f", "qcow2", "-b", base.toAbsolutePath().toString(), "-F", "qcow2",
                overlay.toString()), Duration.ofSeconds(30), line -> { });
    }

    /**
     * Runs qemu-img; {@code stdoutLines} receives each stdout line as it comes ({@code \r} also ends
     * a line, as progress output uses it). Returns all of stdout.
     */
    public String run(List<String> args, Duration timeout, Consumer<String> stdoutLines) {
        List<String> cmd = new ArrayList<>(List.of(executable));
        cmd.addAll(args);
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            throw ImageException.io("cannot run " + executable + ": " + e.getMessage() + "; install qemu-utils", e);
        }
        // one thread per pipe: a shared pool could leave a pipe unread and qemu-img blocked writing to it
        ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();
        Future<String> err = readers.submit(() -> readAll(p.getErrorStream()));
        Future<String> out = readers.submit(() -> readLines(p.getInputStream(), stdoutLines));
        readers.shutdown();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw ImageException.io("qemu-img " + args.get(0) + " did not finish within " + timeout.toMinutes()
                        + " min and was stopped", null);
            }
            String stderr = err.get(10, TimeUnit.SECONDS).strip();
            if (p.exitValue() != 0) {
                String reason = stderr.isEmpty() ? "exit code " + p.exitValue() : stderr.replace('\n', ' ');
                throw ImageException.isDiskFull(reason)
                        ? ImageException.writeFailed("running qemu-img " + args.get(0), new IOException(reason))
                        : ImageException.io("qemu-img " + args.get(0) + " failed: " + reason, null);
            }
            return out.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw ImageException.io("interrupted while qemu-img " + args.get(0) + " ran", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw ImageException.io("cannot read qemu-img's output: " + e.getMessage(), e);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readLines(InputStream in, Consumer<String> lines) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try (in) {
            for (int b; (b = in.read()) >= 0; ) {
                all.write(b);
                if (b == '\r' || b == '\n') {
                    lines.accept(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all.toString(StandardCharsets.UTF_8);
    }
}
