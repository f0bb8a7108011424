package io.hurdvm.storage.nbd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link NbdClient} against a real qemu-nbd serving a temporary qcow2 image. */
class NbdClientTest {
    private static final long MIB = 1 << 20;
    private static final String ALLOCATION = "base:allocation";

    @RegisterExtension
    final QemuNbdServers servers = new QemuNbdServers();

    @Test
    void readsDataAndReportsZeroExtentsOfAQcow2() throws Exception {
        Path image = image(16);
        byte[] data = random(3 * MIB, 1);
        qemuIo(image, "write -P 0x5a 4M 1M");
        Path sock = serve(image, "--read-only");
        try (NbdClient nbd = NbdClient.connect(sock, "disk", List.of(ALLOCATION))) {
            assertThat(nbd.size()).isEqualTo(16 * MIB);
            assertThat(nbd.readOnly()).isTrue();
            int ctx = nbd.contextId(ALLOCATION).orElseThrow();
            List<NbdExtent> extents = statusOfAll(nbd, ctx);
            assertThat(extents).filteredOn(e -> !e.zero())
                    .containsExactly(new NbdExtent(4 * MIB, MIB, 0));
            ByteBuffer buf = ByteBuffer.allocate((int) (2 * MIB));
            nbd.read(3 * MIB + 512 * 1024, buf);
            buf.flip();
            for (int i = 0; i < buf.limit(); i++) {
                long at = 3 * MIB + 512 * 1024 + i;
                assertThat(buf.get(i)).as("byte at %d", at).isEqualTo(at >= 4 * MIB && at < 5 * MIB ? (byte) 0x5a : 0);
            }
            assertThatThrownBy(() -> nbd.write(0, ByteBuffer.wrap(data, 0, 512))).isInstanceOf(NbdException.class)
                    .hasMessageContaining("read-only");
        }
    }

    @Test
    void queuedWritesAndZeroesReadBackAfterTheFlush() throws Exception {
        Path image = image(16);
        qemuIo(image, "write -P 0x11 0 16M"); // old content everywhere: the zeroes must be written
        byte[] data = random(8 * MIB, 7);
        Path sock = serve(image);
        try (NbdClient nbd = NbdClient.connect(sock, "disk", List.of())) {
            ByteBuffer reused = ByteBuffer.allocate((int) MIB);
            for (int i = 0; i < 8; i++) { // more than WRITES_IN_FLIGHT, one buffer reused as the caller may
                reused.clear().put(data, (int) (i * MIB), (int) MIB).flip();
                nbd.queueWrite(i * MIB, reused);
                nbd.queueWriteZeroes(8 * MIB + i * MIB, (int) (MIB / 2));
            }
            nbd.flush();
            ByteBuffer back = ByteBuffer.allocate((int) (8 * MIB));
            nbd.read(0, back);
            assertThat(back.array()).isEqualTo(data);
            ByteBuffer tail = ByteBuffer.allocate((int) MIB);
            nbd.read(9 * MIB, tail);
            assertThat(tail.array()).as("zeroes, then the old content").startsWith(new byte[(int) (MIB / 2)]);
            assertThat(tail.get((int) (MIB / 2))).isEqualTo((byte) 0x11);
        }
    }

    @Test
    void writesDataAndZeroesThatReadBack() throws Exception {
        Path image = image(8);
        qemuIo(image, "write -P 0x11 0 8M");
        byte[] data = random(MIB + 4096, 2);
        Path sock = serve(image);
        try (NbdClient nbd = NbdClient.connect(sock, "disk", List.of())) {
            nbd.write(MIB, ByteBuffer.wrap(data));
            nbd.writeZeroes(4 * MIB, (int) (2 * MIB));
            nbd.flush();
        }
        try (NbdClient nbd = NbdClient.connect(sock, "disk", List.of(ALLOCATION))) {
            ByteBuffer all = ByteBuffer.allocate((int) (8 * MIB));
            nbd.read(0, all);
            for (int i = 0; i < all.capacity(); i++) {
                byte want = i >= MIB && i < MIB + data.length ? data[i - (int) MIB]
                        : i >= 4 * MIB && i < 6 * MIB ? 0 : (byte) 0x11;
                if (all.get(i) != want) {
                    throw new AssertionError("byte " + i + " is " + all.get(i) + ", expected " + want);
                }
            }
            assertThat(statusOfAll(nbd, nbd.contextId(ALLOCATION).orElseThrow()))
                    .anySatisfy(e -> assertThat(e.zero() && e.offset() <= 4 * MIB && e.end() >= 6 * MIB).isTrue());
        }
    }

