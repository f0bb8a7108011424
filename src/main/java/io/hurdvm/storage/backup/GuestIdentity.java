package io.hurdvm.storage.backup;

import io.hurdvm.instance.InstancePaths;
import io.hurdvm.instance.InstanceStore;
import io.hurdvm.secret.OwnerOnlyFiles;
import io.hurdvm.vm.InstanceName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A restored disk is the source guest: same root password hash, same authorized key, same host key,
 * already provisioned. Backups never carry secrets, so when the source instance lives on this host
 * its credentials are copied to the restored instance; otherwise the user supplies the root password
 * ({@code up --root-password-file}) and the restored guest keeps its old key until re-provisioned.
 */
final class GuestIdentity {
    private static final List<String> SECRETS = List.of("root_password", "id_ed25519", "id_ed25519.pub");
    private static final List<String> RECORDS = List.of("provisioned.json", "known_hosts");

    private GuestIdentity() {
    }

    static void copy(InstanceStore store, String sourceInstance, InstancePaths target) {
        InstanceName source;
        try {
            source = InstanceName.of(sourceInstance);
        } catch (IllegalArgumentException e) {
            return;
        }
        if (!store.exists(source)) {
            return;
        }
        InstancePaths from = store.paths(source);
        try {
            OwnerOnlyFiles.ensureDirectory(target.secretsDir());
            for (String name : SECRETS) {
                copyIfPresent(from.secretsDir().resolve(name), target.secretsDir().resolve(name));
            }
            for (String name : RECORDS) {
                copyIfPresent(from.dir().resolve(name), target.dir().resolve(name));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the guest's credentials from " + source + ": " + e.getMessage(), e);
        }
    }

    private static void copyIfPresent(Path from, Path to) throws IOException {
        if (Files.isRegularFile(from)) {
            OwnerOnlyFiles.writeAtomically(to, Files.readAllBytes(from));
        }
    }
}
