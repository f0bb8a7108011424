package io.hurdvm.api;

import io.hurdvm.secret.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/** The token of in-process test servers: on TCP the daemon always has one, as serve does. */
public final class TestTokens {
    public static final String TOKEN = "test-token-0123456789abcdef0123456789";

    private TestTokens() {
    }

    public static ApiToken token() {
        return new ApiToken(Secret.of(TOKEN), Path.of("/test/api_token"));
    }

    /** Loopback on a free port with {@link #TOKEN}. */
    public static ApiServerConfig loopback() {
        return ApiServerConfig.of(new ListenAddress("127.0.0.1", 0), Optional.of(token()));
    }

    /** {@code text} in a new file of {@code dir} with mode 0600, as a token file must be. */
    public static Path privateFile(Path dir, String text) throws IOException {
        Path f = Files.createTempFile(dir, "token", "", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return Files.writeString(f, text);
    }

    /** A 0600 file holding {@link #TOKEN}. */
    public static Path file(Path dir) throws IOException {
        return privateFile(dir, TOKEN + "\n");
    }
}
