package io.hurdvm.storage.backup;

import io.hurdvm.instance.JsonFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code backup-chain.json} in the instance folder: what the dirty bitmap is relative to. The
 * bitmap is only trusted for an incremental backup when this says the last attempt finished, on the
 * same target, with the backup that target still lists as newest. Anything else (an interrupted
 * run, another target, a pruned parent) starts a new chain with a full backup: a wrong bitmap would
 * silently lose changes, a needless full backup only costs time.
 *
 * @param target       the target URI the chain lives on
 * @param lastId       the newest completed backup of the chain
 * @param incrementals incrementals since the chain's full backup
 * @param inFlight     a backup started and did not finish
 */
public record ChainState(String target, String lastId, int incrementals, boolean inFlight) {
    static final String FILE = "backup-chain.json";

    static ChainState read(Path instanceDir) {
        Path f = instanceDir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            return JsonFiles.MAPPER.readValue(f.toFile(), ChainState.class);
        } catch (IOException e) {
            return null; // unreadable state means: trust nothing, take a full backup
        }
    }

    static void markInFlight(Path instanceDir, ChainState previous, String target) {
        write(instanceDir, new ChainState(target, previous == null ? null : previous.lastId(),
                previous == null ? 0 : previous.incrementals(), true));
    }

    static void write(Path instanceDir, ChainState state) {
        try {
            Files.createDirectories(instanceDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonFiles.writeAtomically(instanceDir.resolve(FILE), state);
    }
}
