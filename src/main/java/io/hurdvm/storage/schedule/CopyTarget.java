package io.hurdvm.storage.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hurdvm.storage.target.BackupTarget;
import java.util.Map;

/**
 * A second place a backup schedule copies each of its backups to ({@code schedule add --copy-to URI}),
 * with the S3 settings to reach it (file paths, never secrets). The copy is encrypted and authenticated
 * exactly as the original: it is the same files and manifest.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CopyTarget(String target, String s3Endpoint, String s3Region, String s3CredentialsFile) {
    public CopyTarget {
        TargetLocation.checked(target, s3Endpoint, s3Region, s3CredentialsFile, "copy", "--copy-s3-");
    }

    private TargetLocation location() {
        return new TargetLocation(target, s3Endpoint, s3Region, s3CredentialsFile);
    }

    public BackupTarget open(Map<String, String> env) {
        return location().open(env);
    }

    CopyTarget checkedOnThisHost() {
        location().checkCredentialsOnThisHost();
        return this;
    }

    public String describe() {
        return target + (s3Endpoint == null ? "" : " (endpoint " + s3Endpoint + ")");
    }
}
