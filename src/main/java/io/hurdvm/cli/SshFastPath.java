package io.hurdvm.cli;

import io.hurdvm.guest.OpenSshCommand;
import io.hurdvm.instance.InstanceView;
import io.hurdvm.proc.ProcStat;
import io.hurdvm.secret.OwnerOnlyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The file the {@code hurdvm} launcher reads to run {@code hurdvm ssh NAME -- CMD} without a JVM
 * (a JVM start was about two thirds of that command's time, issue 14): the OpenSSH argv this class
 * made for the instance's current supervisor, written by the first {@code hurdvm ssh} through
 * OpenSSH. The launcher uses it only while that very supervisor runs (its pid and its start in clock
 * ticks since boot, so a reused pid does not match), the file is its own user's, and {@code ssh}
 * on PATH is still the recorded client; anything else goes the normal way, which writes it anew. A
 * supervisor keeps its SSH port for its whole life (supervisor.Supervisor chooses it once), so a
 * file of a live supervisor cannot point at another VM.
 *
 * <p>Fields, each ended by a NUL byte: {@link #FORMAT}, the supervisor's pid, its start ticks, the
 * remote command's text before and after the user's command, then the argv up to the remote command.
 * The launcher joins the user's words with spaces and escapes {@code '} as {@code '\''} (inside
 * single quotes): {@link #of} checks that this gives exactly {@link OpenSshCommand#remoteCommand},
 * and writes nothing when it would not.
 */
final class SshFastPath {
    static final String FORMAT = "hurdvm-ssh-fast/1";
    private static final String MARK = "@HURDVM_COMMAND@";

    private SshFastPath() {
    }

    /**
     * The file's fields for {@code ssh}, run by supervisor {@code supervisorPid} started at
     * {@code startTicks}; empty when the launcher could not rebuild the remote command.
     */
    static Optional<List<String>> of(OpenSshCommand ssh, long supervisorPid, long startTicks) {
        String around = OpenSshCommand.remoteCommand(MARK);
        int at = around.indexOf(MARK);
        if (at < 0 || around.indexOf(MARK, at + 1) >= 0) {
            return Optional.empty();
        }
        String before = around.substring(0, at);
        String after = around.substring(at + MARK.length());
        String probe = "a 'b' \"c\" $d \\e";
        if (!OpenSshCommand.remoteCommand(probe).equals(before + probe.replace("'", "'\\''") + after)) {
            return Optional.empty();
        }
        List<String> fields = new ArrayList<>(List.of(FORMAT, Long.toString(supervisorPid), Long.toString(startTicks), before, after));
        fields.addAll(ssh.argvBeforeCommand());
        if (fields.stream().anyMatch(f -> f.indexOf('\0') >= 0)) {
            return Optional.empty();
        }
        return Optional.of(fields);
    }

    /**
     * Records {@code ssh} for the launcher when the instance's state is this supervisor's and its guest
     * answered over SSH in this run (so the port is this run's). Best effort: without the file the
     * launcher starts the JVM, as before.
     */
    static void record(Path file, RunningInstance vm, InstanceView view, OpenSshCommand ssh) {
        long pid = vm.supervisor().pid();
        if (!view.sshReady() || view.supervisorPid() != pid) {
            forget(file);
            return;
        }
        Optional<List<String>> fields = ProcStat.startTicks(pid).flatMap(ticks -> of(ssh, pid, ticks));
        if (fields.isEmpty()) {
            forget(file);
            return;
        }
        StringBuilder content = new StringBuilder();
        fields.get().forEach(f -> content.append(f).append('\0'));
        byte[] bytes = content.toString().getBytes(StandardCharsets.UTF_8);
        try {
            if (Files.isRegularFile(file) && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
                return;
            }
            OwnerOnlyFiles.writeAtomically(file, bytes);
        } catch (IOException | UncheckedIOException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the launcher checks the supervisor before it trusts the file
            }
        }
    }

    /** No fast path until the next {@code hurdvm ssh} through OpenSSH records one. */
    static void forget(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file + ": " + e.getMessage(), e);
        }
    }
}
