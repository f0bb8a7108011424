package io.hurdvm.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input: one line on stderr, a non-zero exit, and nothing created. */
class BadInputIT {
    private HurdvmProcess hv;

    @BeforeEach
    void setUp() throws IOException {
        hv = new HurdvmProcess();
    }

    @AfterEach
    void tearDown() throws IOException {
        hv.close();
    }

    private void assertRejected(HurdvmProcess.Result r, String expected) throws IOException {
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr().strip()).startsWith("hurdvm: ").contains(expected);
        assertThat(r.stderr().strip().lines().count()).as("one line: " + r.stderr()).isEqualTo(1);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).doesNotContain("Exception").doesNotContain("Usage:");
        assertNothingCreated();
    }

    /** No instance, disk, secret or any other file under HURDVM_HOME. */
    private void assertNothingCreated() throws IOException {
        assertThat(hv.home().resolve("instances")).satisfiesAnyOf(
                p -> assertThat(Files.exists(p)).isFalse(),
                p -> assertThat(Files.list(p).toList()).isEmpty());
        try (var files = Files.walk(hv.home())) {
            assertThat(files.filter(Files::isRegularFile).toList()).as("files under HURDVM_HOME").isEmpty();
        }
    }

    private String[] up(String... more) {
        String[] args = new String[more.length + 6];
        System.arraycopy(new String[] {"up", "a", "--image", TestGuests.linuxGuest().toString(), "--memory", "512"}, 0, args, 0, 6);
        System.arraycopy(more, 0, args, 6, more.length);
        return args;
    }

    /** A file outside HURDVM_HOME (which must stay empty), removed when the test JVM exits. */
    private static Path outsideHome(String name, String content) throws IOException {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "hvin");
        dir.toFile().deleteOnExit();
        Path f = Files.writeString(dir.resolve(name), content);
        f.toFile().deleteOnExit();
        return f;
    }

    private static Path yaml(String content) throws IOException {
        return outsideHome("settings.yaml", content);
    }

    @Test
    void absurdTimeout_isRefusedBeforeAnythingBoots() throws Exception {
        assertRejected(hv.run(up("--timeout", "999999999999999h")), "invalid --timeout '999999999999999h': at most 7d is allowed");
    }

    @Test
    void diskSizeThatWouldWrap_isRefused() throws Exception {
        assertRejected(hv.run(up("--disk-size", "16777216T")), "invalid --disk-size '16777216T': at most 64.0 TiB is allowed");
    }

    @Test
    void sshBindThatIsNoAddress_isRefusedBeforeCreation() throws Exception {
        assertRejected(hv.run(up("--config", yaml("ssh-bind: 999.999.999.999\n").toString())),
                "invalid ssh-bind '999.999.999.999'");
    }

    @Test
    void sshBindThatIsNotThisHostsAddress_isRefusedBeforeCreation() throws Exception {
        // 192.0.2.0/24 is TEST-NET-1: documentation only, never assigned to a host
        assertRejected(hv.run(up("--config", yaml("ssh-bind: 192.0.2.1\n").toString())), "is not an address of this host");
    }

    @Test
    void configThatIsADevice_saysSo() throws Exception {
        assertRejected(hv.run(up("--config", "/dev/null")), "config file /dev/null is not a regular file");
    }

    @Test
    void configThatIsADirectory_saysSo() throws Exception {
        assertRejected(hv.run(up("--config", "/tmp")), "config file /tmp is a directory");
    }

    @Test
    void unknownOutputFormat_isOneLineWithWhereHelpIs() throws Exception {
        assertRejected(hv.run("up", "a", "-o", "xml"), "but was 'xml'; see 'hurdvm up --help'");
    }

    @Test
    void missingName_isOneLineWithWhereHelpIs() throws Exception {
        assertRejected(hv.run("up", "--image", TestGuests.linuxGuest().toString()),
                "missing required parameter: 'NAME'; see 'hurdvm up --help'");
    }

    @Test
    void nameStartingWithADash_isOneLine() throws Exception {
        assertRejected(hv.run("up", "-vm", "--image", TestGuests.linuxGuest().toString()),
                "unknown option '-vm' (instance names start with a letter or digit)");
        assertRejected(hv.run("up", "--image", TestGuests.linuxGuest().toString(), "--", "-vm"), "invalid instance name '-vm'");
    }

    @Test
    void imagePullFromARefusedPort_isOneLineInWords_exit1_andLeavesNothing() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        var r = hv.run("image", "pull", "http://127.0.0.1:" + port + "/hurd.img", "--sha256", "0".repeat(64));
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stderr()).isEqualTo("hurdvm: cannot connect to 127.0.0.1:" + port + " (connection refused)\n");
        assertNothingCreated();
    }

    @Test
    void monitorCommandsHmpDoesNotKnow_exitNonZeroWithOneLine() throws Exception {
        var up = hv.run("up", "vm", "--image", TestGuests.linuxGuest().toString(), "--memory", "512", "--wait", "none");
        assertThat(up.exitCode()).as(up.all()).isZero();
        try {
            var unknown = hv.run("monitor", "vm", "info bogus");
            assertThat(unknown.exitCode()).as(unknown.all()).isEqualTo(2);
            assertThat(unknown.stderr()).isEqualTo("hurdvm: unknown monitor command 'info bogus': 'help' lists them\n");
            assertThat(unknown.stdout()).isEmpty();
            var badArgs = hv.run("monitor", "vm", "block_resize");
            assertThat(badArgs.exitCode()).isEqualTo(2);
            assertThat(badArgs.stderr()).isEqualTo("hurdvm: block_resize: block device name expected (see 'help block_resize')\n");
            var error = hv.run("monitor", "vm", "snapshot_blkdev nodisk /tmp/x");
            assertThat(error.exitCode()).as(error.all()).isEqualTo(1);
            assertThat(error.stderr().lines().count()).isEqualTo(1);
            var fine = hv.run("monitor", "vm", "info status");
            assertThat(fine.exitCode()).isZero();
            assertThat(fine.stdout()).startsWith("VM status: ").doesNotContain("\r");
        } finally {
            hv.run("down", "vm", "--force");
        }
    }

    @Test
    void missingImage() throws Exception {
        assertRejected(hv.run("up", "a", "--image", "/nonexistent/hurd.img"), "does not exist");
    }

    @Test
    void missingImageFlag() throws Exception {
        assertRejected(hv.run("up", "a"), "--image is required");
    }

    @Test
    void fileThatIsNotADiskImage() throws Exception {
        Path text = outsideHome("notes.img", "this is not a disk\n".repeat(100));
        assertRejected(hv.run("up", "a", "--image", text.toString()), "is not a disk image");
    }

    @Test
    void memoryThatIsNotANumber() throws Exception {
        assertRejected(hv.run("up", "a", "--image", TestGuests.linuxGuest().toString(), "--memory", "abc"), "--memory 'abc'");
    }

    @Test
    void zeroCpus() throws Exception {
        assertRejected(hv.run("up", "a", "--image", TestGuests.linuxGuest().toString(), "--cpus", "0"), "--cpus 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "..", "../etc", "x..y"})
    void namesWithPathCharacters(String name) throws Exception {
        assertRejected(hv.run("up", name, "--image", TestGuests.linuxGuest().toString()), "invalid instance name");
    }

    @Test
    void busySshPort() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertRejected(hv.run("up", "a", "--image", TestGuests.linuxGuest().toString(), "--ssh-port",
                    String.valueOf(busy.getLocalPort())), "already in use");
        }
    }

    @Test
    void i440fxWithTooMuchMemory_explainsRumpdisk() throws Exception {
        assertRejected(hv.run("up", "a", "--image", TestGuests.linuxGuest().toString(), "--profile", "i440fx-ide",
                "--memory", "4096"), "rumpdisk");
    }

    @Test
    void guestBiggerThanTheMemoryLimit_isRefusedBeforeQemuStarts() throws Exception {
        hv.env("HURDVM_MEMORY_LIMIT_MIB", "512");
        assertRejected(hv.run("up", "a", "--image", TestGuests.linuxGuest().toString(), "--memory", "1024"),
                "QEMU overhead");
    }

    @Test
    void unknownInstance_isNotFound() throws Exception {
        var r = hv.run("status", "ghost");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stderr()).contains("no instance named 'ghost'");
    }
}
