package io.hurdvm.secret;

import io.hurdvm.instance.InstancePaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The secrets an instance keeps in its 0700 {@code secrets/} folder: the root password (given by the
 * user or generated) and the SSH key pair. The supervisor only ever reads these files, so a secret
 * never travels through argv or the environment of a child process.
 */
public final class InstanceSecrets {
    private final InstancePaths paths;

    public InstanceSecrets(InstancePaths paths) {
        this.paths = paths;
    }

    /**
     * Validates an explicitly given password source (flag, ROOT_PASSWORD_FILE or /run/secrets)
     * without writing anything, so bad input is reported before an instance is created.
     */
    public static void validateGiven(Optional<Path> optionFile, Map<String, String> env) {
        boolean given = optionFile.isPresent() || env.containsKey(RootPasswordSource.ENV_VAR)
                || Files.exists(RootPasswordSource.RUN_SECRETS_FILE);
        if (given) {
            Path nowhere = Path.of("/nonexistent-hurdvm-validation");
            new RootPasswordSource(optionFile, env, RootPasswordSource.RUN_SECRETS_FILE, nowhere, new PasswordGenerator()).resolve();
        }
    }

    /**
     * Resolves the root password for this instance (given, stored, or newly generated) and keeps a
     * copy in the instance folder, where the supervisor reads it.
     */
    public RootPassword establishRootPassword(Optional<Path> optionFile, Map<String, String> env) {
        RootPassword rp = new RootPasswordSource(optionFile, env, RootPasswordSource.RUN_SECRETS_FILE, paths.secretsDir(),
                new PasswordGenerator()).resolve();
        if (!rp.file().equals(storedPasswordFile())) {
            OwnerOnlyFiles.ensureDirectory(paths.secretsDir());
            OwnerOnlyFiles.writeAtomically(storedPasswordFile(), (rp.secret().reveal() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return rp;
    }

    public Secret rootPassword() {
        Path f = storedPasswordFile();
        if (!Files.isRegularFile(f)) {
            throw new SecretFileException("instance " + paths.name() + " has no root password yet: run 'hurdvm up " + paths.name() + "'");
        }
        return new RootPasswordSource(Optional.of(f), Map.of(), f, paths.secretsDir(), new PasswordGenerator()).resolve().secret();
    }

    public SshKeyPair sshKey() {
        return SshKeyPair.loadOrCreate(paths.secretsDir(), "hurdvm@" + paths.name());
    }

    public Path storedPasswordFile() {
        return paths.secretsDir().resolve(RootPasswordSource.STORED_FILE_NAME);
    }
}
