package io.hurdvm.guest;

import io.hurdvm.instance.InstancePaths;
import io.hurdvm.secret.Secret;
import io.hurdvm.secret.SshKeyPair;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and as whom to reach a guest over SSH, and which known_hosts pins its key.
 *
 * @param instanceName names the guest in messages and its known_hosts alias
 * @param password     optional password authentication (tests, or a guest without our key yet)
 */
public record SshTarget(String instanceName, String host, int port, String user, Optional<KeyPair> identity,
                        Optional<Secret> password, Path knownHosts) {
    public SshTarget {
        Objects.requireNonNull(instanceName, "instanceName");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(knownHosts, "knownHosts");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("invalid SSH port " + port + ": use 1-65535");
        }
        if (identity.isEmpty() && password.isEmpty()) {
            throw new IllegalArgumentException("SSH to " + instanceName + " needs a key or a password");
        }
    }

    /** How hurdvm reaches an instance's guest: its key, its known_hosts, the forwarded port. */
    public static SshTarget forInstance(InstancePaths paths, int port, SshKeyPair key) {
        return withKey(paths.name(), port, key, paths.knownHosts());
    }

    /** root@127.0.0.1:port with the instance's key: how hurdvm reaches its guests. */
    public static SshTarget withKey(String instanceName, int port, SshKeyPair key, Path knownHosts) {
        return new SshTarget(instanceName, "127.0.0.1", port, "root", Optional.of(key.keyPair()), Optional.empty(), knownHosts);
    }

    public static SshTarget withPassword(String instanceName, int port, String user, Secret password, Path knownHosts) {
        return new SshTarget(instanceName, "127.0.0.1", port, user, Optional.empty(), Optional.of(password), knownHosts);
    }
}
