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

    private void assertRejected(HurdvmProcess.Result r, String expected) {
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr().strip()).startsWith("hurdvm: ").contains(expected);
        assertThat(r.stderr().strip().lines().count()).as("one line: " + r.stderr()).isEqualTo(1);
        assertThat(r.stdout()).isEmpty();
        assertThat(hv.home().resolve("instances")).satisfiesAnyOf(
                p -> assertThat(Files.exists(p)).isFalse(),
                p -> assertThat(Files.list(p).toList()).isEmpty());
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
        Path text = hv.home().resolve("notes.img");
        Files.writeString(text, "this is not a disk\n".repeat(100));
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
