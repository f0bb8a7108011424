package io.hurdvm.guest.copy;

/** What a path names, without following a symbolic link at its end. */
enum PathKind {
    MISSING, FILE, DIRECTORY, SYMLINK, OTHER
}
