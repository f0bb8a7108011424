package io.hurdvm.instance;

import io.hurdvm.env.HostEnvironment;
import io.hurdvm.proc.PrivateDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where one instance keeps its files. Sockets live in the instance folder when their paths fit in
 * a {@code sockaddr_un} (107 usable bytes); otherwise in a short per-instance folder under
 * {@code /tmp/hurdvm-<uid>/} (or {@code $HURDVM_RUNTIME_DIR}), named by a hash of the instance folder
 * so every process finds the same one. That folder is in a shared place: {@link #ensureSocketDir()}
 * creates it 0700 and refuses one that someone else made.
 */
public record InstancePaths(Path dir, Path socketDir) {
    /** sun_path is 108 bytes including the terminating NUL. */
    public static final int MAX_SOCKET_PATH = 107;
    private static final String LONGEST_SOCKET_NAME = "control.sock";

    /** With the default runtime folder ({@code /tmp/hurdvm-<uid>}) for sockets that do not fit. */
    public static InstancePaths forDir(Path dir) {
        return forDir(dir, runtimeBase(HostEnvironment.empty()));
    }

    /** @param runtimeBase where sockets go when their path in {@code dir} is too long ({@link #runtimeBase}) */
    public static InstancePaths forDir(Path dir, Path runtimeBase) {
        Path abs = dir.toAbsolutePath().normalize();
        Path socketDir = fits(abs) ? abs : runtimeBase.resolve(sha256(abs.toString()).substring(0, 16));
        return new InstancePaths(abs, socketDir);
    }

    private static boolean fits(Path dir) {
        return socketPathFits(dir.resolve(LONGEST_SOCKET_NAME));
    }

    /** Whether {@code socket} fits a Unix socket address ({@link #MAX_SOCKET_PATH} bytes). */
    public static boolean socketPathFits(Path socket) {
        return socket.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH;
    }

    /** The per-user folder for sockets whose instance path is too long; a setting, not the caller's session. */
    public static Path runtimeBase(HostEnvironment env) {
        return env.runtimeDir().orElseGet(() -> Path.of("/tmp", "hurdvm-" + PrivateDirectory.currentUid()));
    }

    /** Creates the socket folder if needed; a fallback folder in a shared place must be ours alone. */
    public Path ensureSocketDir() {
        if (socketDir.equals(dir)) {
            return socketDir;
        }
        PrivateDirectory.ensureInSharedPlace(socketDir.getParent());
        return PrivateDirectory.ensureInSharedPlace(socketDir);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String name() { return dir.getFileName().toString(); }

    /** The instance's own settings, as resolved at creation and updated by later {@code up} flags. */
    public Path specFile() { return dir.resolve("spec.json"); }
    /** Written by the supervisor only; the single source of truth for lifecycle state. */
    public Path stateFile() { return dir.resolve("state.json"); }
    public Path disk() { return dir.resolve("disk.qcow2"); }
    public Path consoleLog() { return dir.resolve("console.log"); }
    public Path supervisorLog() { return dir.resolve("supervisor.log"); }
    public Path supervisorPid() { return dir.resolve("supervisor.pid"); }
    public Path secretsDir() { return dir.resolve("secrets"); }
    public Path knownHosts() { return dir.resolve("known_hosts"); }
    /** The OpenSSH argv of {@code hurdvm ssh} for the current supervisor, which the launcher runs without a JVM. */
    public Path sshFastPath() { return dir.resolve("ssh-fast"); }
    /** The user's provision scripts, in order ({@link ProvisionPlan}). */
    public Path provisionPlan() { return dir.resolve("provision.json"); }
    /** Present while {@code up --reprovision} asks for every script to run again. */
    public Path reprovisionRequest() { return dir.resolve("provision.rerun"); }
    /** Console provisioning transcripts and the output of the user's provision scripts. */
    public Path provisioningLog() { return dir.resolve("provisioning.log"); }
    /**
     * Files QEMU opens after it started (a backup's target image, a migration socket): owned by the
     * user QEMU runs as, which cannot open anything elsewhere in the instance folder.
     */
    public Path qemuWorkDir() { return dir.resolve("qemu"); }

    /** QEMU's QMP server socket; only the supervisor connects to it. */
    public Path qmpSocket() { return socketDir.resolve("qmp.sock"); }
    /** QEMU's serial port (COM1) as a socket; only the supervisor connects to it. */
    public Path serialSocket() { return socketDir.resolve("serial.sock"); }
    /** Supervisor's attach point for {@code hurdvm console}: fans the serial port out to clients. */
    public Path consoleSocket() { return socketDir.resolve("console.sock"); }
    /** Supervisor's control socket (line-delimited JSON requests). */
    public Path controlSocket() { return socketDir.resolve("control.sock"); }
    /** VNC display, when enabled: a Unix socket, never a TCP port. */
    public Path vncSocket() { return socketDir.resolve("vnc.sock"); }
}
