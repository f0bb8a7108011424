package io.hurdvm.storage.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Restores one format-3 backup's disk stream in one pass: the calling thread fetches it, checks it
 * against the manifest and decrypts it (authenticating every chunk before its bytes go on), while a
 * second thread parses the plaintext ({@link DiskStreamReader}, as hostile as ever) and writes its
 * records to the new disk. A staging copy of the stream cost a write and a read of the whole stream
 * (0.8 s of a 2.6 s restore of 512 MiB, bench/loop); the two halves now overlap instead.
 *
 * <p>The stream's SHA-256 is known only at its end, so records are written before it is checked:
 * the disk they go to is the restore's staging disk, thrown away on any failure (RestoreService).
 * A link is applied completely, or fails, before this returns: the next link is applied after it.
 */
final class StreamApplier {
    private final ChainFetcher fetcher;

    StreamApplier(ChainFetcher fetcher) {
        this.fetcher = fetcher;
    }

    /** @return bytes downloaded */
    long apply(BackupManifest link, long virtualSize, DiskStreamReader.Sink sink) throws IOException {
        ByteHandOff handOff = new ByteHandOff();
        FutureTask<Void> writes = new FutureTask<>(() -> {
            try {
                DiskStreamReader.apply(handOff.reader(), virtualSize, sink, "backup " + link.id() + "'s disk");
                return null;
            } finally {
                handOff.readerDone(); // the fetch reads on to its end (its hash), dropping the bytes
            }
        });
        Thread.ofPlatform().name("restore-apply").daemon().start(writes);
        long read;
        try {
            read = fetcher.stream(link, BackupManifest.DISK_STREAM, handOff.writer());
            handOff.writer().close();
        } catch (IOException | RuntimeException | Error e) {
            handOff.abort();
            await(writes, true);
            throw e; // the stored file's damage explains whatever the parser saw of it
        }
        await(writes, false);
        return read;
    }

    /** Waits for the writing thread; rethrows its failure unless {@code quietly}. */
    private static void await(FutureTask<Void> writes, boolean quietly) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    writes.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // the writer ends by itself once the hand-off ended: wait for it
                } catch (ExecutionException e) {
                    if (quietly) {
                        return;
                    }
                    switch (e.getCause()) {
                        case IOException io -> throw io;
                        case RuntimeException r -> throw r;
                        case Error err -> throw err;
                        default -> throw new UncheckedIOException(new IOException(e.getCause()));
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
