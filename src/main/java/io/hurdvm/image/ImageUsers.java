package io.hurdvm.image;

import java.nio.file.Path;
import java.util.List;

/** Tells which instances still need a stored image, so {@code image rm} can refuse to delete it. */
@FunctionalInterface
public interface ImageUsers {
    /** Names of the instances whose disk overlay is backed by {@code blob}; empty when none. */
    List<String> usersOf(Path blob);
}
