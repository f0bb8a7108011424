package io.hurdvm.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Test guests built by the guests/ scripts: in $HURDVM_GUEST_CACHE, else the project's .cache/guests. */
final class GuestCache {
    private GuestCache() {
    }

    static Path dir() {
        String env = System.getenv("HURDVM_GUEST_CACHE");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(".cache", "guests").toAbsolutePath();
    }

    static Optional<Path> find(String fileName) {
        Path p = dir().resolve(fileName);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }
}
