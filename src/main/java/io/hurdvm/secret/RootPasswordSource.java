package io.hurdvm.secret;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the guest's root password. First match wins: {@code --root-password-file}, the file named by
 * {@code $ROOT_PASSWORD_FILE}, {@code /run/secrets/root_password} if it exists, the password hurdvm
 * generated earlier for this instance, else a newly generated one stored at
 * {@code <instance>/secrets/root_password} (0600). The password itself is only ever read from a file,
 * never taken from argv or the environment, where other processes could see it.
 *
 * @param optionFile     the {@code --root-password-file} value, if given
 * @param environment    the process environment (injectable for tests)
 * @param runSecretsFile normally {@link #RUN_SECRETS_FILE}; injectable for tests
 * @param secretsDir     the instance's secrets folder
 */
public record RootPasswordSource(Optional<Path> optionFile, Map<String, String> environment, Path runSecretsFile,
                                 Path secretsDir, PasswordGenerator generator) {
    public static final String ENV_VAR = "ROOT_PASSWORD_FILE";
    public static final Path RUN_SECRETS_FILE = Path.of("/run/secrets/root_password");
    public static final String STORED_FILE_NAME = "root_password";

    public RootPasswordSource {
        Objects.requireNonNull(optionFile, "optionFile");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(runSecretsFile, "runSecretsFile");
        Objects.requireNonNull(secretsDir, "secretsDir");
        Objects.requireNonNull(generator, "generator");
    }

    public RootPassword resolve() {
        if (optionFile.isPresent()) {
            return read(optionFile.get(), RootPasswordOrigin.OPTION);
        }
        String fromEnv = environment.get(ENV_VAR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return read(Path.of(fromEnv), RootPasswordOrigin.ENVIRONMENT);
        }
        if (Files.exists(runSecretsFile)) {
            return read(runSecretsFile, RootPasswordOrigin.RUN_SECRETS);
        }
        Path stored = secretsDir.resolve(STORED_FILE_NAME);
        if (Files.exists(stored)) {
            return read(stored, RootPasswordOrigin.INSTANCE_FILE);
        }
        return generateInto(stored);
    }

    private RootPassword generateInto(Path stored) {
        OwnerOnlyFiles.ensureDirectory(secretsDir);
        Secret fresh = generator.generate();
        if (!OwnerOnlyFiles.createExclusively(stored, (fresh.reveal() + "\n").getBytes(StandardCharsets.UTF_8))) {
            // A concurrent hurdvm generated one first: theirs is the instance's password now.
            return read(stored, RootPasswordOrigin.INSTANCE_FILE);
        }
        return new RootPassword(fresh, RootPasswordOrigin.GENERATED, stored);
    }

    /** The environment may hold unrelated secrets, so it is left out. */
    @Override
    public String toString() {
        return "RootPasswordSource[optionFile=" + optionFile.map(Path::toString).orElse("-")
                + ", env " + ENV_VAR + "=" + environment.getOrDefault(ENV_VAR, "-")
                + ", runSecretsFile=" + runSecretsFile + ", secretsDir=" + secretsDir + "]";
    }

    static RootPassword read(Path file, RootPasswordOrigin origin) {
        String hint = hintFor(origin);
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new SecretFileException("root password file " + file + " is a directory: " + hint);
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SecretFileException("root password file " + file + " does not exist: " + hint);
        } catch (AccessDeniedException e) {
            throw new SecretFileException("root password file " + file + " is not readable (permission denied): "
                    + "make it readable by the user running hurdvm");
        } catch (IOException e) {
            throw new SecretFileException("root password file " + file + " cannot be read (" + e.getMessage() + "): " + hint);
        }
        String text = stripOneTrailingNewline(decode(file, bytes));
        if (text.isEmpty()) {
            throw new SecretFileException("root password file " + file + " is empty: write the password on its first line");
        }
        return new RootPassword(Secret.of(text), origin, file);
    }

    private static String decode(Path file, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new SecretFileException("root password file " + file + " is not valid UTF-8: save it as UTF-8 text");
        }
    }

    /** Editors add a final newline; it is not part of the password. Only one is removed. */
    static String stripOneTrailingNewline(String s) {
        if (s.endsWith("\r\n")) {
            return s.substring(0, s.length() - 2);
        }
        if (s.endsWith("\n")) {
            return s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static String hintFor(RootPasswordOrigin origin) {
        return switch (origin) {
            case OPTION -> "create it or pass an existing file to --root-password-file";
            case ENVIRONMENT -> "create it or fix the " + ENV_VAR + " environment variable";
            case RUN_SECRETS -> "fix the mounted secret or remove it to let hurdvm generate a password";
            case INSTANCE_FILE, GENERATED -> "delete it to let hurdvm generate a new password";
        };
    }
}