    @Test
    void reportsTheClustersADirtyBitmapMarked() throws Exception {
        Path image = image(16);
        run("qemu-img", "bitmap", "--add", image.toString(), "bm0");
        qemuIo(image, "write -P 1 2M 64k");
        qemuIo(image, "write -P 2 9M 1M");
        Path sock = serve(image, "--read-only", "--bitmap=bm0");
        String context = "qemu:dirty-bitmap:bm0";
        try (NbdClient nbd = NbdClient.connect(sock, "disk", List.of(ALLOCATION, context))) {
            List<NbdExtent> dirty = statusOfAll(nbd, nbd.contextId(context).orElseThrow()).stream()
                    .filter(e -> (e.flags() & NbdExtent.DIRTY) != 0).toList();
            assertThat(dirty).extracting(NbdExtent::offset, NbdExtent::length)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(2 * MIB, 65536L), org.assertj.core.groups.Tuple.tuple(9 * MIB, MIB));
        }
    }

    @Test
    void refusesRequestsOutsideTheExportAndUnknownExportsAndContexts() throws Exception {
        Path sock = serve(image(1), "--read-only");
        try (NbdClient nbd = NbdClient.connect(sock, "disk", List.of())) {
            assertThatThrownBy(() -> nbd.read(MIB - 100, ByteBuffer.allocate(200))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> nbd.read(-1, ByteBuffer.allocate(1))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> nbd.read(0, ByteBuffer.allocate(nbd.maxRequest() + 1))).isInstanceOf(IllegalArgumentException.class);
            ByteBuffer ok = ByteBuffer.allocate(100);
            nbd.read(MIB - 100, ok); // the connection is still good after refusals made before sending
            assertThat(ok.hasRemaining()).isFalse();
        }
        assertThatThrownBy(() -> NbdClient.connect(sock, "other", List.of())).isInstanceOf(NbdException.class)
                .hasMessageContaining("refused export");
        assertThatThrownBy(() -> NbdClient.connect(sock, "disk", List.of("qemu:dirty-bitmap:none"))).isInstanceOf(NbdException.class)
                .hasMessageContaining("qemu:dirty-bitmap:none");
        assertThatThrownBy(() -> NbdClient.connect(servers.dir().resolve("absent.sock"), "disk", List.of())).isInstanceOf(NbdException.class)
                .hasMessageContaining("cannot connect");
    }

    private static List<NbdExtent> statusOfAll(NbdClient nbd, int ctx) {
        List<NbdExtent> all = new ArrayList<>();
        long at = 0;
        while (at < nbd.size()) {
            List<NbdExtent> part = nbd.blockStatus(ctx, at, (int) Math.min(nbd.size() - at, nbd.maxRequest()));
            assertThat(part.getFirst().offset()).isEqualTo(at);
            for (NbdExtent e : part) {
                if (!all.isEmpty() && all.getLast().flags() == e.flags() && all.getLast().end() == e.offset()) {
                    all.set(all.size() - 1, new NbdExtent(all.getLast().offset(), all.getLast().length() + e.length(), e.flags()));
                } else {
                    all.add(e);
                }
            }
            at = part.getLast().end();
        }
        return all;
    }

    private Path image(int mib) throws Exception {
        return servers.image(mib);
    }

    private static void qemuIo(Path image, String command) throws Exception {
        QemuNbdServers.qemuIo(image, command);
    }

    private Path serve(Path image, String... options) throws Exception {
        return servers.serve(image, options);
    }

    private static void run(String... argv) throws Exception {
        QemuNbdServers.run(argv);
    }

    private static byte[] random(long n, long seed) {
        byte[] b = new byte[(int) n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
