package io.hurdvm.storage.backup;

import static io.hurdvm.storage.nbd.QemuNbdServers.MIB;
import static io.hurdvm.storage.nbd.QemuNbdServers.qemuIo;
import static io.hurdvm.storage.nbd.QemuNbdServers.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.storage.nbd.NbdClient;
import io.hurdvm.storage.nbd.NbdExtent;
import io.hurdvm.storage.nbd.QemuNbdServers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A disk read through real qemu-nbd into a {@link DiskStream} and written back through it is the same disk. */
class DiskStreamTest {
    private static final String ALLOCATION = "base:allocation";
    private static final String BITMAP = "qemu:dirty-bitmap:bm0";

    @TempDir
    Path dir;
    private QemuNbdServers servers;

    @AfterEach
    void stop() throws InterruptedException {
        servers.close();
    }

    @Test
    void fullThenIncrementalRestoreTheSameDisk() throws Exception {
        servers = new QemuNbdServers(dir);
        Path source = servers.image(24);
        run("qemu-io", "-f", "qcow2", "-c", "write -P 0x33 1M 3M", "-c", "write -P 0 6M 1M", source.toString());
        Path random = dir.resolve("random");
        run("dd", "if=/dev/urandom", "of=" + random, "bs=1M", "count=5", "status=none");
        writeRaw(source, random, 10 * MIB + 4096); // unaligned: pieces cross no PIECE boundary wrongly
        run("qemu-img", "bitmap", "--add", source.toString(), "bm0");

        byte[] full = stream(source, ALLOCATION, flags -> (flags & NbdExtent.ZERO) != 0 ? DiskStream.Action.ZERO : DiskStream.Action.READ);
        assertThat(full.length).as("the zeroes are not stored and 0x33 compresses").isLessThan((int) (5 * MIB + MIB));

        qemuIo(source, "write -P 0x44 2M 64k");
        qemuIo(source, "write -z 11M 1M");
        byte[] incremental = stream(source, BITMAP, flags -> (flags & NbdExtent.DIRTY) != 0 ? DiskStream.Action.READ : DiskStream.Action.SKIP);
        assertThat(incremental.length).as("only the changed clusters").isLessThan((int) (64 * 1024 + 4096));

        Path restored = servers.image(24);
        run("qemu-io", "-f", "qcow2", "-c", "write -P 0x77 0 24M", restored.toString()); // old content everywhere
        Path sock = servers.serve(restored);
        try (NbdClient disk = NbdClient.connect(sock, "disk", List.of())) {
            DiskStreamReader.apply(new ByteArrayInputStream(full), 24 * MIB, new NbdDiskSink(disk, false), "full");
            DiskStreamReader.apply(new ByteArrayInputStream(incremental), 24 * MIB, new NbdDiskSink(disk, false), "incremental");
            disk.flush();
        }
        servers.close();
        run("qemu-img", "compare", "-f", "qcow2", "-F", "qcow2", source.toString(), restored.toString());

        // As a restore does it: a new disk reads as zeroes, so the full stream's holes are not written,
        // but the incremental's zeroed megabyte (11M, random data in the full) must be.
        Path fresh = servers.image(24);
        Path freshSock = servers.serve(fresh);
        try (NbdClient disk = NbdClient.connect(freshSock, "disk", List.of())) {
            NbdDiskSink sink = new NbdDiskSink(disk, true);
            DiskStreamReader.apply(new ByteArrayInputStream(full), 24 * MIB, sink, "full");
            sink.written();
            DiskStreamReader.apply(new ByteArrayInputStream(incremental), 24 * MIB, sink, "incremental");
            disk.flush();
        }
        servers.close();
        run("qemu-img", "compare", "-f", "qcow2", "-F", "qcow2", source.toString(), fresh.toString());
    }

    @Test
    void refusesAlteredStreams() throws Exception {
        servers = new QemuNbdServers(dir);
        Path source = servers.image(4);
        qemuIo(source, "write -P 0x5a 1M 1M");
        byte[] good = stream(source, ALLOCATION, flags -> (flags & NbdExtent.ZERO) != 0 ? DiskStream.Action.ZERO : DiskStream.Action.READ);
        DiskStreamReader.Sink ignore = new DiskStreamReader.Sink() {
            @Override
            public void data(long offset, java.nio.ByteBuffer bytes) {
            }

            @Override
            public void zero(long offset, long length) {
            }
        };
        DiskStreamReader.apply(new ByteArrayInputStream(good), 4 * MIB, ignore, "good");
        assertThatThrownBy(() -> DiskStreamReader.apply(new ByteArrayInputStream(good), 8 * MIB, ignore, "s"))
                .hasMessageContaining("manifest says");
        assertThatThrownBy(() -> DiskStreamReader.apply(new ByteArrayInputStream(Arrays.copyOf(good, good.length - 3)), 4 * MIB, ignore, "s"))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.DAMAGED));
        byte[] extended = Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> DiskStreamReader.apply(new ByteArrayInputStream(extended), 4 * MIB, ignore, "s"))
                .hasMessageContaining("does not end");
        byte[] moved = good.clone();
        moved[DiskStream.HEADER + 1] = 0x7f; // the first record's offset, far outside the disk
        assertThatThrownBy(() -> DiskStreamReader.apply(new ByteArrayInputStream(moved), 4 * MIB, ignore, "s"))
                .hasMessageContaining("outside the disk");
    }

    private byte[] stream(Path image, String context, java.util.function.IntFunction<DiskStream.Action> action) throws Exception {
        Path sock = BITMAP.equals(context) ? servers.serve(image, "--read-only", "--bitmap=bm0") : servers.serve(image, "--read-only");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (NbdClient disk = NbdClient.connect(sock, "disk", List.of(context))) {
            DiskStream.write(disk, disk.contextId(context).orElseThrow(), action, out);
        }
        servers.close();
        return out.toByteArray();
    }

    private static void writeRaw(Path image, Path data, long offset) throws Exception {
        run("qemu-io", "-f", "qcow2", "-c", "write -s " + data + " " + offset + " 5M", image.toString());
    }
}
