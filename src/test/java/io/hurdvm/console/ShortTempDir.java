package io.hurdvm.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * {@code @TempDir(factory = ShortTempDir.class)}: a temp dir directly under /tmp, so Unix socket paths in
 * it stay well below the 107-byte {@code sockaddr_un} limit whatever java.io.tmpdir is.
 */
public final class ShortTempDir implements TempDirFactory {
    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context) throws IOException {
        return Files.createTempDirectory(Path.of("/tmp"), "hvcon");
    }
}
