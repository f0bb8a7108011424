package io.hurdvm.guest;

import static io.hurdvm.guest.ShellQuoting.quote;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The shell commands that give a guest resumed from a template's saved state its own identity, for
 * bash (Debian GNU/Hurd, OpenSSH) and busybox ash (the Linux test guest, dropbear). Every clone of a
 * template wakes with the same clock (as old as the template), the same random-number state, the
 * same SSH host keys and the template's authorized key; these commands change all of it.
 */
public final class CloneIdentityCommands {
    private CloneIdentityCommands() {
    }

    /**
     * One script, one SSH channel (each costs a round trip and a shell in an emulated guest), and as
     * few processes as can be: each costs 30-100 ms under TCG. Reads its secrets from stdin (see
     * {@link #input}; never from its command line, which the guest's {@code ps} shows): the
     * {@code root:HASH} line for chpasswd, host random bytes (hex) mixed into the kernel's pool first,
     * then the new host keys made on the host ({@link GuestHostKeys}), in dropbear's format and in
     * OpenSSH's, each as one line of printf octal escapes, which the shell's own printf writes out.
     * Dropbear re-executes itself per connection and reads its keys then: no restart; OpenSSH is
     * restarted. RSA and DSA host keys go (one RSA key takes seconds to make under TCG). Then
     * {@code keyLine} becomes root's only authorized key (the template's goes) and the script prints
     * {@link #KEYS_IN_PLACE}: from then on the clone's own key works against its new host keys, so
     * the readiness check can connect while the script still sets the clock to {@code now} (busybox
     * date takes whole seconds only: rounded then) and the password (chpasswd, last, and the slowest
     * step in the test guest). The clone is ready only once the script, too, ended well.
     */
    public static String newIdentity(Instant now, String keyLine) {
        long millis = now.toEpochMilli();
        String exact = "@" + millis / 1000 + "." + String.format("%03d", millis % 1000);
        String rounded = "@" + Math.round(millis / 1000.0);
        return String.join("\n", List.of(
                "set -e",
                // A shell's read takes a pipe one byte per system call (it must not read past the line),
                // each a trip into the emulated kernel: only the lines this guest's SSH server needs.
                "read -r pw; read -r seed; read -r d25519; read -r decdsa",
                "printf '%s\\n' \"$seed\" > /dev/urandom",
                "umask 077",
                "if [ -d /etc/dropbear ] && command -v dropbear >/dev/null 2>&1; then",
                "  for t in rsa dss; do [ ! -e /etc/dropbear/dropbear_${t}_host_key ] || rm -f /etc/dropbear/dropbear_${t}_host_key; done",
                "  printf \"$d25519\" > /etc/dropbear/dropbear_ed25519_host_key",
                "  printf \"$decdsa\" > /etc/dropbear/dropbear_ecdsa_host_key",
                "elif [ -d /etc/ssh ]; then",
                "  read -r o25519; read -r o25519p; read -r oecdsa; read -r oecdsap",
                "  for t in rsa dsa; do [ ! -e /etc/ssh/ssh_host_${t}_key ] || rm -f /etc/ssh/ssh_host_${t}_key /etc/ssh/ssh_host_${t}_key.pub; done",
                "  printf \"$o25519\" > /etc/ssh/ssh_host_ed25519_key; printf \"$o25519p\" > /etc/ssh/ssh_host_ed25519_key.pub",
                "  printf \"$oecdsa\" > /etc/ssh/ssh_host_ecdsa_key; printf \"$oecdsap\" > /etc/ssh/ssh_host_ecdsa_key.pub",
                "  " + RESTART_OPENSSH,
                "else",
                "  echo 'neither dropbear nor OpenSSH found in the guest: cannot give it new host keys' >&2; exit 3",
                "fi",
                "[ -d /root/.ssh ] || mkdir -p /root/.ssh",
                // The shell's printf, no mv (one process less): nobody logs in before the line below.
                "printf '%s\\n' " + quote(keyLine) + " > /root/.ssh/authorized_keys",
                "echo " + KEYS_IN_PLACE,
                // After the line: the readiness check's handshake needs no clock, and busybox date (which
                // refuses fractions) costs two processes; before chpasswd, which dates the change.
                "{ date -u -s " + exact + " || date -u -s " + rounded + "; } >/dev/null 2>&1",
                "printf '%s\\n' \"$pw\" | chpasswd -e",
                // On disk within a moment, without making the clone wait for the host's fdatasync.
                "(sync >/dev/null 2>&1 &)"));
    }

    /** The line {@link #newIdentity} prints once the new host keys and the clone's authorized key are in place. */
    public static final String KEYS_IN_PLACE = "hurdvm-keys-in-place";

    private static final String RESTART_OPENSSH = "if [ -x /etc/init.d/ssh ]; then /etc/init.d/ssh restart >/dev/null 2>&1;"
            + " else service ssh restart >/dev/null 2>&1; fi";

    /**
     * Restarts the SSH server so it serves the new host keys: for a dropbear built without
     * re-executing per connection, which keeps the keys it started with. The listening dropbear is
     * the one init started (parent 1); init starts it again. The running session stays.
     */
    public static String restartSshServer() {
        return "sync; if command -v dropbear >/dev/null 2>&1 && pidof dropbear >/dev/null; then"
                + " for p in $(pidof dropbear); do [ \"$(cut -d' ' -f4 /proc/$p/stat)\" = 1 ] && kill $p || true; done;"
                + " else " + RESTART_OPENSSH + " fi";
    }

    /** The script's stdin: the password line for chpasswd, the random bytes as hex, then the host keys (see {@link #newIdentity}). */
    public static String input(String sha512CryptHash, byte[] entropy, GuestHostKeys keys) {
        return String.join("\n", List.of("root:" + sha512CryptHash, java.util.HexFormat.of().formatHex(entropy),
                printfEscaped(keys.dropbearEd25519()), printfEscaped(keys.dropbearEcdsa()),
                printfEscaped(keys.openSshEd25519()), printfEscaped(GuestHostKeys.publicLine(keys.ed25519()).getBytes(StandardCharsets.US_ASCII)),
                printfEscaped(keys.openSshEcdsa()), printfEscaped(GuestHostKeys.publicLine(keys.ecdsa()).getBytes(StandardCharsets.US_ASCII)))) + "\n";
    }

    /**
     * A printf format that prints exactly {@code bytes}: printable ASCII as it is, every other byte
     * (and {@code \\}, {@code %} and the space, which {@code read} would trim) as a three-digit octal
     * escape, so no newline, no % and nothing the shell's read changes is in it. OpenSSH's key files
     * are text: a quarter of the bytes for the guest's shell to read that all-octal took.
     */
    static String printfEscaped(byte[] bytes) {
        StringBuilder b = new StringBuilder(bytes.length * 4);
        for (byte x : bytes) {
            int c = x & 0xff;
            if (c > ' ' && c < 0x7f && c != '\\' && c != '%') {
                b.append((char) c);
            } else {
                b.append('\\').append((char) ('0' + (c >> 6))).append((char) ('0' + ((c >> 3) & 7))).append((char) ('0' + (c & 7)));
            }
        }
        return b.toString();
    }
}
