package io.hurdvm.storage.backup;

import java.util.List;
import java.util.Optional;

/**
 * Full or incremental? Incremental only when every fact agrees that the dirty bitmap holds exactly
 * the changes since the newest backup on this target; see {@link ChainState} for why.
 *
 * @param parent empty for a full backup
 */
record ChainDecision(Optional<BackupManifest> parent, String reason) {
    /** @param trust decides whether the newest backup can be a parent: one the restore with this key (or none) will accept */
    static ChainDecision decide(boolean forceFull, boolean online, boolean bitmapUsable, ChainState state, String targetUri,
                                List<BackupManifest> backups, int maxIncrementals, BackupTrust trust) {
        if (forceFull) {
            return full("a full backup was requested");
        }
        if (!online) {
            return full("the VM is stopped: offline backups are always full");
        }
        if (state == null || state.lastId() == null) {
            return full("no backup chain yet");
        }
        if (state.inFlight()) {
            return full("the previous backup did not finish");
        }
        if (!state.target().equals(targetUri)) {
            return full("the chain lives on " + state.target());
        }
        if (backups.isEmpty() || !backups.getLast().id().equals(state.lastId())) {
            return full("the chain's newest backup " + state.lastId() + " is not the newest on the target");
        }
        if (backups.getLast().encrypted() != trust.key().isPresent()) {
            return full("the newest backup is " + (trust.key().isPresent() ? "not " : "") + "encrypted: a chain is encrypted throughout or not at all");
        }
        var untrusted = trust.problem(backups.getLast());
        if (untrusted.isPresent()) {
            return full("the newest backup cannot be a parent: " + untrusted.get());
        }
        if (!backups.getLast().diskStream()) {
            return full("the newest backup stores its disk in the older qcow2 format: a chain does not mix disk formats");
        }
        if (state.incrementals() >= maxIncrementals) {
            return full(state.incrementals() + " incrementals since the last full backup");
        }
        if (!bitmapUsable) {
            return full("no consistent dirty bitmap on the disk (new disk or unclean QEMU exit)");
        }
        return new ChainDecision(Optional.of(backups.getLast()), "changes since " + state.lastId());
    }

    private static ChainDecision full(String reason) {
        return new ChainDecision(Optional.empty(), reason);
    }

    boolean incremental() {
        return parent.isPresent();
    }
}
