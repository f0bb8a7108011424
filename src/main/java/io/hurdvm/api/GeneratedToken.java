package io.hurdvm.api;

import io.hurdvm.proc.PrivateDirectory;
import io.hurdvm.secret.OwnerOnlyFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The token {@code serve} makes when it listens on TCP and no token file is configured: 32 random
 * bytes in {@code HURDVM_HOME/api_token}, born 0600. Kept across restarts so clients keep working
 * (delete the file to rotate it). Clients of the same user and HURDVM_HOME find it there.
 */
public final class GeneratedToken {
    public static final String FILE_NAME = "api_token";

    private GeneratedToken() {
    }

    public static Path file(Path home) {
        return home.resolve(FILE_NAME);
    }

    /** The token in {@code HURDVM_HOME/api_token}, created first if missing. */
    static ApiToken loadOrCreate(Path home, SecretFilePolicy policy) {
        Path file = file(home);
        if (!Files.exists(file)) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            PrivateDirectory.ensureOwned(home);
            // Lost a race with another serve on the same home: use the token it wrote.
            OwnerOnlyFiles.createExclusively(file, (HexFormat.of().formatHex(random) + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        policy.requirePrivate(file, "token file");
        return ApiTokenSource.read(file, "delete it and restart 'hurdvm serve' to make a new one");
    }
}
