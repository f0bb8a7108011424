package io.hurdvm.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attach clients on a real QEMU guest: GRUB running an echo loop on COM1 (built here with grub-mkrescue).
 * Both clients see the same output; what one types reaches the guest, which answers both.
 */
class ConsoleAttachQemuIT {
    private static final Duration BOOT = Duration.ofSeconds(120);
    private static final Duration REPLY = Duration.ofSeconds(30);

    @TempDir(factory = ShortTempDir.class)
    static Path isoDir;
    private static Path iso;

    @TempDir(factory = ShortTempDir.class)
    Path dir;

    private ConsoleStack stack;
    private SerialHub hub;
    private QemuSerialGuest qemu;

    @BeforeAll
    static void buildGuest() throws Exception {
        assumeTrue(QemuSerialGuest.qemuInstalled(), "qemu-system-x86_64 not installed (apt-get install qemu-system-x86)");
        String missing = GrubEchoIso.missingTools();
        assumeTrue(missing == null, "cannot build the GRUB echo guest: " + missing);
        iso = GrubEchoIso.build(isoDir);
    }

    @BeforeEach
    void boot() throws Exception {
        stack = ConsoleStack.withAttachServer(dir);
        hub = stack.hub();
        qemu = QemuSerialGuest.bootCdrom(iso, stack.serialSocket(), dir);
        hub.connect(qemu.started(), Duration.ofSeconds(10), qemu::isAlive);
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            stack.close();
        } finally {
            qemu.close();
        }
    }

    @Test
    void twoClients_seeTheSameGuestAndEitherCanTypeToIt() throws Exception {
        AttachedClient a = AttachedClient.attach(stack.consoleSocket());
        AttachedClient b = AttachedClient.attach(stack.consoleSocket());
        // History on attach means neither misses the prompt, whenever it attached.
        assertThat(a.output().await(Pattern.quote(GrubEchoIso.PROMPT), BOOT)).as("prompt, console: %s", lastLines()).isTrue();
        assertThat(b.output().await(Pattern.quote(GrubEchoIso.PROMPT), BOOT)).isTrue();

        a.input().type("hello\r");
        assertThat(a.output().await("hvecho got \\[hello\\]", REPLY)).as("console: %s", lastLines()).isTrue();
        assertThat(b.output().await("hvecho got \\[hello\\]", REPLY)).isTrue();

        b.input().type("from-b\r");
        assertThat(a.output().await("hvecho got \\[from-b\\]", REPLY)).isTrue();

        assertThat(b.detach()).isEqualTo(ConsoleAttachClient.Ending.DETACHED);
        a.input().type("still-here\r");
        assertThat(a.output().await("hvecho got \\[still-here\\]", REPLY)).isTrue();
        assertThat(hub.buffer().awaitPattern(Pattern.compile("got \\[still-here\\]"), Instant.now())).isTrue();
        assertThat(Files.readString(stack.consoleLog())).contains("hvecho got [hello]", "hvecho got [still-here]");
        assertThat(a.detach()).isEqualTo(ConsoleAttachClient.Ending.DETACHED);
    }

    @Test
    void inProcessSend_reachesTheGuestLikeTyping() throws Exception {
        assertThat(hub.buffer().awaitPattern(Pattern.compile(Pattern.quote(GrubEchoIso.PROMPT)), Instant.now().plus(BOOT))).isTrue();
        hub.send("direct\r".getBytes());
        Pattern answerThenPrompt = Pattern.compile("hvecho got \\[direct\\]\\s+" + Pattern.quote(GrubEchoIso.PROMPT));
        assertThat(hub.buffer().awaitPattern(answerThenPrompt, Instant.now().plus(REPLY))).isTrue();
        assertThat(hub.buffer().lastLines(2)).containsExactly("hvecho got [direct]", GrubEchoIso.PROMPT);
    }

    private String lastLines() {
        return String.join(" | ", hub.buffer().lastLines(10)) + " / qemu: " + safeStderr();
    }

    private String safeStderr() {
        try {
            return qemu.stderr();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
