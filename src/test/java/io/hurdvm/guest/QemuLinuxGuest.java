package io.hurdvm.guest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The small Linux test guest (built by guests/build-linux-guest.sh) booted under QEMU/TCG on a qcow2
 * overlay, its serial port on a Unix socket, SSH forwarded to a loopback port. Everything the guest
 * prints on the serial port is also logged raw by QEMU, so tests can check what really crossed it.
 */
final class QemuLinuxGuest implements AutoCloseable {
    private final Process qemu;
    private final Path serialSocket;
    private final Path rawConsoleLog;
    private final int sshPort;

    private QemuLinuxGuest(Process qemu, Path serialSocket, Path rawConsoleLog, int sshPort) {
        this.qemu = qemu;
        this.serialSocket = serialSocket;
        this.rawConsoleLog = rawConsoleLog;
        this.sshPort = sshPort;
    }

    /** The image, if it has been built: {@code $HURDVM_GUEST_CACHE/linux-guest.qcow2}. */
    static Optional<Path> image() {
        String cache = System.getenv().getOrDefault("HURDVM_GUEST_CACHE", ".cache/guests");
        Path image = Path.of(cache, "linux-guest.qcow2").toAbsolutePath();
        return Files.isRegularFile(image) ? Optional.of(image) : Optional.empty();
    }

    /** Boots {@code image} with its overlay and logs in {@code workDir}, the serial socket in {@code socketDir}. */
    static QemuLinuxGuest boot(Path image, Path workDir, Path socketDir) throws IOException, InterruptedException {
        Path overlay = workDir.resolve("overlay.qcow2");
        Process img = new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", image.toString(),
                overlay.toString()).redirectErrorStream(true).redirectOutput(workDir.resolve("qemu-img.log").toFile()).start();
        if (!img.waitFor(60, TimeUnit.SECONDS) || img.exitValue() != 0) {
            img.destroyForcibly();
            throw new IOException("qemu-img create failed; see " + workDir.resolve("qemu-img.log"));
        }
        int port = freeLoopbackPort();
        Path socket = socketDir.resolve("s.sock");
        Path rawLog = workDir.resolve("console-raw.log");
        Process qemu = new ProcessBuilder(List.of("qemu-system-x86_64", "-accel", "tcg", "-machine", "q35", "-m", "512",
                "-nodefaults", "-display", "none",
                "-drive", "if=none,id=d0,file=" + overlay + ",format=qcow2",
                "-device", "ahci,id=ahci", "-device", "ide-hd,drive=d0,bus=ahci.0",
                "-netdev", "user,id=n0,hostfwd=tcp:127.0.0.1:" + port + "-:22", "-device", "e1000,netdev=n0",
                "-chardev", "socket,id=s0,path=" + socket + ",server=on,wait=off,logfile=" + rawLog,
                "-serial", "chardev:s0"))
                .redirectErrorStream(true).redirectOutput(workDir.resolve("qemu.log").toFile()).start();
        return new QemuLinuxGuest(qemu, socket, rawLog, port);
    }

    /** Bound then released: QEMU binds it right after; good enough for a test on loopback. */
    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    Path serialSocket() {
        return serialSocket;
    }

    Path rawConsoleLog() {
        return rawConsoleLog;
    }

    int sshPort() {
        return sshPort;
    }

    boolean isAlive() {
        return qemu.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        qemu.destroy();
        if (!qemu.waitFor(15, TimeUnit.SECONDS)) {
            qemu.destroyForcibly();
            qemu.waitFor(15, TimeUnit.SECONDS);
        }
    }
}
