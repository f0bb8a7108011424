package io.hurdvm.storage.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.storage.nbd.NbdClient;
import io.hurdvm.storage.nbd.NbdException;
import io.hurdvm.storage.nbd.QemuNbdServers;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ReadDeadline} against a real qemu-nbd that stops answering (frozen with SIGSTOP). */
class ReadDeadlineTest {
    @RegisterExtension
    final QemuNbdServers servers = new QemuNbdServers();

    @Test
    void aServerThatStopsAnsweringEndsTheReadAsATimeout() throws Exception {
        Path sock = servers.serve(servers.image(16), "--read-only");
        try (NbdClient nbd = NbdClient.connect(sock, "disk", List.of())) {
            servers.freeze();
            try (ReadDeadline deadline = new ReadDeadline(nbd, Duration.ofMillis(300))) {
                NbdException failure = assertThrows(NbdException.class,
                        () -> nbd.read(0, ByteBuffer.allocate(64 * 1024)));
                RuntimeException explained = deadline.explain(failure, "backup of vm1");
                assertThat(explained).isInstanceOf(BackupException.class)
                        .hasMessage("backup of vm1 did not finish within 300ms (--timeout): QEMU stopped answering the read of its disk;"
                                + " nothing was stored");
                assertThat(((BackupException) explained).kind()).isEqualTo(ErrorKind.TIMEOUT);
            }
        }
    }

    @Test
    void aReadThatFailsBeforeTheDeadlineKeepsItsOwnFailure() throws Exception {
        Path sock = servers.serve(servers.image(16), "--read-only");
        try (NbdClient nbd = NbdClient.connect(sock, "disk", List.of());
             ReadDeadline deadline = new ReadDeadline(nbd, Duration.ofMinutes(1))) {
            RuntimeException own = new IllegalStateException("the target is full");
            assertThat(deadline.explain(own, "backup of vm1")).isSameAs(own);
            ByteBuffer buf = ByteBuffer.allocate(4096);
            nbd.read(0, buf); // the connection is still whole
            assertThat(buf.hasRemaining()).isFalse();
        }
    }
}
