package io.hurdvm.guest;

import static io.hurdvm.guest.ShellQuoting.quote;

/**
 * The shell commands provisioning types into the guest, one line each, written for both bash
 * (Debian GNU/Hurd) and busybox ash (the Linux test guest).
 */
final class ProvisioningCommands {
    static final String MARKER_FILE = "/var/lib/hurdvm/provisioned";
    static final String DROP_IN = "/etc/ssh/sshd_config.d/10-hurdvm.conf";
    private static final String SETTINGS = quote("# written by hurdvm: root may log in with its SSH key")
            + " 'PermitRootLogin prohibit-password' 'PubkeyAuthentication yes'";

    private ProvisioningCommands() {
    }

    static String isProvisioned() {
        return "test -f " + MARKER_FILE;
    }

    static String kernelName() {
        return "uname -s";
    }

    static String sshServer() {
        return "if command -v sshd >/dev/null 2>&1; then echo openssh;"
                + " elif command -v dropbear >/dev/null 2>&1; then echo dropbear; else echo none; fi";
    }

    /** Only the hash crosses the console; {@code -e} tells chpasswd it is already encrypted. */
    static String setRootPassword(String sha512CryptHash) {
        return "echo " + quote("root:" + sha512CryptHash) + " | chpasswd -e";
    }

    /** Idempotent: the key line is appended only if it is not there yet. */
    static String installAuthorizedKey(String keyLine) {
        String file = "/root/.ssh/authorized_keys";
        return "mkdir -p /root/.ssh && chmod 700 /root/.ssh && touch " + file + " && chmod 600 " + file
                + " && { grep -qxF " + quote(keyLine) + " " + file + " || printf '%s\\n' " + quote(keyLine) + " >> " + file + "; }";
    }

    /** Exit 0 if OpenSSH's effective configuration already lets root in with a key. */
    static String openSshAcceptsRootKeys() {
        return "sshd -T 2>/dev/null | grep -qiE '^permitrootlogin (yes|prohibit-password|without-password)$'"
                + " && sshd -T 2>/dev/null | grep -qi '^pubkeyauthentication yes$'";
    }

    /**
     * sshd uses the first value it reads for a keyword. Debian's sshd_config includes
     * sshd_config.d/*.conf at the top, so a drop-in wins; without that Include we edit the main file.
     */
    static String configureOpenSsh() {
        return "if grep -qiE '^[[:space:]]*Include[[:space:]]+/etc/ssh/sshd_config\\.d/' /etc/ssh/sshd_config;"
                + " then mkdir -p /etc/ssh/sshd_config.d && printf '%s\\n' " + SETTINGS + " > " + DROP_IN + ";"
                + " else sed -i -E '/^[[:space:]]*(PermitRootLogin|PubkeyAuthentication)[[:space:]]/Id' /etc/ssh/sshd_config"
                + " && printf '%s\\n' " + SETTINGS + " >> /etc/ssh/sshd_config; fi && sshd -t";
    }

    /** GNU/Hurd runs sysvinit scripts; {@code service} covers other Debian-like guests. */
    static String restartOpenSsh() {
        return "if [ -x /etc/init.d/ssh ]; then /etc/init.d/ssh restart; else service ssh restart; fi";
    }

    static String markProvisioned() {
        return "mkdir -p /var/lib/hurdvm && date > " + MARKER_FILE + " && sync";
    }
}
