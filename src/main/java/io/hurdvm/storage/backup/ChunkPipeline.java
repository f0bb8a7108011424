package io.hurdvm.storage.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Chunks of a file transformed in parallel (AES-GCM, one chunk per task, on a pool as large as the
 * host has cores, at most two) and then passed, strictly in file order, through ordered stages,
 * each on a thread of its own (a SHA-256 of the stored bytes, the write). A backup's encryption,
 * hash and write then run on both cores at once instead of one after another on one (bench/loop).
 *
 * <p>Stage {@code k} of chunk {@code i} runs after stage {@code k} of chunk {@code i-1} and after
 * the transform and stage {@code k-1} of chunk {@code i}: so every stage sees the chunks in order,
 * and once a chunk failed (a bad tag) no later chunk reaches any stage: no plaintext after a
 * forged chunk is ever written. At most {@link #DEPTH} chunks are in flight: about 2 MiB each (the
 * supervisor runs scheduled backups in a 96 MiB heap, the container's CLI in 64 MiB).
 * The first failure is rethrown by {@link #submit} or {@link #finish} with its original type.
 */
final class ChunkPipeline<T> implements AutoCloseable {
    /** A stage's work on one chunk. */
    interface Stage<T> {
        void accept(T chunk) throws Exception;
    }

    static final int DEPTH = 4;
    private static final int WORKERS = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    private final ExecutorService pool;
    private final List<ExecutorService> stageThreads = new ArrayList<>();
    private final List<Stage<T>> stages;
    private final List<CompletableFuture<T>> lastOfStage = new ArrayList<>();
    private final Deque<CompletableFuture<T>> inFlight = new ArrayDeque<>();

    @SafeVarargs
    ChunkPipeline(String name, Stage<T>... stages) {
        this.pool = Executors.newFixedThreadPool(WORKERS, daemons(name + "-chunk"));
        this.stages = List.of(stages);
        for (int k = 0; k < stages.length; k++) {
            stageThreads.add(Executors.newSingleThreadExecutor(daemons(name + "-stage" + k)));
            lastOfStage.add(CompletableFuture.completedFuture(null));
        }
    }

    /** Queues one chunk's transform; waits while {@link #DEPTH} chunks are in flight. */
    void submit(Callable<T> transform) throws IOException {
        CompletableFuture<T> chunk = CompletableFuture.supplyAsync(() -> {
            try {
                return transform.call();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, pool);
        for (int k = 0; k < stages.size(); k++) {
            Stage<T> stage = stages.get(k);
            chunk = lastOfStage.get(k).thenCombineAsync(chunk, (previous, c) -> {
                try {
                    stage.accept(c);
                    return c;
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, stageThreads.get(k));
            lastOfStage.set(k, chunk);
        }
        inFlight.add(chunk);
        if (inFlight.size() >= DEPTH) {
            await(inFlight.remove());
        }
    }

    /** Waits for every chunk to pass every stage; rethrows the first failure. */
    void finish() throws IOException {
        while (!inFlight.isEmpty()) {
            await(inFlight.remove());
        }
    }

    private static <T> void await(CompletableFuture<T> f) throws IOException {
        try {
            f.join();
        } catch (CompletionException e) {
            Throwable cause = e;
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            switch (cause) {
                case IOException io -> throw io;
                case UncheckedIOException io -> throw io;
                case RuntimeException r -> throw r;
                case Error err -> throw err;
                default -> throw new ChunkFailure(cause);
            }
        }
    }

    /** A checked exception of a transform or stage other than an IOException (e.g. a GeneralSecurityException). */
    static final class ChunkFailure extends RuntimeException {
        ChunkFailure(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * Stops what is queued and waits for what runs: after a failure the caller closes the streams
     * the stages write to, which no stage may still be using.
     */
    @Override
    public void close() {
        pool.shutdownNow();
        stageThreads.forEach(ExecutorService::shutdownNow);
        try {
            pool.awaitTermination(30, TimeUnit.SECONDS);
            for (ExecutorService s : stageThreads) {
                s.awaitTermination(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemons(String name) {
        return Thread.ofPlatform().name(name).daemon().factory();
    }
}
