package io.hurdvm.storage.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The hand-off between a restore's fetching thread and its writing thread. */
class ByteHandOffTest {
    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    void bytesArriveInOrderAcrossPieces_thenTheEnd() throws Exception {
        ByteHandOff h = new ByteHandOff();
        byte[] data = random(10 * ByteHandOff.PIECE + 12345); // more than DEPTH pieces: the writer waits for the reader
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = h.reader()) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        try (OutputStream out = h.writer()) {
            for (int at = 0; at < data.length; at += 7777) {
                out.write(data, at, Math.min(7777, data.length - at));
            }
        }
        assertThat(read.get()).isEqualTo(data);
    }

    @Test
    void anAbortedWriter_failsTheReaderAfterWhatWasHandedOver() throws Exception {
        ByteHandOff h = new ByteHandOff();
        OutputStream out = h.writer();
        out.write(random(ByteHandOff.PIECE)); // one whole piece is handed over
        out.write(new byte[10]); // a partial piece is not: its chunk's stream failed
        h.abort();
        InputStream in = h.reader();
        assertThat(in.readNBytes(ByteHandOff.PIECE)).hasSize(ByteHandOff.PIECE);
        assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining("cut off");
    }

    @Test
    void onceTheReaderIsDone_theWriterNeverBlocks() throws Exception {
        ByteHandOff h = new ByteHandOff();
        h.readerDone(); // e.g. the parser refused the stream: the fetch reads on to check its hash
        try (OutputStream out = h.writer()) {
            for (int i = 0; i < 4 * ByteHandOff.DEPTH; i++) {
                out.write(random(ByteHandOff.PIECE));
            }
        }
        h.abort(); // dropped as well
    }
}
