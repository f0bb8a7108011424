package io.hurdvm.guest;

import io.hurdvm.instance.InstancePaths;
import io.hurdvm.secret.SshKeyPair;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A ready {@code ~/.ssh/config} block so plain {@code ssh hurdvm-NAME} (and scp, rsync, IDEs) reach
 * the guest with the instance's key and pinned host key. {@code HostKeyAlias} makes OpenSSH look the
 * key up under the alias hurdvm records, whatever port the guest got this time.
 */
public record SshConfigBlock(String instanceName, int port, Path identityFile, Path knownHosts) {
    public SshConfigBlock {
        Objects.requireNonNull(instanceName, "instanceName");
        Objects.requireNonNull(identityFile, "identityFile");
        Objects.requireNonNull(knownHosts, "knownHosts");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("invalid SSH port " + port + ": use 1-65535");
        }
    }

    public static SshConfigBlock forInstance(InstancePaths paths, int port) {
        return new SshConfigBlock(paths.name(), port, paths.secretsDir().resolve(SshKeyPair.PRIVATE_KEY_NAME), paths.knownHosts());
    }

    public String hostName() {
        return KnownHostsFile.aliasFor(instanceName);
    }

    public String render() {
        StringBuilder sb = new StringBuilder("Host ").append(hostName()).append('\n');
        options().forEach(o -> sb.append("  ").append(o).append('\n'));
        return sb.toString();
    }

    /** The block's settings, each "Keyword value" as ssh_config and {@code ssh -o} take them. */
    public List<String> options() {
        return List.of("HostName 127.0.0.1", "Port " + port, "User root", "IdentityFile " + quoted(identityFile),
                "IdentitiesOnly yes", "UserKnownHostsFile " + quoted(knownHosts), "StrictHostKeyChecking yes",
                "HostKeyAlias " + hostName());
    }

    /** ssh_config splits on spaces unless the value is in double quotes. */
    private static String quoted(Path path) {
        String s = path.toAbsolutePath().toString();
        if (s.contains("\"")) {
            throw new IllegalArgumentException("path " + s + " contains '\"', which ssh_config cannot express");
        }
        return s.contains(" ") ? "\"" + s + "\"" : s;
    }

    @Override
    public String toString() {
        return render();
    }
}
