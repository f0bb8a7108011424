package io.hurdvm.storage.backup;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A backup target's leftovers removed and its backups listed ({@link BackupCatalog}) on a thread of
 * their own, while a backup does what does not depend on them (the VM's checks, the fleece image).
 */
final class CatalogListing {
    private final CompletableFuture<List<BackupManifest>> backups;
    private final CompletableFuture<Integer> leftovers;

    private CatalogListing(CompletableFuture<Integer> leftovers, CompletableFuture<List<BackupManifest>> backups) {
        this.leftovers = leftovers;
        this.backups = backups;
    }

    static CatalogListing start(BackupCatalog catalog) {
        CompletableFuture<Integer> leftovers = new CompletableFuture<>();
        CompletableFuture<List<BackupManifest>> backups = new CompletableFuture<>();
        Thread.ofPlatform().name("backup-catalog").daemon().start(() -> {
            try {
                leftovers.complete(catalog.removeLeftovers());
                backups.complete(catalog.backups());
            } catch (Throwable e) {
                leftovers.completeExceptionally(e);
                backups.completeExceptionally(e);
            }
        });
        return new CatalogListing(leftovers, backups);
    }

    List<BackupManifest> backups() {
        return join(backups);
    }

    int leftovers() {
        return join(leftovers);
    }

    void awaitQuietly() {
        try {
            backups.join();
        } catch (RuntimeException e) {
            // reported by backups() if it mattered
        }
    }

    /** The listing's own exception (its type says what failed: the target, a damaged manifest...). */
    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}

/**
 * Reads the running disk once through a {@link FleecingExport} and stores it as a {@link DiskStream}:
 * compressed, encrypted and hashed on the way to the target, no staging copy. {@code fleece} is
 * from {@link #fleeceImage}.
 */
