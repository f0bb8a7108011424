package io.hurdvm.api;

import io.hurdvm.storage.backup.BackupProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The progress of a long backup operation in the daemon's log, so an operator can follow it; byte counts are left out. */
final class LoggedProgress {
    private static final Logger LOG = LoggerFactory.getLogger(BackupRoutes.class);

    private LoggedProgress() {
    }

    static BackupProgress of(String operation) {
        return new BackupProgress() {
            @Override
            public void step(String message) {
                LOG.info("{}: {}", operation, message);
            }

            @Override
            public void bytes(String what, long done, long total) {
            }
        };
    }
}
