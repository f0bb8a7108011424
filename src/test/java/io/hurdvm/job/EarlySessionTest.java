package io.hurdvm.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.env.HostEnvironment;
import io.hurdvm.guest.GuestHostKeys;
import io.hurdvm.guest.GuestSsh;
import io.hurdvm.guest.KnownHostsFile;
import io.hurdvm.guest.LoopbackSshServer;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.instance.InstanceState;
import io.hurdvm.instance.InstanceStore;
import io.hurdvm.instance.JsonFiles;
import io.hurdvm.secret.SshKeyPair;
import io.hurdvm.vm.InstanceName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real SSH server (MINA's SshServer) on loopback standing in for a clone's guest. */
class EarlySessionTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final InstanceName NAME = InstanceName.of("run-0a1b2c3d");
    private static final String ALIAS = KnownHostsFile.aliasFor(NAME.value());

    @TempDir
    Path home;

    private InstanceStore store;
    private InstancePaths paths;
    private GuestHostKeys templateHostKeys;
    private GuestHostKeys cloneHostKeys;
    private LoopbackSshServer guest;

    @BeforeEach
    void aCloneWhoseSupervisorHasNotPinnedItsNewHostKeysYet() throws Exception {
        store = new InstanceStore(home, HostEnvironment.empty());
        paths = store.paths(NAME);
        Files.createDirectories(paths.dir());
        templateHostKeys = GuestHostKeys.generate();
        cloneHostKeys = GuestHostKeys.generate();
        new KnownHostsFile(paths.knownHosts()).replace(ALIAS, templateHostKeys.publicKeys());
        SshKeyPair own = SshKeyPair.loadOrCreate(paths.secretsDir(), "hurdvm@" + NAME.value());
        guest = new LoopbackSshServer(cloneHostKeys.ed25519(), own.keyPair().getPublic(), null);
        JsonFiles.writeAtomically(paths.stateFile(), InstanceState.created().toBuilder().sshPort(guest.port()).build());
    }

    @AfterEach
    void stop() throws Exception {
        guest.close();
    }

    @Test
    void connectsOnceTheNewHostKeysArePinned_andTheSessionWorks() {
        try (EarlySession early = EarlySession.start(store, NAME, LIMIT)) {
            new KnownHostsFile(paths.knownHosts()).replace(ALIAS, cloneHostKeys.publicKeys());
            Optional<GuestSsh> taken = early.take();
            assertThat(taken).isPresent();
            try (GuestSsh ssh = taken.get()) {
                assertThat(ssh.run("true", LIMIT)).isZero();
            }
        }
    }

    @Test
    void doesNotConnectWhileTheTemplatesHostKeysArePinned() throws Exception {
        // A guest that still presents the template's key would let an early connection in: none is made.
        try (LoopbackSshServer templateGuest = new LoopbackSshServer(templateHostKeys.ed25519(),
                SshKeyPair.loadOrCreate(paths.secretsDir(), "x").keyPair().getPublic(), null)) {
            JsonFiles.writeAtomically(paths.stateFile(), InstanceState.created().toBuilder().sshPort(templateGuest.port()).build());
            try (EarlySession early = EarlySession.start(store, NAME, LIMIT, Duration.ofMillis(300))) {
                assertThat(early.take()).isEmpty();
            }
        }
    }

    @Test
    void aHostKeyThatIsNotThePinnedOne_givesNoSession_soTheJobConnectsAnew() {
        try (EarlySession early = EarlySession.start(store, NAME, LIMIT)) {
            new KnownHostsFile(paths.knownHosts()).replace(ALIAS, GuestHostKeys.generate().publicKeys());
            assertThat(early.take()).isEmpty();
        }
    }
}
