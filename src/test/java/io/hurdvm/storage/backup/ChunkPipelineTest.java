package io.hurdvm.storage.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChunkPipelineTest {
    /**
     * Chunk 0's transform waits until chunk 1's has finished (on a one-core host the wait times out
     * and the order is natural): the stages must still see 0 before 1.
     */
    @Test
    void stagesSeeChunksInSubmissionOrder_evenWhenTransformsFinishOutOfOrder() throws Exception {
        List<Integer> hashed = new CopyOnWriteArrayList<>();
        List<Integer> written = new CopyOnWriteArrayList<>();
        CountDownLatch secondDone = new CountDownLatch(1);
        try (ChunkPipeline<Integer> p = new ChunkPipeline<>("t", hashed::add, written::add)) {
            p.submit(() -> {
                secondDone.await(5, TimeUnit.SECONDS);
                return 0;
            });
            p.submit(() -> {
                secondDone.countDown();
                return 1;
            });
            for (int i = 2; i < 40; i++) {
                int n = i;
                p.submit(() -> n);
            }
            p.finish();
        }
        List<Integer> expected = java.util.stream.IntStream.range(0, 40).boxed().toList();
        assertThat(hashed).isEqualTo(expected);
        assertThat(written).isEqualTo(expected);
    }

    /** As a forged chunk must not let any later plaintext out: nothing after the failure reaches a stage. */
    @Test
    void afterAFailedTransform_noLaterChunkReachesAStage_andTheFailureKeepsItsType() throws Exception {
        List<Integer> written = new CopyOnWriteArrayList<>();
        assertThatThrownBy(() -> {
            try (ChunkPipeline<Integer> p = new ChunkPipeline<>("t", written::add)) {
                for (int i = 0; i < 20; i++) {
                    int n = i;
                    p.submit(() -> {
                        if (n == 3) {
                            throw new BackupException("chunk 3 is forged");
                        }
                        return n;
                    });
                }
                p.finish();
            }
        }).isInstanceOf(BackupException.class).hasMessage("chunk 3 is forged");
        assertThat(written).containsExactly(0, 1, 2);
    }

    @Test
    void aFailingStage_stopsTheLaterChunks_withItsIOException() {
        List<Integer> written = new CopyOnWriteArrayList<>();
        assertThatThrownBy(() -> {
            try (ChunkPipeline<Integer> p = new ChunkPipeline<>("t", n -> {
                if (n == 5) {
                    throw new IOException("disk full");
                }
                written.add(n);
            })) {
                for (int i = 0; i < 20; i++) {
                    int n = i;
                    p.submit(() -> n);
                }
                p.finish();
            }
        }).isInstanceOf(IOException.class).hasMessage("disk full");
        assertThat(written).containsExactly(0, 1, 2, 3, 4);
    }
}
