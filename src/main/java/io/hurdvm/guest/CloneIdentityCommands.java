package io.hurdvm.guest;

import static io.hurdvm.guest.ShellQuoting.quote;

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
     * One script, one SSH channel (each costs a round trip and a shell in an emulated guest). First
     * the clock is set to {@code now} (busybox date takes whole seconds only: rounded then), then two
     * lines are read from stdin: {@code root:HASH} for chpasswd and host random bytes (hex) that are
     * mixed into the kernel's random pool before anything makes a key. Then new host keys are made,
     * their public halves printed ({@code type base64 ...}, one line each) and OpenSSH restarted
     * (dropbear re-executes itself per connection and reads the new keys then; the running session
     * stays either way); then the password is set and {@code keyLine} becomes root's only
     * authorized key (the template's goes). RSA host keys are dropped, not remade: generating one takes seconds under TCG.
     */
    public static String newIdentity(Instant now, String keyLine) {
        long millis = now.toEpochMilli();
        String exact = "@" + millis / 1000 + "." + String.format("%03d", millis % 1000);
        String rounded = "@" + Math.round(millis / 1000.0);
        return String.join("\n", List.of(
                "{ date -u -s " + exact + " || date -u -s " + rounded + "; } >/dev/null 2>&1",
                "set -e",
                "read -r pw",
                "read -r seed",
                "printf '%s\\n' \"$seed\" > /dev/urandom",
                "umask 077",
                "if command -v dropbearkey >/dev/null 2>&1 && [ -d /etc/dropbear ]; then",
                "  for f in /etc/dropbear/dropbear_*_host_key; do",
                "    [ -f \"$f\" ] || continue",
                "    t=${f#/etc/dropbear/dropbear_}; t=${t%_host_key}",
                "    [ \"$t\" = rsa ] && { rm -f \"$f\"; continue; }",
                "    rm -f \"$f.new\"; dropbearkey -t \"$t\" -f \"$f.new\" >/dev/null 2>&1; mv -f \"$f.new\" \"$f\"",
                "    dropbearkey -y -f \"$f\" | grep -E '^(ssh|ecdsa)-'",
                "  done",
                // dropbear re-executes itself for every connection and reads its host keys then: no restart.
                "elif command -v ssh-keygen >/dev/null 2>&1; then",
                "  rm -f /etc/ssh/ssh_host_rsa_key /etc/ssh/ssh_host_rsa_key.pub",
                "  for t in ed25519 ecdsa; do",
                "    f=/etc/ssh/ssh_host_${t}_key; rm -f \"$f\" \"$f.pub\"; ssh-keygen -q -t $t -N '' -f \"$f\"; cat \"$f.pub\"",
                "  done",
                "  " + RESTART_OPENSSH,
                "else",
                "  echo 'no dropbearkey or ssh-keygen in the guest: cannot make new host keys' >&2; exit 3",
                "fi",
                // While the SSH server restarts: the clone's password, and its key as root's only one.
                "printf '%s\\n' \"$pw\" | chpasswd -e",
                "mkdir -p /root/.ssh",
                "printf '%s\\n' " + quote(keyLine) + " > /root/.ssh/authorized_keys.hurdvm",
                "mv -f /root/.ssh/authorized_keys.hurdvm /root/.ssh/authorized_keys",
                // On disk within a moment, without making the clone wait for the host's fdatasync.
                "(sync >/dev/null 2>&1 &)"));
    }

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

    /** The script's stdin: the password line for chpasswd, then the random bytes as hex. */
    public static String input(String sha512CryptHash, byte[] entropy) {
        return "root:" + sha512CryptHash + "\n" + java.util.HexFormat.of().formatHex(entropy) + "\n";
    }

    /** The public host keys in the output of {@link #newIdentity}: "type base64" each. */
    public static List<String> hostKeysIn(String output) {
        return output.lines().map(String::strip)
                .filter(l -> l.matches("(ssh-[a-z0-9]+|ecdsa-sha2-nistp[0-9]+) [A-Za-z0-9+/=]+( .*)?"))
                .map(l -> {
                    String[] f = l.split("\\s+");
                    return f[0] + " " + f[1];
                }).toList();
    }
}
