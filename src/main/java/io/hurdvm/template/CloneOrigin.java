package io.hurdvm.template;

import io.hurdvm.instance.JsonFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code clone.json} in a clone's instance folder: the template it was made from, and whether its
 * saved state is still to be restored. Only the first start restores; the supervisor clears
 * {@code restorePending} once the guest runs with its own identity, and every later start (after a
 * stop or a crash) boots the clone's disk like any instance. {@code passwordGenerated}: the clone's
 * root password is one hurdvm generated, not the user's (its hash then needs no key stretching; see
 * {@link io.hurdvm.secret.Sha512Crypt#GENERATED_PASSWORD_ROUNDS}); false in files written before it
 * was recorded, which keeps the default rounds.
 */
public record CloneOrigin(String template, String templateDir, Instant clonedAt, boolean restorePending,
                          boolean passwordGenerated) {
    public static final String FILE_NAME = "clone.json";

    public static Path fileIn(Path instanceDir) {
        return instanceDir.resolve(FILE_NAME);
    }

    public static Optional<CloneOrigin> readFrom(Path instanceDir) {
        Path f = fileIn(instanceDir);
        return Files.isRegularFile(f) ? Optional.of(JsonFiles.read(f, CloneOrigin.class)) : Optional.empty();
    }

    public void writeTo(Path instanceDir) {
        JsonFiles.writeAtomically(fileIn(instanceDir), this);
    }

    public CloneOrigin restored() {
        return new CloneOrigin(template, templateDir, clonedAt, false, passwordGenerated);
    }

    /** How many SHA-512 crypt rounds the clone's root password hash needs. */
    public int passwordHashRounds() {
        return passwordGenerated ? io.hurdvm.secret.Sha512Crypt.GENERATED_PASSWORD_ROUNDS : io.hurdvm.secret.Sha512Crypt.DEFAULT_ROUNDS;
    }

    public TemplatePaths templatePaths() {
        return new TemplatePaths(Path.of(templateDir));
    }
}
