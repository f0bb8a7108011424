package io.hurdvm.cli.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hurdvm.instance.JsonFiles;
import io.hurdvm.it.HurdvmProcess;
import io.hurdvm.it.TestGuests;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code hurdvm snapshot} end to end on the real Linux test guest under QEMU/TCG. The guest's root
 * file system is an initramfs, so /tmp/v lives in guest RAM: it only comes back if memory does.
 */
class SnapshotIT {
    private static final Duration STEP = Duration.ofSeconds(60);
    private HurdvmProcess hv;

    @BeforeEach
    void setUp() throws Exception {
        hv = new HurdvmProcess();
    }

    @AfterEach
    void tearDown() throws Exception {
        hv.close();
    }

    @Test
    void runningSnapshot_restoresGuestMemory_refusesUnconfirmedRestore_andStoppedSnapshotsUseQemuImg() throws Exception {
        var up = hv.run(Duration.ofMinutes(6), "up", "vm", "--image", TestGuests.linuxGuest().toString(), "--memory", "512",
                "--wait", "ssh", "--timeout", "300s");
        assertThat(up.exitCode()).as(up.all()).isZero();
        String original = HexFormat.of().formatHex(SecureRandom.getInstanceStrong().generateSeed(8));

        assertThat(guest("echo " + original + " > /tmp/v && sync").exitCode()).isZero();

        var create = hv.run("snapshot", "create", "vm", "s1");
        assertThat(create.exitCode()).as(create.all()).isZero();
        assertThat(create.stdout()).contains("created snapshot 's1' of vm: disk and memory");
        assertThat(guest("echo changed > /tmp/v").exitCode()).isZero();

        var unconfirmed = hv.run("snapshot", "restore", "vm", "s1");
        assertThat(unconfirmed.exitCode()).as(unconfirmed.all()).isEqualTo(2);
        assertThat(unconfirmed.stderr()).contains("restore of running instance vm would discard its current state: pass --yes");
        assertThat(readV()).as("refused restore changed nothing").isEqualTo("changed");

        var restore = hv.run("snapshot", "restore", "vm", "s1", "--yes");
        assertThat(restore.exitCode()).as(restore.all()).isZero();
        assertThat(restore.stdout()).contains("disk and memory");
        assertThat(readV()).as("the RAM value from before the snapshot").isEqualTo(original);
        assertThat(hv.run("qmp", "vm", "query-status").stdout()).contains("\"running\" : true");

        JsonNode list = JsonFiles.MAPPER.readTree(hv.run("snapshot", "list", "vm", "--output", "json").stdout());
        assertThat(list.path("running").asBoolean()).isTrue();
        assertThat(list.path("snapshots")).hasSize(1);
        assertThat(list.path("snapshots").get(0).path("name").asText()).isEqualTo("s1");
        assertThat(list.path("snapshots").get(0).path("memoryBytes").asLong()).isPositive();
        assertThat(list.path("snapshots").get(0).path("vmClockMillis").asLong()).isPositive();
        assertThat(list.path("diskBytes").asLong()).isGreaterThan(list.path("snapshots").get(0).path("memoryBytes").asLong());
        assertThat(hv.run("snapshot", "list", "vm").stdout()).contains("s1").contains("MEMORY").contains("disk:");

        var delete = hv.run("snapshot", "delete", "vm", "s1");
        assertThat(delete.exitCode()).as(delete.all()).isZero();
        assertThat(hv.run("snapshot", "list", "vm").stdout()).contains("vm has no snapshots");

        var down = hv.run("down", "vm", "--timeout", "90s");
        assertThat(down.exitCode()).as(down.all()).isZero();
        stoppedSnapshots();
    }

    private void stoppedSnapshots() throws Exception {
        var create = hv.run("snapshot", "create", "vm", "cold");
        assertThat(create.exitCode()).as(create.all()).isZero();
        assertThat(create.stdout()).contains("disk only (vm is stopped)");
        assertThat(hv.run("snapshot", "create", "vm", "cold").exitCode()).as("duplicate name").isEqualTo(2);
        var bad = hv.run("snapshot", "create", "vm", "../x");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).contains("only letters, digits, '.', '_' and '-' are allowed");

        JsonNode list = JsonFiles.MAPPER.readTree(hv.run("snapshot", "list", "vm", "--output", "json").stdout());
        assertThat(list.path("running").asBoolean()).isFalse();
        assertThat(list.path("snapshots").get(0).path("memoryBytes").asLong()).as("disk only").isZero();

        assertThat(hv.run("snapshot", "restore", "vm", "cold").exitCode()).as("unconfirmed, stopped").isEqualTo(2);
        var restore = hv.run("snapshot", "restore", "vm", "cold", "--yes");
        assertThat(restore.exitCode()).as(restore.all()).isZero();
        assertThat(hv.run("snapshot", "restore", "vm", "nope", "--yes").exitCode()).as("not found").isEqualTo(3);
        var delete = hv.run("snapshot", "delete", "vm", "cold");
        assertThat(delete.exitCode()).as(delete.all()).isZero();
        assertThat(hv.run("snapshot", "list", "vm").stdout()).contains("vm has no snapshots");
    }

    /** /tmp is in the guest's RAM (its root is an initramfs); SSH as users do, with the instance key. */
    private HurdvmProcess.Result guest(String command) throws Exception {
        return hv.run(STEP, "ssh", "vm", "--", command);
    }

    private String readV() throws Exception {
        HurdvmProcess.Result r = guest("cat /tmp/v");
        assertThat(r.exitCode()).as(r.all()).isZero();
        return r.stdout().strip();
    }
}
