package io.hurdvm.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hurdvm.instance.JsonFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily loop of issue 18 on a guest that behaves like Debian GNU/Hurd where it matters (no SFTP:
 * scripts travel on the SSH exec channel): port forwards that answer from the host, settings changed
 * on an existing instance, provision scripts that run once per content. Each test shares its boots
 * between its assertions (a boot costs 20-40 s under load).
 */
class DevLoopIT {
    private static final Duration BOOT = Duration.ofMinutes(4);
    @TempDir Path dir;
    private HurdvmProcess hv;

    @BeforeEach
    void setUp() throws IOException {
        hv = new HurdvmProcess();
    }

    @AfterEach
    void tearDown() throws IOException {
        hv.close();
    }

    private static String image() {
        return TestGuests.linuxGuestHurdLike().toString();
    }

    @Test
    void forwards_busyPortRefusedBeforeCreation_guestServiceAnswersFromTheHost_andChangedMemoryAppliesAtTheNextStartOnly()
            throws Exception {
        int web;
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var busy = hv.run("up", "vm", "--image", image(), "--memory", "512", "--forward", taken.getLocalPort() + ":8000");
            assertThat(busy.exitCode()).as(busy.all()).isEqualTo(2);
            assertThat(busy.stderr().strip()).isEqualTo("hurdvm: forward 127.0.0.1:" + taken.getLocalPort() + ":8000/tcp: port "
                    + taken.getLocalPort() + "/tcp on 127.0.0.1 is already in use: choose another host port");
            assertThat(hv.instanceDir("vm")).doesNotExist();
        }
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            web = probe.getLocalPort();
        }

        var up = hv.run(BOOT, "up", "vm", "--image", image(), "--memory", "512", "--forward", web + ":8000", "--timeout", "200s");
        assertThat(up.exitCode()).as(up.all()).isZero();
        var serve = hv.run("ssh", "vm", "--", "mkdir -p /tmp/www && echo hello-through-the-forward > /tmp/www/index.html"
                + " && httpd -p 8000 -h /tmp/www");
        assertThat(serve.exitCode()).as(serve.all()).isZero();
        // QEMU accepts on the forwarded port at once and closes when nothing listens in the guest yet: retry until httpd answers.
        String page = Await.until("httpd's answer through the forward", Duration.ofSeconds(30), () -> httpGet(web),
                body -> body.contains("hello-through-the-forward"));
        assertThat(page).startsWith("HTTP/1.");

        JsonNode status = JsonFiles.MAPPER.readTree(hv.run("status", "vm", "--output", "json").stdout());
        assertThat(status.path("forwards").toString()).isEqualTo("[\"127.0.0.1:" + web + ":8000/tcp\"]");
        assertThat(hv.run("list").stdout()).contains(web + "->8000");

        // bench on the same boot: every measurement present and positive, the guest's scratch files gone.
        var bench = hv.run("bench", "vm", "--dir", "/root", "--size", "2", "--rounds", "2", "--output", "json");
        assertThat(bench.exitCode()).as(bench.all()).isZero();
        JsonNode report = JsonFiles.MAPPER.readTree(bench.stdout());
        assertThat(report.path("results")).extracting(r -> r.path("name").asText()).containsExactly("ssh round trip (one session)",
                "ssh round trip (new connection)", "host -> guest over ssh", "disk write (sequential)", "disk read (sequential)",
                "guest -> host over ssh");
        assertThat(report.path("results")).allSatisfy(r -> assertThat(r.path("value").asDouble()).isPositive());
        assertThat(report.path("cacheDropped").asBoolean()).as("a Linux guest drops its page cache").isTrue();
        assertThat(guest("ls -a /root /tmp")).doesNotContain(".hurdvm-bench");

        var refused = hv.run("up", "vm", "--memory", "600");
        assertThat(refused.exitCode()).as(refused.all()).isEqualTo(2);
        assertThat(refused.stderr().strip()).isEqualTo("hurdvm: instance vm is running with other settings (memory 512 MiB -> 600 MiB);"
                + " they apply at its next start: 'hurdvm down vm && hurdvm up vm --memory 600'");
        assertThat(baseMemoryMib()).as("the running VM is untouched").isEqualTo(512);

        assertThat(hv.run("down", "vm").exitCode()).isZero();
        var again = hv.run(BOOT, "up", "vm", "--memory", "600", "--timeout", "200s");
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(again.stderr()).contains("hurdvm: settings changed since the last start, applied now: memory 512 MiB -> 600 MiB");
        assertThat(baseMemoryMib()).isEqualTo(600);
    }

    @Test
    void provisionScripts_runOnceInOrder_aChangedOneRunsAgain_notAfterAReboot_andAFailingOneFailsUpWithItsExitCode()
            throws Exception {
        Path a = Files.writeString(dir.resolve("a.sh"), "echo a >> /root/order\necho output-of-a\n");
        Path b = Files.writeString(dir.resolve("b.sh"), "echo b >> /root/order\n");

        var up = hv.run(BOOT, "up", "vm", "--image", image(), "--memory", "512", "--provision", a.toString(),
                "--provision", b.toString(), "--timeout", "200s");
        assertThat(up.exitCode()).as(up.all()).isZero();
        assertThat(up.stdout()).containsPattern("provision: a.sh: ran in \\d+\\.\\ds\nprovision: b.sh: ran in");
        assertThat(guest("cat /root/order")).isEqualTo("a\nb\n");

        Files.writeString(b, "echo b2 >> /root/order\n");
        var changed = hv.run("up", "vm", "--provision", a.toString(), "--provision", b.toString());
        assertThat(changed.exitCode()).as(changed.all()).isZero();
        assertThat(changed.stdout()).contains("provision: a.sh: unchanged since it ran, skipped").contains("provision: b.sh: ran in");
        assertThat(guest("cat /root/order")).isEqualTo("a\nb\nb2\n");

        assertThat(hv.run("down", "vm").exitCode()).isZero();
        var reboot = hv.run(BOOT, "up", "vm", "--timeout", "200s");
        assertThat(reboot.exitCode()).as(reboot.all()).isZero();
        assertThat(reboot.stdout()).contains("provision: a.sh: unchanged since it ran, skipped", "provision: b.sh: unchanged since it ran, skipped");
        assertThat(guest("cat /root/order")).as("the markers outlive the reboot").isEqualTo("a\nb\nb2\n");

        var rerun = hv.run("up", "vm", "--reprovision");
        assertThat(rerun.exitCode()).as(rerun.all()).isZero();
        assertThat(guest("cat /root/order")).isEqualTo("a\nb\nb2\na\nb2\n");

        Path yaml = Files.writeString(dir.resolve("vm.yaml"), "provision:\n  - file: a.sh\n  - run: |\n      echo about to fail >&2\n"
                + "      exit 7\n      echo never\n");
        var failing = hv.run("up", "vm", "--config", yaml.toString());
        assertThat(failing.exitCode()).as(failing.all()).isEqualTo(1);
        assertThat(failing.stdout()).contains("provision: inline #2: FAILED with exit code 7")
                .contains("vm: provision script inline #2 failed with exit code 7")
                .contains("--- last lines of the provision script's output ---\nabout to fail\n").doesNotContain("never");
        assertThat(hv.run("status", "vm").stdout()).contains("provision:   failed: provision script inline #2 failed with exit code 7");
        assertThat(Files.readString(hv.instanceDir("vm").resolve("provisioning.log"))).contains("output-of-a", "about to fail",
                "== inline #2: exit 7");
    }

    private String guest(String command) throws Exception {
        var r = hv.run("ssh", "vm", "--", command);
        assertThat(r.exitCode()).as(r.all()).isZero();
        return r.stdout();
    }

    private int baseMemoryMib() throws Exception {
        var r = hv.run("qmp", "vm", "query-memory-size-summary");
        assertThat(r.exitCode()).as(r.all()).isZero();
        return (int) (JsonFiles.MAPPER.readTree(r.stdout()).path("base-memory").asLong() >> 20);
    }

    private static String httpGet(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET /index.html HTTP/1.0\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            try (InputStream in = s.getInputStream()) {
                return new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            return "";
        }
    }
}
