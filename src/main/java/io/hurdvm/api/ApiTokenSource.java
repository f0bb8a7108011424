package io.hurdvm.api;

import io.hurdvm.env.HostEnvironment;
import io.hurdvm.secret.Secret;
import io.hurdvm.secret.SecretFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the API token, for the daemon and for clients alike. First match wins: {@code --token-file},
 * the file named by {@code $HURDVM_TOKEN_FILE}, {@code /run/secrets/api_token} if it exists. The
 * token is only ever read from a file, never from argv or the environment, where other processes can
 * read it. An explicitly named file that is missing is an error, not "no token". The daemon accepts
 * only a file private to its user ({@link SecretFilePolicy}); a client only one nobody else may read.
 */
public record ApiTokenSource(Optional<Path> optionFile, Map<String, String> environment, Path runSecretsFile, SecretFilePolicy policy) {
    public static final String ENV_VAR = "HURDVM_TOKEN_FILE";
    public static final Path RUN_SECRETS_FILE = SecretFilePolicy.CONTAINER_SECRETS.resolve("api_token");

    public ApiTokenSource {
        Objects.requireNonNull(optionFile, "optionFile");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(runSecretsFile, "runSecretsFile");
        Objects.requireNonNull(policy, "policy");
    }

    /** @param env supplies {@value #ENV_VAR} */
    public static ApiTokenSource of(Optional<Path> optionFile, HostEnvironment env) {
        return new ApiTokenSource(optionFile, env.asMap(), RUN_SECRETS_FILE, SecretFilePolicy.system());
    }

    /** A configured file, where it came from (for error messages), for {@link #read}. */
    private record Configured(Path file, String hint) {
    }

    private Optional<Configured> configured() {
        if (optionFile.isPresent()) {
            return Optional.of(new Configured(optionFile.get(), "check --token-file"));
        }
        String fromEnv = environment.get(ENV_VAR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(new Configured(Path.of(fromEnv), "check " + ENV_VAR));
        }
        if (Files.exists(runSecretsFile)) {
            return Optional.of(new Configured(runSecretsFile, "fix or remove the secret"));
        }
        return Optional.empty();
    }

    /** For {@code serve}: the configured token, whose file must be private to the daemon's user. */
    public Optional<ApiToken> forDaemon() {
        return configured().map(c -> {
            requireFile(c.file(), c.hint());
            policy.requirePrivate(c.file(), "token file");
            return read(c.file(), c.hint());
        });
    }

    /**
     * For {@code serve} on TCP: the configured token, or else the one generated in
     * {@code HURDVM_HOME/api_token}. The daemon never listens on TCP without a token.
     */
    public ApiToken forDaemonOnTcp(Path home) {
        return forDaemon().orElseGet(() -> GeneratedToken.loadOrCreate(home, policy));
    }

    /** Whether {@link #forDaemonOnTcp} would generate (or reuse) {@code HURDVM_HOME/api_token}. */
    public boolean nothingConfigured() {
        return configured().isEmpty();
    }

    /**
     * For clients ({@code --host}): the configured token, or else the one {@code serve} generated
     * in {@code home}, if this user may read it.
     */
    public Optional<ApiToken> forClient(Path home) {
        Optional<Configured> c = configured();
        if (c.isPresent()) {
            requireFile(c.get().file(), c.get().hint());
            policy.requireUnreadableByOthers(c.get().file(), "token file");
            return Optional.of(read(c.get().file(), c.get().hint()));
        }
        Path generated = GeneratedToken.file(home);
        if (Files.isReadable(generated)) {
            policy.requireUnreadableByOthers(generated, "token file");
            return Optional.of(read(generated, "delete it and restart 'hurdvm serve' to make a new one"));
        }
        return Optional.empty();
    }

    /**
     * Another token file of the daemon (e.g. {@code serve --viewer-token-file}), held to the same rules
     * as the API token's: private to the daemon's user, one line of at least {@link ApiToken#MIN_LENGTH}
     * printable characters.
     */
    public static ApiToken readPrivate(Path file, String option) {
        return readPrivate(file, option, SecretFilePolicy.system());
    }

    static ApiToken readPrivate(Path file, String option, SecretFilePolicy policy) {
        requireFile(file, "check " + option);
        policy.requirePrivate(file, "token file");
        return read(file, "check " + option);
    }

    private static void requireFile(Path file, String hint) {
        if (Files.isDirectory(file)) {
            throw new SecretFileException("token file " + file + " is a directory: " + hint);
        }
        if (!Files.exists(file)) {
            throw new SecretFileException("token file " + file + " does not exist: " + hint);
        }
    }

    /** Reads and checks the token's text; who may read the file is the caller's check. */
    static ApiToken read(Path file, String hint) {
        String text;
        try {
            requireFile(file, hint);
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            throw new SecretFileException("token file " + file + " does not exist: " + hint);
        } catch (AccessDeniedException e) {
            throw new SecretFileException("token file " + file + " is not readable (permission denied): make it readable by the user running hurdvm");
        } catch (IOException e) {
            throw new SecretFileException("token file " + file + " cannot be read as UTF-8 text (" + e.getClass().getSimpleName() + "): " + hint);
        }
        if (text.length() < ApiToken.MIN_LENGTH) {
            throw new SecretFileException("token in " + file + " is " + (text.isEmpty() ? "empty" : "too short")
                    + ": use at least " + ApiToken.MIN_LENGTH + " random characters, e.g. from 'openssl rand -hex 32'");
        }
        if (!text.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new SecretFileException("token in " + file + " must be one line of printable ASCII without spaces (it is sent in an HTTP header)");
        }
        return new ApiToken(Secret.of(text), file);
    }

    /** The environment may hold unrelated secrets, so only the variable this class reads is shown. */
    @Override
    public String toString() {
        return "ApiTokenSource[optionFile=" + optionFile.map(Path::toString).orElse("-") + ", env " + ENV_VAR + "="
                + environment.getOrDefault(ENV_VAR, "-") + ", runSecretsFile=" + runSecretsFile + "]";
    }
}
