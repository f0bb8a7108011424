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
     * Sets the clock to {@code now} (busybox date takes whole seconds only: rounded) and mixes the
     * bytes on stdin into the kernel's random pool, before anything in the clone makes a key.
     */
    public static String clockAndEntropy(Instant now) {
        long millis = now.toEpochMilli();
        String exact = "@" + millis / 1000 + "." + String.format("%03d", millis % 1000);
        String rounded = "@" + Math.round(millis / 1000.0);
        return "{ date -u -s " + exact + " || date -u -s " + rounded + "; } >/dev/null 2>&1; cat > /dev/urandom";
    }

    /**
     * Reads {@code root:HASH} on stdin for chpasswd, makes {@code keyLine} root's only authorized key
     * (the template's goes), makes new host keys, prints their public halves (one
     * {@code type base64 ...} line each) and restarts the SSH server: the running session stays.
     * RSA host keys are dropped, not remade: generating one takes seconds under TCG.
     */
    public static String newIdentity(String keyLine) {
        return String.join("\n", List.of(
                "set -e",
                "chpasswd -e",
                "umask 077",
                "mkdir -p /root/.ssh",
                "printf '%s\\n' " + quote(keyLine) + " > /root/.ssh/authorized_keys.hurdvm",
                "mv -f /root/.ssh/authorized_keys.hurdvm /root/.ssh/authorized_keys",
                "if command -v dropbearkey >/dev/null 2>&1 && [ -d /etc/dropbear ]; then",
                "  for f in /etc/dropbear/dropbear_*_host_key; do",
                "    [ -f \"$f\" ] || continue",
                "    t=${f#/etc/dropbear/dropbear_}; t=${t%_host_key}",
                "    [ \"$t\" = rsa ] && { rm -f \"$f\"; continue; }",
                "    rm -f \"$f.new\"; dropbearkey -t \"$t\" -f \"$f.new\" >/dev/null 2>&1; mv -f \"$f.new\" \"$f\"",
                "    dropbearkey -y -f \"$f\" | grep -E '^(ssh|ecdsa)-'",
                "  done",
                "  sync",
                // The listening dropbear is the one init started (parent 1); init starts it again with the new keys.
                "  for p in $(pidof dropbear); do [ \"$(cut -d' ' -f4 /proc/$p/stat)\" = 1 ] && kill $p || true; done",
                "elif command -v ssh-keygen >/dev/null 2>&1; then",
                "  rm -f /etc/ssh/ssh_host_rsa_key /etc/ssh/ssh_host_rsa_key.pub",
                "  for t in ed25519 ecdsa; do",
                "    f=/etc/ssh/ssh_host_${t}_key; rm -f \"$f\" \"$f.pub\"; ssh-keygen -q -t $t -N '' -f \"$f\"; cat \"$f.pub\"",
                "  done",
                "  sync",
                "  if [ -x /etc/init.d/ssh ]; then /etc/init.d/ssh restart >/dev/null 2>&1; else service ssh restart >/dev/null 2>&1; fi",
                "else",
                "  echo 'no dropbearkey or ssh-keygen in the guest: cannot make new host keys' >&2; exit 3",
                "fi"));
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
