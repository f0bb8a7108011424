package io.hurdvm.storage.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.hurdvm.qmp.QmpClient;
import io.hurdvm.qmp.QmpCommands;
import io.hurdvm.storage.nbd.NbdClient;
import io.hurdvm.storage.nbd.NbdExtent;
import io.hurdvm.storage.nbd.QemuNbdServers;
import io.hurdvm.storage.snapshot.DiskVm;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link FleecingExport} on a real QEMU (hurdvm's block node layout): the NBD view is the disk as it
 * was at the freeze while the VM writes on; a full then an incremental stream restore to that disk;
 * a failed incremental gives its dirty bits back to the persistent bitmap.
 */
class FleecingExportIT {
    private static final long MIB = 1 << 20;

    @Test
    void fullAndIncrementalViewsArePointInTimeAndAFailureKeepsTheBitmap() throws Exception {
        try (DiskVm vm = DiskVm.create(); QemuNbdServers servers = new QemuNbdServers(vm.dir())) {
            vm.run("qemu-io", "-f", "qcow2", "-c", "write -P 0x11 0 8M", vm.disk().toString());
            QmpClient qmp = vm.start();
            QmpCommands hmp = new QmpCommands(qmp);
            List<byte[]> streams = new ArrayList<>();

            try (FleecingExport full = start(vm, qmp, "full1", true)) {
                hmp.humanMonitorCommand("qemu-io -d hd0 \"write -P 0x22 0 1M\""); // after the freeze
                try (NbdClient nbd = NbdClient.connect(full.socket(), FleecingExport.EXPORT, List.of("base:allocation"))) {
                    ByteBuffer first = ByteBuffer.allocate(4096);
                    nbd.read(0, first);
                    assertThat(first.get(0)).as("the view is the disk before the write").isEqualTo((byte) 0x11);
                    streams.add(stream(nbd, "base:allocation", f -> (f & NbdExtent.ZERO) != 0 ? DiskStream.Action.ZERO : DiskStream.Action.READ));
                }
                full.succeeded();
            }
            hmp.humanMonitorCommand("qemu-io -d hd0 \"write -P 0x33 3M 64k\"");
            long dirtyBefore = bitmapCount(qmp);
            assertThat(dirtyBefore).isEqualTo(MIB + 65536);

            try (FleecingExport failed = start(vm, qmp, "inc1", false)) {
                assertThat(bitmapCount(qmp)).as("the bits moved to the frozen bitmap").isZero();
                hmp.humanMonitorCommand("qemu-io -d hd0 \"write -P 0x44 5M 64k\"");
            } // not succeeded: the bits go back
            assertThat(bitmapCount(qmp)).isEqualTo(MIB + 2 * 65536);

            try (FleecingExport inc = start(vm, qmp, "inc2", false)) {
                String context = inc.dirtyContext().orElseThrow();
                try (NbdClient nbd = NbdClient.connect(inc.socket(), FleecingExport.EXPORT, List.of(context))) {
                    streams.add(stream(nbd, context, f -> (f & NbdExtent.DIRTY) != 0 ? DiskStream.Action.READ : DiskStream.Action.SKIP));
                }
                inc.succeeded();
            }
            assertThat(bitmapCount(qmp)).isZero();
            assertThat(streams.get(1).length).as("only the changed clusters").isLessThan((int) (MIB + 3 * 65536));
            assertThat(qmp.execute("query-named-block-nodes", JsonNodeFactory.instance.objectNode().put("flat", true)).toString())
                    .doesNotContain(OnlineExport.PREFIX);
            vm.quit();

            Path restored = servers.image(64);
            Path sock = servers.serve(restored);
            try (NbdClient disk = NbdClient.connect(sock, "disk", List.of())) {
                for (byte[] s : streams) {
                    DiskStreamReader.apply(new ByteArrayInputStream(s), 64 * MIB, new NbdDiskSink(disk, false), "stream");
                }
                disk.flush();
            }
            servers.close();
            vm.run("qemu-img", "compare", "-f", "qcow2", "-F", "qcow2", vm.disk().toString(), restored.toString());
        }
    }

    private static FleecingExport start(DiskVm vm, QmpClient qmp, String id, boolean full) throws Exception {
        Path fleece = vm.dir().resolve("fleece-" + id + ".qcow2");
        vm.run("qemu-img", "create", "-q", "-f", "qcow2", fleece.toString(), "64M");
        FleecingExport.removeStale(qmp);
        return FleecingExport.start(qmp, id, full, fleece, vm.dir().resolve("nbd.sock"));
    }

    private static byte[] stream(NbdClient nbd, String context, java.util.function.IntFunction<DiskStream.Action> action) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DiskStream.write(nbd, nbd.contextId(context).orElseThrow(), action, out);
        return out.toByteArray();
    }

    private static long bitmapCount(QmpClient qmp) {
        for (JsonNode n : qmp.execute("query-named-block-nodes", JsonNodeFactory.instance.objectNode().put("flat", true))) {
            if ("disk0".equals(n.path("node-name").asText())) {
                for (JsonNode b : n.path("dirty-bitmaps")) {
                    if (BackupImages.BITMAP.equals(b.path("name").asText())) {
                        return b.path("count").asLong();
                    }
                }
            }
        }
        throw new AssertionError("no bitmap " + BackupImages.BITMAP);
    }
}
