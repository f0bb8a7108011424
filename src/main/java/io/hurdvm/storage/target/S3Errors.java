package io.hurdvm.storage.target;

import io.hurdvm.storage.target.BackupTargetException.Reason;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Turns AWS SDK exceptions into {@link BackupTargetException}s a user can act on. */
final class S3Errors {
    private static final Set<String> FULL_CODES = Set.of("QuotaExceeded", "XMinioStorageFull", "InsufficientStorage",
            "EntityTooLarge", "ServiceUnavailable.NoSpace");

    private S3Errors() {
    }

    static BackupTargetException translate(String what, String where, SdkException e) {
        if (e instanceof S3Exception s3) {
            String code = s3.awsErrorDetails() == null ? "" : s3.awsErrorDetails().errorCode();
            String detail = s3.awsErrorDetails() == null ? s3.getMessage() : code + ": " + s3.awsErrorDetails().errorMessage();
            if (s3.statusCode() == 507 || FULL_CODES.contains(code)) {
                return new BackupTargetException(Reason.FULL, what + " at " + where + ": the target is full (" + detail + "); free space or prune old backups", e);
            }
            if (s3.statusCode() == 403) {
                return new BackupTargetException(Reason.DENIED, what + " at " + where + ": access denied (" + detail + "); check the S3 credentials", e);
            }
            if (s3.statusCode() == 404) {
                return new BackupTargetException(Reason.NOT_FOUND, what + " at " + where + ": not found (" + detail + ")", e);
            }
            if ("BadDigest".equals(code) || "InvalidDigest".equals(code)) {
                return new BackupTargetException(Reason.CORRUPT, what + " at " + where + ": the store received different bytes than were sent (" + detail + ")", e);
            }
            return new BackupTargetException(Reason.OTHER, what + " at " + where + ": " + detail, e);
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ConnectException || c instanceof UnknownHostException || c instanceof NoRouteToHostException
                    || c instanceof SocketTimeoutException) {
                return new BackupTargetException(Reason.UNREACHABLE, what + ": cannot reach " + where + " (" + c.getMessage()
                        + "); check the endpoint and that the server is up", e);
            }
        }
        return new BackupTargetException(Reason.OTHER, what + " at " + where + ": " + e.getMessage(), e);
    }
}
