package io.hurdvm.guest;

/** Which SSH server the guest has; they are configured differently. */
public enum SshServerKind {
    /** OpenSSH (Debian GNU/Hurd): root key login depends on sshd_config. */
    OPENSSH,
    /** Dropbear (the small Linux test guest): accepts root keys by default. */
    DROPBEAR,
    NONE
}
