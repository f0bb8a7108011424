package io.hurdvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hurdvm.instance.InstanceView;
import io.hurdvm.lifecycle.InstanceService;
import io.hurdvm.qemu.QemuImgCli;
import io.hurdvm.testing.ManualClock;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.VmSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hurdvm list}'s columns: the base image (a store blob by its digest), the running QEMU's uptime
 * and the host disk the overlay occupies, measured with the real qemu-img on a real qcow2 overlay.
 */
class ListColumnsTest {
    private static final String DIGEST = "3f2a9c0d1e4b5a6978695a4b3c2d1e0f3f2a9c0d1e4b5a6978695a4b3c2d1e0f";

    @TempDir Path home;

    @Test
    void diskUse_isWhatTheOverlayOccupies_andGrowsWithWrites() throws Exception {
        InstanceService service = new InstanceService(home, io.hurdvm.env.HostEnvironment.empty());
        Path blob = home.resolve("images/blobs/sha256-" + DIGEST + ".qcow2");
        Files.createDirectories(blob.getParent());
        qemu("qemu-img", "create", "-q", "-f", "qcow2", blob.toString(), "64M");
        service.store().create(VmSpec.builder(InstanceName.of("vm1"), blob).memoryMib(512).build(),
                (spec, overlay) -> new QemuImgCli().createOverlay(blob, "qcow2", overlay, 0));

        long before = only(service.listWithDiskUse()).diskBytes();
        qemu("qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 0 8M", service.store().paths(InstanceName.of("vm1")).disk().toString());
        InstanceView after = only(service.listWithDiskUse());

        assertThat(before).isPositive().isLessThan(1L << 20);
        assertThat(after.diskBytes()).isGreaterThanOrEqualTo(before + (8L << 20));
        assertThat(after.startedAt()).as("not running: no uptime").isNull();
        assertThat(service.view(InstanceName.of("vm1")).diskBytes()).as("status does without qemu-img").isNull();

        String table = print(InstanceTable.of(List.of(after), new ManualClock()));
        List<String> lines = table.lines().toList();
        assertThat(lines.getFirst().split("\\s+")).containsExactly("NAME", "STATE", "SSH", "IMAGE", "UPTIME", "DISK", "MiB", "ACCEL", "RESTARTS", "FORWARDS");
        assertThat(lines.get(1).split("\\s+")).containsExactly("vm1", "created", "-", "sha256:3f2a9c0d1e4b", "-",
                InstanceTable.bytes(after.diskBytes()), "512", "-", "0", "-");
        assertThat(InstanceTable.bytes(after.diskBytes())).matches("[89](\\.\\d)?M");
    }

    @Test
    void uptime_isTheTwoLargestUnitsSinceQemuStarted() {
        ManualClock clock = new ManualClock(Instant.parse("2030-01-03T05:30:00Z"));
        assertThat(InstanceTable.uptime("2030-01-03T05:29:15Z", clock)).isEqualTo("45s");
        assertThat(InstanceTable.uptime("2030-01-03T05:17:50Z", clock)).isEqualTo("12m10s");
        assertThat(InstanceTable.uptime("2030-01-03T03:17:00Z", clock)).isEqualTo("2h13m");
        assertThat(InstanceTable.uptime("2030-01-01T01:00:00Z", clock)).isEqualTo("2d4h");
        assertThat(InstanceTable.uptime(null, clock)).isEqualTo("-");
        clock.advance(Duration.ofDays(1));
        assertThat(InstanceTable.uptime("2030-01-03T05:29:15Z", clock)).isEqualTo("1d0h");
    }

    @Test
    void image_isAFileName_orAStoreDigest_andBytesAreBinaryUnits() {
        assertThat(InstanceTable.image("/srv/images/debian-hurd-20250807.img")).isEqualTo("debian-hurd-20250807.img");
        assertThat(InstanceTable.image("/h/images/blobs/sha256-" + DIGEST + ".qcow2")).isEqualTo("sha256:3f2a9c0d1e4b");
        assertThat(InstanceTable.bytes(512)).isEqualTo("512B");
        assertThat(InstanceTable.bytes(1536)).isEqualTo("1.5K");
        assertThat(InstanceTable.bytes(300L << 20)).isEqualTo("300M");
        assertThat(InstanceTable.bytes(5L << 30)).isEqualTo("5.0G");
    }

    @Test
    void jsonAndYaml_areTheSameDocument_withTheNewFields() throws Exception {
        InstanceView v = new InstanceView("vm1", "running", true, 10, 11, "127.0.0.1:2222", "hurd-amd64", 2048, 1, "/i/x.img", false,
                "tcg", "no kvm", 0, false, true, true, 41.5, List.of(), "ready", "2030-01-01T00:00:00Z",
                "2030-01-01T00:00:00Z", 123456789L, null, List.of("127.0.0.1:8080:80/tcp"), null);
        JsonNode json = new ObjectMapper().readTree(printed("json", v));
        JsonNode yaml = new ObjectMapper(new YAMLFactory()).readTree(printed("yaml", v));
        assertThat(yaml).isEqualTo(json);
        assertThat(json.get("diskBytes").asLong()).isEqualTo(123456789L);
        assertThat(json.get("startedAt").asText()).isEqualTo("2030-01-01T00:00:00Z");
    }

    private static String printed(String kind, Object value) {
        OutputFormat format = new OutputFormat();
        format.kind = OutputFormat.Kind.valueOf(kind);
        StringWriter out = new StringWriter();
        format.print(new PrintWriter(out), value);
        return out.toString();
    }

    private static String print(InstanceTable table) {
        StringWriter out = new StringWriter();
        table.print(new PrintWriter(out));
        return out.toString();
    }

    private static InstanceView only(List<InstanceView> views) {
        assertThat(views).hasSize(1);
        return views.getFirst();
    }

    private static void qemu(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
