package io.hurdvm.guest;

import static io.hurdvm.guest.ShellQuoting.quote;

import io.hurdvm.vm.ProvisionScript;

/**
 * The commands that run a user's provision script in the guest, for bash (Debian GNU/Hurd) and
 * busybox ash alike. The script travels on the exec channel's stdin (Hurd images often have no SFTP
 * server) into a root-only file next to its marker; its marker, named by its SHA-256, says it ran.
 */
final class ProvisionScriptCommands {
    static final String DIR = "/var/lib/hurdvm/provision";

    private ProvisionScriptCommands() {
    }

    static String hasRun(ProvisionScript s) {
        return "test -f " + marker(s);
    }

    /** Reads the script from stdin into a file only root can read. */
    static String upload(ProvisionScript s) {
        return "umask 077 && mkdir -p " + DIR + " && cat > " + file(s);
    }

    /**
     * Runs the script from /, stdin empty. A script with a {@code #!} line runs under that interpreter
     * (set -e is then its own business); any other runs under {@code sh -e}, so its first failing
     * command ends it with that command's status.
     */
    static String run(ProvisionScript s) {
        if (s.content().startsWith("#!")) {
            return "cd / && chmod 700 " + file(s) + " && exec " + file(s) + " </dev/null";
        }
        return "cd / && exec sh -e " + file(s) + " </dev/null";
    }

    /** Writes the marker atomically and syncs, so a halt right after does not lose it. */
    static String markRun(ProvisionScript s) {
        String tmp = marker(s) + ".tmp";
        return "umask 077 && printf '%s\\n' " + quote(printable(s.name())) + " > " + tmp + " && mv " + tmp + " " + marker(s) + " && sync";
    }

    private static String marker(ProvisionScript s) {
        return DIR + "/" + s.sha256();
    }

    private static String file(ProvisionScript s) {
        return DIR + "/" + s.sha256() + ".sh";
    }

    private static String printable(String s) {
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
