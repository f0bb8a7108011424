package io.hurdvm.guest.copy;

import io.hurdvm.errors.ErrorKind;

/**
 * Where a copy lands, decided like {@code cp -r SRC DST} for both directions and both transports:
 * an existing directory DST receives the copy inside it (DST/name-of-SRC); otherwise DST itself
 * becomes the copy, and its parent must exist. The decisions are pure, so they are tested without
 * a guest; the callers gather the facts (one round trip to the guest) and carry them out.
 */
final class CopyPlanner {
    /** Where the copy goes relative to DST. */
    enum Placement {
        /** DST is a directory: the copy is DST/name. */
        INSIDE,
        /** DST itself becomes the copy. */
        AS
    }

    private CopyPlanner() {
    }

    /**
     * The name the copy gets inside a directory: the last component of the source's path. It may
     * come from the guest (a canonical path), so anything but one plain component is refused.
     */
    static String sourceName(String path, String display) {
        String name = GuestPaths.name(path);
        if (name.equals("/")) {
            throw new CopyException(ErrorKind.BAD_INPUT, "cannot copy the root directory " + display + "; name a directory below it");
        }
        if (!isPlainName(name)) {
            throw CopyException.refused("refusing to copy " + display + ": its name '" + printable(name) + "' is not a plain file name");
        }
        return name;
    }

    /**
     * @param trailingSlash DST was written with a trailing slash, so it must be a directory
     * @param parent        facts about DST's parent directory (only read when DST is not a directory)
     */
    static Placement placement(PathKind source, String dstDisplay, boolean trailingSlash, PathFacts dst,
                               String parentDisplay, PathFacts parent) {
        if (dst.isDirectory()) {
            return Placement.INSIDE;
        }
        if (trailingSlash && (dst.exists() || source != PathKind.DIRECTORY)) {
            throw new CopyException(ErrorKind.BAD_INPUT, "cannot copy to " + dstDisplay + ": "
                    + (dst.exists() ? "not a directory" : "no such directory"));
        }
        if (!dst.exists() && !parent.isDirectory()) {
            throw new CopyException(ErrorKind.BAD_INPUT, "cannot copy to " + dstDisplay + ": no such directory " + parentDisplay);
        }
        return Placement.AS;
    }

    /**
     * Refuses what cp refuses when the target exists: a directory over a non-directory and the
     * other way round. A file or link over a file or link replaces it; a directory over a directory
     * merges.
     */
    static void checkOverwrite(PathKind source, String targetDisplay, PathFacts target) {
        if (!target.exists()) {
            return;
        }
        boolean targetIsDirectory = target.kind() == PathKind.DIRECTORY;
        if (source == PathKind.DIRECTORY && !targetIsDirectory) {
            throw new CopyException(ErrorKind.BAD_INPUT, "cannot overwrite non-directory " + targetDisplay + " with a directory");
        }
        if (source != PathKind.DIRECTORY && targetIsDirectory) {
            throw new CopyException(ErrorKind.BAD_INPUT, "cannot overwrite directory " + targetDisplay + " with a non-directory");
        }
    }

    /** One path component that cannot climb or descend: not empty, {@code .} or {@code ..}; no '/' or NUL. */
    static boolean isPlainName(String name) {
        return !name.isEmpty() && !name.equals(".") && !name.equals("..") && name.indexOf('/') < 0 && name.indexOf('\0') < 0;
    }

    /** Text from the guest made safe for a one-line message on a terminal. */
    static String printable(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 200 ? clean.substring(0, 200) + "..." : clean;
    }
}
