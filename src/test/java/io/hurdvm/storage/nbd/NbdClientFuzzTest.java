package io.hurdvm.storage.nbd;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the NBD client with whatever a hostile server could send (the input is the server's whole
 * byte stream; what the client sends is dropped): the only allowed failure is an {@link NbdException},
 * and a read never writes outside its slice of the caller's buffer.
 */
class NbdClientFuzzTest {

    /** See {@link io.hurdvm.storage.backup.JazzerClassesPreload}: before the first fuzz test installs Jazzer's agent. */
    @BeforeAll
    static void loadJazzerClassesFirst() throws Exception {
        io.hurdvm.storage.backup.JazzerClassesPreload.loadAll();
    }

    @FuzzTest(maxDuration = "5s")
    void session(byte[] server) {
        try (NbdClient nbd = NbdClient.over(new Scripted(server), "disk", List.of("base:allocation"))) {
            if (nbd.size() >= 4096) {
                ByteBuffer canvas = ByteBuffer.allocate(3 * 4096);
                ByteBuffer slice = canvas.slice(4096, 4096);
                try {
                    nbd.read(0, slice);
                } finally {
                    for (int i = 0; i < 4096; i++) {
                        if (canvas.get(i) != 0 || canvas.get(2 * 4096 + i) != 0) {
                            throw new IllegalStateException("a read wrote outside its buffer");
                        }
                    }
                }
                nbd.blockStatus(nbd.contextId("base:allocation").orElseThrow(), 0, 4096).forEach(e -> {
                    if (e.offset() < 0 || e.end() > 4096 || e.length() <= 0) {
                        throw new IllegalStateException("an extent outside the request: " + e);
                    }
                });
                if (!nbd.readOnly()) { // queued writes: answers in any order, in chunks, or wrong
                    for (int i = 0; i < 2 * NbdClient.WRITES_IN_FLIGHT; i++) {
                        nbd.queueWrite(i * 256L, ByteBuffer.allocate(256));
                    }
                    nbd.queueWriteZeroes(0, 4096);
                    nbd.flush();
                }
            }
        } catch (NbdException refused) {
            // the one allowed answer to a broken server
        }
    }

    /** The server's bytes from the fuzzer; the client's requests go nowhere. */
    private static final class Scripted implements ByteChannel {
        private final ByteBuffer in;

        Scripted(byte[] server) {
            in = ByteBuffer.wrap(server);
        }

        @Override
        public int read(ByteBuffer dst) {
            if (!in.hasRemaining()) {
                return -1;
            }
            int n = Math.min(dst.remaining(), in.remaining());
            dst.put(in.slice(in.position(), n));
            in.position(in.position() + n);
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            src.position(src.limit());
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
