package io.hurdvm.guest.copy;

/**
 * What a copy needs to know about one path.
 *
 * @param kind        what the path itself is (a symbolic link is not followed)
 * @param isDirectory whether it leads to a directory, following symbolic links (cp's test for "DST is a directory")
 * @param canonical   the absolute path without symbolic links or {@code .}/{@code ..}, for a directory; otherwise null
 */
record PathFacts(PathKind kind, boolean isDirectory, String canonical) {
    static final PathFacts MISSING = new PathFacts(PathKind.MISSING, false, null);

    boolean exists() {
        return kind != PathKind.MISSING;
    }
}
