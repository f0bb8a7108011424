package io.hurdvm.guest;

import io.hurdvm.vm.ProvisionScript;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs the user's provision scripts in the guest over one SSH session, in order, each at most once
 * per content: a script whose marker exists in the guest is skipped unless every script is to run
 * again. The first failing script ends the pass; its exit status and last lines are the result.
 */
public final class ProvisionRunner {
    /** A script may install packages over a slow emulated network, but not hang for ever. */
    static final Duration SCRIPT_TIMEOUT = Duration.ofHours(1);
    private static final Duration STEP = Duration.ofSeconds(60);

    /** Where the scripts' output is appended: the instance's provisioning log. */
    @FunctionalInterface
    public interface LogSink {
        void append(byte[] data, int offset, int length) throws IOException;
    }

    /**
     * @param summaries one line per script, in order, e.g. {@code setup.sh: ran in 3.1s}
     * @param failure   the script that failed, if one did
     */
    public record Outcome(List<String> summaries, Optional<Failure> failure) {
        public Outcome {
            summaries = List.copyOf(summaries);
        }
    }

    /**
     * @param exitCode the script's exit status (128+n after signal n), or null when it did not finish
     * @param message  one line: which script, and how it failed
     */
    public record Failure(String script, Integer exitCode, String message, List<String> outputTail) {
        public Failure {
            outputTail = List.copyOf(outputTail);
        }
    }

    private final GuestSsh ssh;
    private final LogSink log;
    private final Clock clock;

    public ProvisionRunner(GuestSsh ssh, LogSink log, Clock clock) {
        this.ssh = ssh;
        this.log = log;
        this.clock = clock;
    }

    /** @param progress told as each script starts, e.g. {@code running provision script setup.sh (1/2)} */
    public Outcome run(List<ProvisionScript> scripts, boolean rerunAll, Consumer<String> progress) throws IOException {
        List<String> summaries = new ArrayList<>();
        for (int i = 0; i < scripts.size(); i++) {
            ProvisionScript s = scripts.get(i);
            if (!rerunAll && ssh.run(ProvisionScriptCommands.hasRun(s), STEP) == 0) {
                summaries.add(s.name() + ": unchanged since it ran, skipped");
                continue;
            }
            progress.accept("running provision script " + s.name() + " (" + (i + 1) + "/" + scripts.size() + ")");
            Optional<Failure> failed = runOne(s, summaries);
            if (failed.isPresent()) {
                for (ProvisionScript rest : scripts.subList(i + 1, scripts.size())) {
                    summaries.add(rest.name() + ": not run (" + s.name() + " failed)");
                }
                return new Outcome(summaries, failed);
            }
        }
        return new Outcome(summaries, Optional.empty());
    }

    private Optional<Failure> runOne(ProvisionScript s, List<String> summaries) throws IOException {
        ScriptOutput output = new ScriptOutput(log);
        note("== provision script " + s.name() + " (sha256 " + s.shortHash() + ") started " + clock.instant());
        Instant start = clock.instant();
        int upload = ssh.exec(ProvisionScriptCommands.upload(s), new ByteArrayInputStream(s.content().getBytes(StandardCharsets.UTF_8)),
                OutputStream.nullOutputStream(), output, STEP);
        if (upload != 0) {
            return failed(s, summaries, null, "could not copy " + s.name() + " into the guest (exit " + upload + ")", output);
        }
        int status;
        try {
            status = ssh.exec(ProvisionScriptCommands.run(s), null, output, output, SCRIPT_TIMEOUT);
        } catch (GuestSshException e) {
            note("== " + s.name() + ": did not finish: " + e.getMessage());
            return failed(s, summaries, null, "provision script " + s.name() + " did not finish: " + e.getMessage(), output);
        }
        String took = seconds(Duration.between(start, clock.instant()));
        note("== " + s.name() + ": exit " + status + " after " + took);
        if (status != 0) {
            summaries.add(s.name() + ": FAILED with exit code " + status + " after " + took);
            return Optional.of(new Failure(s.name(), status, "provision script " + s.name() + " failed with exit code " + status,
                    output.lastLines()));
        }
        int marked = ssh.exec(ProvisionScriptCommands.markRun(s), null, OutputStream.nullOutputStream(), output, STEP);
        if (marked != 0) {
            return failed(s, summaries, null, s.name() + " ran, but its marker could not be written in "
                    + ProvisionScriptCommands.DIR + " (exit " + marked + ")", output);
        }
        summaries.add(s.name() + ": ran in " + took);
        return Optional.empty();
    }

    private static Optional<Failure> failed(ProvisionScript s, List<String> summaries, Integer code, String message, ScriptOutput output) {
        summaries.add(s.name() + ": FAILED (" + message + ")");
        return Optional.of(new Failure(s.name(), code, message, output.lastLines()));
    }

    private void note(String line) throws IOException {
        byte[] b = ("\n" + line + "\n").getBytes(StandardCharsets.UTF_8);
        log.append(b, 0, b.length);
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }

}
