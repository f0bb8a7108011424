package io.hurdvm.guest;

import io.hurdvm.secret.OwnerOnlyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.config.keys.PublicKeyEntry;

/**
 * The instance's own {@code known_hosts}. Entries are keyed by a host alias ({@code hurdvm-NAME})
 * rather than {@code [127.0.0.1]:PORT}, because the forwarded port may change between starts while the
 * guest stays the same; OpenSSH finds them through {@code HostKeyAlias} (see {@link SshConfigBlock}).
 */
public record KnownHostsFile(Path file) {
    /** The alias the guest's host key is recorded under. */
    public static String aliasFor(String instanceName) {
        return "hurdvm-" + instanceName;
    }

    /** Keys recorded for {@code alias}, each as {@code "type base64"}. */
    public List<String> keysFor(String alias) {
        List<String> keys = new ArrayList<>();
        for (String line : lines()) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && !f[0].startsWith("#") && List.of(f[0].split(",")).contains(alias)) {
                keys.add(f[1] + " " + f[2]);
            }
        }
        return keys;
    }

    public void add(String alias, PublicKey key) {
        List<String> lines = new ArrayList<>(lines());
        lines.add(alias + " " + PublicKeyEntry.toString(key));
        write(lines);
    }

    /**
     * Pins exactly {@code keys} ("type base64", e.g. the host keys a clone made and reported over a
     * connection whose host key was checked) for {@code alias}, replacing what it had.
     */
    public void replace(String alias, List<String> keys) {
        List<String> lines = new ArrayList<>();
        for (String line : lines()) {
            String first = line.trim().split("\\s+")[0];
            if (!List.of(first.split(",")).contains(alias)) {
                lines.add(line);
            }
        }
        for (String key : keys) {
            String[] f = key.trim().split("\\s+");
            if (key.contains("\n") || key.contains("\r") || f.length < 2 || !f[1].matches("[A-Za-z0-9+/=]+") || !f[0].matches("[a-z0-9@.-]+")) {
                throw new IllegalArgumentException("not a public key line: '" + key.replaceAll("[^\\x20-\\x7e]", "?") + "'");
            }
            lines.add(alias + " " + f[0] + " " + f[1]);
        }
        write(lines);
    }

    /** Forgets every key of {@code alias} (after the guest was reinstalled). */
    public void remove(String alias) {
        List<String> kept = new ArrayList<>();
        for (String line : lines()) {
            String first = line.trim().split("\\s+")[0];
            if (!List.of(first.split(",")).contains(alias)) {
                kept.add(line);
            }
        }
        write(kept);
    }

    private List<String> lines() {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private void write(List<String> lines) {
        String text = lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
        OwnerOnlyFiles.writeAtomically(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
