package io.hurdvm.storage.target;

import java.util.function.Supplier;

/** Opens the target a {@link TargetUri} names; S3 settings are resolved only when needed. */
public final class BackupTargets {
    private BackupTargets() {
    }

    public static BackupTarget open(TargetUri uri, Supplier<S3Settings> s3Settings) {
        return switch (uri) {
            case TargetUri.LocalDir d -> new LocalDirTarget(d.dir());
            case TargetUri.S3 s -> new S3Target(s, s3Settings.get());
        };
    }
}
