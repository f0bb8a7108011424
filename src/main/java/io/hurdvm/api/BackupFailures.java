package io.hurdvm.api;

import io.hurdvm.storage.backup.BackupBusyException;
import io.hurdvm.storage.backup.BackupException;
import io.hurdvm.storage.backup.BackupNotFoundException;
import io.hurdvm.storage.backup.BackupProgress;
import io.hurdvm.storage.target.BackupTargetException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a failed backup operation means over HTTP. The messages are the services' one-liners, which
 * name targets by URI only: credentials never reach them.
 */
final class BackupFailures {
    private static final Logger LOG = LoggerFactory.getLogger(BackupRoutes.class);

    private BackupFailures() {
    }

    /**
     * Runs {@code action}: an unknown backup is 404; another backup operation on the instance 409; the
     * target full 507; the target unreachable, refusing or missing 502 (the store behind us failed,
     * not the request); any other backup failure (QEMU's job, a broken or damaged chain) 500.
     */
    static <T> T mapped(Supplier<T> action) {
        try {
            return action.get();
        } catch (BackupTargetException e) {
            LOG.warn("backup target failed ({}): {}", e.reason(), e.getMessage());
            throw new ApiException(e.reason() == BackupTargetException.Reason.FULL ? 507 : 502, e.getMessage());
        } catch (BackupNotFoundException e) {
            throw ApiException.notFound(e.getMessage());
        } catch (BackupBusyException e) {
            throw ApiException.conflict(e.getMessage());
        } catch (BackupException e) {
            LOG.warn("backup operation failed: {}", e.getMessage(), e);
            throw new ApiException(500, e.getMessage());
        }
    }

    /** Steps go to the daemon's log, so an operator can follow a long backup; byte counts are left out. */
    static BackupProgress logged(String operation) {
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
