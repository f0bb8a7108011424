package io.hurdvm.guest;

/** Which SSH server the guest has; they are configured differently. */
public enum SshServerKind {
    /** OpenSSH (Debian GNU/Hurd): root key login depends on sshd_config. */
    OPENSSH,
    /** Dropbear (the small Linux test guest): accepts root keys by default. */
    DROPBEAR,
    NONE;

    /** Parses the one word the detection command prints; stray terminal codes around it are ignored. */
    public static SshServerKind fromDetection(String output) {
        for (SshServerKind kind : values()) {
            if (output.contains(kind.name().toLowerCase(java.util.Locale.ROOT))) {
                return kind;
            }
        }
        throw new IllegalStateException("cannot tell which SSH server the guest has from '" + output.trim() + "'");
    }
}
