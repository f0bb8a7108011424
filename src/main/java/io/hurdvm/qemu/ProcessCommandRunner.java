package io.hurdvm.qemu;

import io.hurdvm.proc.ChildEnvironment;
import io.hurdvm.proc.PrivateFilesCommand;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** {@link CommandRunner} on {@link ProcessBuilder}: stdin is /dev/null, both outputs are captured. */
public final class ProcessCommandRunner implements CommandRunner {
    @Override
    public CommandResult run(List<String> argv, Duration timeout) {
        return run(argv, timeout, line -> { });
    }

    @Override
    public CommandResult run(List<String> argv, Duration timeout, Consumer<String> stdoutLines) {
        String shown = String.join(" ", argv);
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(PrivateFilesCommand.of(argv)).redirectInput(new File("/dev/null"));
            ChildEnvironment.restrict(builder.environment());
            process = builder.start();
        } catch (IOException e) {
            throw new CommandFailedException("cannot run `" + shown + "`: " + e.getMessage(), e);
        }
        // Both pipes are drained concurrently so a chatty command cannot block on a full pipe.
        CompletableFuture<String> out = drain(process.getInputStream(), stdoutLines);
        CompletableFuture<String> err = drain(process.getErrorStream(), line -> { });
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new CommandFailedException("`" + shown + "` did not finish within " + timeout.toMillis()
                        + " ms and was killed", (Throwable) null);
            }
            CommandResult result = new CommandResult(argv, process.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS));
            if (PrivateFilesCommand.programNotFound(result.exitCode(), result.stderr())) {
                throw new CommandFailedException("cannot run `" + shown + "`: " + argv.getFirst() + " not found", (Throwable) null);
            }
            return result;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CommandFailedException("interrupted while running `" + shown + "`", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new CommandFailedException("cannot read the output of `" + shown + "`: " + e.getMessage(), e);
        }
    }

    /** Reads {@code stream} to its end, passing on each line as it completes; returns all of it. */
    private static CompletableFuture<String> drain(InputStream stream, Consumer<String> lines) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            try (stream) {
                byte[] buffer = new byte[8192];
                for (int n; (n = stream.read(buffer)) >= 0; ) {
                    all.write(buffer, 0, n);
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\r' || buffer[i] == '\n') {
                            lines.accept(line.toString(StandardCharsets.UTF_8));
                            line.reset();
                        } else {
                            line.write(buffer[i]);
                        }
                    }
                }
                if (line.size() > 0) {
                    lines.accept(line.toString(StandardCharsets.UTF_8));
                }
                result.complete(all.toString(StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }
}
