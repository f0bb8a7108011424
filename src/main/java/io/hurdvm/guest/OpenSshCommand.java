package io.hurdvm.guest;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code hurdvm ssh NAME -- CMD} through the system's OpenSSH client: it connects in about a tenth
 * of the time a fresh JVM needs to load and warm Apache MINA SSHD (measured in bench/loop). Only
 * files and non-secret settings reach its argv: the key is the instance's key file, the host key
 * is checked against the instance's known_hosts (the pin hurdvm made, never a new one: see
 * {@link #usable}), and no user or system ssh_config is read ({@code -F /dev/null}).
 */
public record OpenSshCommand(Path client, SshConfigBlock block) {
    /** The extra options: never ask (no terminal prompts), quiet, and hurdvm's known_hosts left as it is. */
    static final List<String> FIXED = List.of("BatchMode yes", "LogLevel ERROR", "ConnectTimeout 15",
            "GlobalKnownHostsFile /dev/null", "UpdateHostKeys no", "ControlMaster no", "ControlPath none",
            "ForwardAgent no", "ForwardX11 no", "ClearAllForwardings yes");

    public OpenSshCommand {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(block, "block");
    }

    /**
     * The {@code ssh} on PATH, if any. {@code HURDVM_SSH_CLIENT=mina} chooses the built-in client
     * (as does a missing {@code ssh}).
     */
    public static Optional<Path> findClient(Map<String, String> env) {
        if ("mina".equalsIgnoreCase(env.getOrDefault("HURDVM_SSH_CLIENT", ""))) {
            return Optional.empty();
        }
        for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "ssh");
            if (!dir.isEmpty() && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * OpenSSH only checks against a pinned key; pinning on first contact (trust on first use) is
     * hurdvm's own, so until a key is pinned the built-in client connects.
     */
    public static boolean usable(SshConfigBlock block) {
        return !new KnownHostsFile(block.knownHosts()).keysFor(block.hostName()).isEmpty();
    }

    /** The argv that runs {@code userCommand} (as typed after {@code --}) in the guest. */
    public List<String> argv(String userCommand) {
        List<String> argv = new ArrayList<>(argvBeforeCommand());
        argv.add(remoteCommand(userCommand));
        return argv;
    }

    /** {@link #argv} without its last word, the remote command. */
    public List<String> argvBeforeCommand() {
        List<String> argv = new ArrayList<>(List.of(client.toString(), "-F", "/dev/null", "-T"));
        for (String option : block.options()) {
            argv.add("-o");
            argv.add(option);
        }
        for (String option : FIXED) {
            argv.add("-o");
            argv.add(option);
        }
        // "--" first: neither the host nor the command can be read as an option of ssh.
        argv.addAll(List.of("--", block.hostName()));
        return argv;
    }

    /**
     * OpenSSH reports a remote command that a signal ended as 255, like its own failures; hurdvm's
     * contract is 128+n (as MINA reads it from the exit-signal message). So the command runs in a
     * child shell of the guest's shell, which waits and exits with the shell's 128+n; the child is
     * a shell too, so {@code $$} and {@code exit} in the command mean what they did before. The
     * waiting shell's own stderr goes to /dev/null (the child takes the real one back from fd 3): its
     * report of a killed child ("bash: line 1: 207 Killed ...") would be noise the user never had.
     */
    public static String remoteCommand(String userCommand) {
        return "exec 3>&2 2>/dev/null; \"${SHELL:-/bin/sh}\" -c " + ShellQuoting.quote("exec 2>&3 3>&-; " + userCommand) + "; exit $?";
    }
}
