package io.hurdvm.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OverlappedCopyTest {
    @Test
    void copiesEveryByte_inOrder_acrossChunkBoundaries() throws Exception {
        byte[] data = new byte[(7 << 19) + 123];
        new Random(1).nextBytes(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OverlappedCopy.copy(new ByteArrayInputStream(data), out, "t");
        assertThat(out.toByteArray()).isEqualTo(data);
    }

    @Test
    void aFailingReader_failsTheCopy() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("corrupt zstd frame");
            }
        };
        assertThatThrownBy(() -> OverlappedCopy.copy(broken, new ByteArrayOutputStream(), "t")).hasMessage("corrupt zstd frame");
    }

    @Test
    void aFailingWriter_failsTheCopy_withoutLeavingTheReaderBlocked() {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return len;
            }
        };
        OutputStream closed = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("QEMU closed the socket");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("QEMU closed the socket");
            }
        };
        assertThatThrownBy(() -> OverlappedCopy.copy(endless, closed, "t")).hasMessage("QEMU closed the socket");
    }
}
