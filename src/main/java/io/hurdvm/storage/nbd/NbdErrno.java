package io.hurdvm.storage.nbd;

/** The errno values the NBD protocol defines, for error messages. */
final class NbdErrno {
    private NbdErrno() {
    }

    static String name(int errno) {
        return switch (errno) {
            case 1 -> "EPERM";
            case 5 -> "EIO";
            case 12 -> "ENOMEM";
            case 22 -> "EINVAL";
            case 28 -> "ENOSPC";
            case 75 -> "EOVERFLOW";
            case 95 -> "ENOTSUP";
            case 108 -> "ESHUTDOWN";
            default -> "unknown";
        };
    }
}
