package io.hurdvm.guest.copy;

/**
 * Slash-separated path strings as the guest sees them, handled without the host's file system:
 * the guest's paths do not exist here, and a host Path would resolve them against the host.
 */
final class GuestPaths {
    private GuestPaths() {
    }

    /** Without trailing slashes ({@code "/"} stays); an empty path is the home directory {@code "."}. */
    static String strip(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? "." : p;
    }

    /** {@code /a/b} → {@code /a}, {@code /a} → {@code /}, {@code a} → {@code .}. */
    static String parent(String path) {
        String p = strip(path);
        int slash = p.lastIndexOf('/');
        if (slash < 0) {
            return ".";
        }
        return slash == 0 ? "/" : strip(p.substring(0, slash));
    }

    /** The last component of the stripped path ({@code "/"} for the root). */
    static String name(String path) {
        String p = strip(path);
        return p.equals("/") ? "/" : p.substring(p.lastIndexOf('/') + 1);
    }

    static String join(String directory, String name) {
        String d = strip(directory);
        return d.endsWith("/") ? d + name : d + "/" + name;
    }

    /** A relative path gets a leading {@code ./} so that no shell command takes it for an option. */
    static String forShell(String path) {
        return path.startsWith("/") ? path : "./" + path;
    }
}
