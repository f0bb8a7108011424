package io.hurdvm.secret;

import java.nio.file.Path;
import java.util.Objects;

/** The resolved root password, where it came from and which file holds it. Safe to print. */
public record RootPassword(Secret secret, RootPasswordOrigin origin, Path file) {
    public RootPassword {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(file, "file");
    }
}
