package io.hurdvm.storage.target;

import java.nio.file.Path;
import java.util.function.Supplier;

/** Opens the target a {@link TargetUri} names; S3 settings are resolved only when needed. */
public final class BackupTargets {
    private BackupTargets() {
    }

    /** The default target's directory, {@code $HURDVM_HOME/backups}. */
    public static Path defaultDir(Path home) {
        return home.resolve("backups").toAbsolutePath().normalize();
    }

    /**
     * Opens {@code uri}. The default directory ({@link #defaultDir}) is created on first use, owner-only;
     * any other directory must exist: a path that does not is a typo or an unmounted disk far more often
     * than a wish, and backups written there would not be where the user looks for them.
     */
    public static BackupTarget open(TargetUri uri, Path home, Supplier<S3Settings> s3Settings) {
        return switch (uri) {
            case TargetUri.LocalDir d when d.dir().equals(defaultDir(home)) -> LocalDirTarget.createdOnFirstWrite(d.dir());
            case TargetUri.LocalDir d -> new LocalDirTarget(d.dir());
            case TargetUri.S3 s -> new S3Target(s, s3Settings.get());
        };
    }
}
