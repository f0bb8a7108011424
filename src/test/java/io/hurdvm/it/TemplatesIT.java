package io.hurdvm.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.instance.InstanceState;
import io.hurdvm.instance.JsonFiles;
import io.hurdvm.proc.PrivateDirectory;
import io.hurdvm.template.TemplateManifest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Templates on real QEMU with the Linux test guest: one cold boot, one template, then clones (their
 * isolation, clocks and identities), the refusals a restore must make, and 'hurdvm run' with every
 * way a job can end. The clock test runs last so that the template is at least a minute old by then.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TemplatesIT {
    private static final Duration UP = Duration.ofMinutes(5);
    private HurdvmProcess hv;
    private Instant templateSavedAt;

    @BeforeAll
    void sourceAndTemplate() throws Exception {
        hv = new HurdvmProcess();
        Path image = TestGuests.linuxGuest();
        ok(hv.run(UP, "up", "src", "--image", image.toString(), "--memory", "512", "--timeout", "5m"));
        ok(hv.run("template", "create", "t", "--from", "src"));
        templateSavedAt = Instant.now();
    }

    @AfterAll
    void cleanup() throws IOException {
        if (hv != null) {
            hv.close();
        }
    }

    @Test
    @Order(1)
    void threeClones_eachWritesItsOwnFile_noneSeesAnothers_andTheirHostKeysDiffer() throws Exception {
        int forwarded;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            forwarded = probe.getLocalPort();
        }
        List<HurdvmProcess.Running> ups = new ArrayList<>();
        for (String c : List.of("c1", "c2", "c3")) {
            ups.add(c.equals("c1") ? hv.start("up", c, "--template", "t", "--timeout", "3m", "--forward", forwarded + ":22")
                    : hv.start("up", c, "--template", "t", "--timeout", "3m"));
        }
        for (HurdvmProcess.Running up : ups) {
            ok(up.await(UP));
        }
        // 'up' of a running clone: its settings, given by the template, are no changed settings to refuse.
        assertThat(ok(hv.run("up", "c2")).all()).doesNotContain("changed");
        // A clone's own forward (not part of the template's machine) reaches the resumed guest.
        assertThat(Await.until("the guest's SSH banner through c1's forward", Duration.ofSeconds(30), () -> firstLine(forwarded),
                line -> line.startsWith("SSH-"))).startsWith("SSH-");
        if (PrivateDirectory.currentUid() == 0) {
            // As root (CI): the clones' QEMUs dropped to an unprivileged user before the state came in over qemu/.
            for (String c : List.of("src", "c1")) {
                assertThat(Files.readString(Path.of("/proc", Long.toString(hv.state(c).qemuPid()), "status")))
                        .as("QEMU of %s", c).doesNotContainPattern("(?m)^Uid:\\s+0\\s");
            }
        }
        assertThat(hv.instanceDir("src").resolve("qemu/save.sock")).doesNotExist();
        assertThat(hv.instanceDir("c1").resolve("qemu/restore.sock")).doesNotExist();
        for (String c : List.of("c1", "c2", "c3")) {
            ok(hv.run("ssh", c, "--", "echo " + c + " > /root/own-" + c + " && sync"));
        }
        for (String c : List.of("c1", "c2", "c3", "src")) {
            HurdvmProcess.Result ls = ok(hv.run("ssh", c, "--", "ls /root"));
            List<String> own = ls.stdout().lines().filter(l -> l.startsWith("own-")).toList();
            assertThat(own).as("files in %s's /root", c).isEqualTo(c.equals("src") ? List.of() : List.of("own-" + c));
        }
        Set<String> keys = new HashSet<>();
        for (String c : List.of("src", "c1", "c2", "c3")) {
            List<String> pinned = Files.readAllLines(hv.instanceDir(c).resolve("known_hosts")).stream()
                    .map(l -> l.split("\\s+", 2)[1]).toList();
            assertThat(pinned).as("host keys pinned for %s", c).isNotEmpty();
            for (String k : pinned) {
                assertThat(keys.add(k)).as("host key %s of %s is not shared", k, c).isTrue();
            }
        }
        // The host keys hurdvm made on the host are the ones the guest serves: 'ssh' checks the pinned keys.
        assertThat(Files.readAllLines(hv.instanceDir("c3").resolve("known_hosts")).stream().map(l -> l.split("\\s+")[1]))
                .containsExactlyInAnyOrder("ssh-ed25519", "ecdsa-sha2-nistp256");
        assertThat(ok(hv.run("ssh", "c3", "--", "ls /etc/dropbear")).stdout()).contains("dropbear_ed25519_host_key")
                .contains("dropbear_ecdsa_host_key").doesNotContain("rsa");
        assertThat(hv.run("ssh", "c2", "--", "cat /root/.ssh/authorized_keys").stdout()).contains("hurdvm@c2")
                .doesNotContain("hurdvm@src");
        // Each clone's own root password works (hashed with crypt(5)'s minimum rounds: it was generated); the template's does not.
        String c2Password = Files.readString(hv.instanceDir("c2").resolve("secrets/root_password")).strip();
        String srcPassword = Files.readString(hv.instanceDir("src").resolve("secrets/root_password")).strip();
        assertThat(hv.run("ssh", "c2", "--", "grep ^root: /etc/shadow").stdout()).contains("root:$6$rounds=1000$");
        assertThat(PasswordLogin.works(hv.state("c2").sshPort(), c2Password)).as("c2's own password logs in").isTrue();
        assertThat(PasswordLogin.works(hv.state("c2").sshPort(), srcPassword)).as("the template's password on c2").isFalse();
    }

    @Test
    @Order(2)
    void templateRm_whileClonesExist_isRefused_namingThem() throws Exception {
        HurdvmProcess.Result rm = hv.run("template", "rm", "t");
        assertThat(rm.exitCode()).isEqualTo(2);
        assertThat(rm.stderr()).contains("c1").contains("c2").contains("c3").doesNotContain("\tat ");
        assertThat(ok(hv.run("template", "list")).stdout()).contains("t ");
    }

    @Test
    @Order(3)
    void aTemplateOfAnotherQemuBuild_deviceModel_orDiskLayer_isRefused_withOneLine_andCreatesNothing() throws Exception {
        refusedCopy("tq", m -> withQemu(m, "6.2.0 (fake build)"), "QEMU 6.2.0 (fake build)");
        refusedCopy("tm", m -> withModel(m, "0".repeat(64)), "device model");
        refusedCopy("td", m -> withLayer(m, "f".repeat(64)), "disk layer");
    }

    @Test
    @Order(4)
    void run_returnsTheCommandsExitCode_copiesArtifactsBack_andLeavesNothingBehind() throws Exception {
        Path src = Files.createDirectories(hv.home().resolve("tree"));
        Files.writeString(src.resolve("input.txt"), "from the host\n");
        Path art = hv.home().resolve("art");
        HurdvmProcess.Result r = hv.run(UP, "run", "--template", "t", "--sync", src.toString(), "--copy-back",
                "/root/work/out:" + art, "--", "mkdir -p out && cp input.txt out/ && echo ran && exit 3");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(3);
        assertThat(r.stdout()).contains("ran");
        assertThat(art.resolve("out/input.txt")).hasContent("from the host");
        assertNothingLeft();
        HurdvmProcess.Result fine = hv.run(UP, "run", "--template", "t", "--", "true");
        assertThat(fine.exitCode()).as(fine.all()).isZero();
        assertNothingLeft();
    }

    @Test
    @Order(5)
    void run_pastItsTimeout_exits4_andLeavesNothingBehind() throws Exception {
        HurdvmProcess.Result r = hv.run(UP, "run", "--template", "t", "--timeout", "25s", "--", "sleep 600");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(4);
        assertThat(r.stderr()).contains("--timeout");
        assertNothingLeft();
    }

    @Test
    @Order(6)
    void run_onSigterm_removesItsClone_andLeavesNothingBehind() throws Exception {
        HurdvmProcess.Running job = hv.start("run", "--template", "t", "--", "echo started; sleep 600");
        Await.until("the job's clone to be ready", UP, this::runInstanceReady, ready -> ready);
        job.terminate();
        job.await(Duration.ofMinutes(2));
        assertNothingLeft();
    }

    @Test
    @Order(7)
    void aCloneOfATemplateSavedOverAMinuteAgo_hasTheHostsClock() throws Exception {
        Await.until("the template to be a minute old", Duration.ofMinutes(2),
                () -> Duration.between(templateSavedAt, Instant.now()), age -> age.toSeconds() >= 60);
        ok(hv.run(UP, "up", "late", "--template", "t"));
        Instant before = Instant.now();
        long guest = Long.parseLong(ok(hv.run("ssh", "late", "--", "date +%s")).stdout().strip());
        Instant after = Instant.now();
        assertThat(guest).as("guest clock (s since epoch) vs host %s..%s", before, after)
                .isBetween(before.getEpochSecond() - 2, after.getEpochSecond() + 2);
    }

    private boolean runInstanceReady() {
        try (Stream<Path> dirs = Files.list(hv.home().resolve("instances"))) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("run-")).anyMatch(d -> {
                Path state = d.resolve("state.json");
                return Files.isRegularFile(state) && JsonFiles.read(state, InstanceState.class).sshReady();
            });
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** No run-* instance folder, no QEMU or supervisor of one, no socket folder of one. */
    private void assertNothingLeft() throws IOException {
        try (Stream<Path> dirs = Files.list(hv.home().resolve("instances"))) {
            assertThat(dirs.map(d -> d.getFileName().toString()).filter(n -> n.contains("run-")).toList()).isEmpty();
        }
        for (long pid : HomeProcesses.qemus(hv.home())) {
            assertThat(cmdline(pid)).as("QEMU pid %d", pid).doesNotContain("/instances/run-");
        }
        for (long pid : HomeProcesses.supervisors(hv.home())) {
            assertThat(cmdline(pid)).as("supervisor pid %d", pid).doesNotContain(" run-");
        }
    }

    private static String firstLine(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return line == null ? "" : line;
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    private interface Edit {
        TemplateManifest apply(TemplateManifest m);
    }

    /** A copy of template t whose manifest says something else; cloning it must change nothing. */
    private void refusedCopy(String name, Edit edit, String named) throws Exception {
        Path from = hv.home().resolve("templates/t");
        Path to = hv.home().resolve("templates/" + name);
        Files.createDirectories(to.resolve("secrets"));
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, to.resolve(from.relativize(f).toString()));
            }
        }
        TemplateManifest m = JsonFiles.read(to.resolve("template.json"), TemplateManifest.class);
        TemplateManifest renamed = new TemplateManifest(m.format(), name, m.createdAt(), m.source(), m.qemu(), m.deviceModel(),
                m.deviceModelSha256(), m.spec(), m.disk(), m.state(), m.hostKeys());
        JsonFiles.writeAtomically(to.resolve("template.json"), edit.apply(renamed));
        HurdvmProcess.Result up = hv.run("up", "x-" + name, "--template", name);
        assertThat(up.exitCode()).as(up.all()).isEqualTo(2);
        assertThat(up.stderr()).contains(named).contains("template");
        assertThat(up.stderr().lines().filter(l -> !l.isBlank()).count()).as(up.stderr()).isEqualTo(1);
        assertThat(hv.instanceDir("x-" + name)).doesNotExist();
    }

    private static TemplateManifest withQemu(TemplateManifest m, String qemu) {
        return new TemplateManifest(m.format(), m.name(), m.createdAt(), m.source(), qemu, m.deviceModel(),
                m.deviceModelSha256(), m.spec(), m.disk(), m.state(), m.hostKeys());
    }

    private static TemplateManifest withModel(TemplateManifest m, String sha) {
        return new TemplateManifest(m.format(), m.name(), m.createdAt(), m.source(), m.qemu(), m.deviceModel().replace("-m 512M", "-m 1024M"),
                sha, m.spec(), m.disk(), m.state(), m.hostKeys());
    }

    private static TemplateManifest withLayer(TemplateManifest m, String sha) {
        return new TemplateManifest(m.format(), m.name(), m.createdAt(), m.source(), m.qemu(), m.deviceModel(),
                m.deviceModelSha256(), m.spec(), new TemplateManifest.Layer(m.disk().bytes(), sha, m.disk().backingFile()),
                m.state(), m.hostKeys());
    }

    private static HurdvmProcess.Result ok(HurdvmProcess.Result r) {
        assertThat(r.exitCode()).as(r.all()).isZero();
        return r;
    }
}
