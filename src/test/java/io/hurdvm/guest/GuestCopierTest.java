package io.hurdvm.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.guest.LoopbackSshServer.Guest;
import io.hurdvm.guest.copy.CopyException;
import io.hurdvm.guest.copy.GuestCopier;
import io.hurdvm.guest.copy.TestTrees;
import io.hurdvm.secret.SshKeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.stream.Stream;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code hurdvm cp} against a real SSH server (MINA) on loopback, once with its SFTP subsystem and
 * no tar (so a copy that works went over SFTP) and once without SFTP (the copy then goes through
 * this host's GNU tar, as on a Hurd guest without sftp-server): the same calls give the same trees.
 */
class GuestCopierTest {
    private static final Duration T = Duration.ofSeconds(15);

    @TempDir
    Path tmp;

    private LoopbackSshServer server;
    private GuestSsh ssh;

    private GuestCopier start(Guest guest) throws Exception {
        SshKeyPair key = SshKeyPair.loadOrCreate(tmp.resolve("secrets"), "hurdvm@demo");
        server = new LoopbackSshServer(KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256), key.keyPair().getPublic(), null, guest);
        ssh = GuestSsh.connect(SshTarget.withKey("demo", server.port(), key, tmp.resolve("known_hosts")), T, T);
        return new GuestCopier(ssh);
    }

    @AfterEach
    void stop() throws Exception {
        if (ssh != null) {
            ssh.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Guest.class, names = {"SFTP_ONLY", "WITHOUT_SFTP"})
    void randomFile_survivesUploadAndDownload(Guest guest) throws Exception {
        GuestCopier cp = start(guest);
        Path original = tmp.resolve("random.bin");
        byte[] data = new byte[1 << 20];
        new SecureRandom().nextBytes(data);
        Files.write(original, data);
        Path remoteDir = Files.createDirectories(tmp.resolve("remote-side"));

        cp.upload(original, remoteDir + "/copy.bin");
        Path back = tmp.resolve("back.bin");
        cp.download(remoteDir + "/copy.bin", back);

        assertThat(TestTrees.sha256(remoteDir.resolve("copy.bin"))).isEqualTo(TestTrees.sha256(original));
        assertThat(TestTrees.sha256(back)).isEqualTo(TestTrees.sha256(original));
    }

    @ParameterizedTest
    @EnumSource(value = Guest.class, names = {"SFTP_ONLY", "WITHOUT_SFTP"})
    void directoryTree_survivesUploadAndDownload_withModesAndSymlinks(Guest guest) throws Exception {
        GuestCopier cp = start(guest);
        Path src = TestTrees.sample(tmp.resolve("src"));

        Path remote = tmp.resolve("remote-copy");
        cp.upload(src, remote.toString());
        Path back = tmp.resolve("back");
        cp.download(remote.toString(), back);

        assertThat(TestTrees.describe(remote)).isEqualTo(TestTrees.describe(src));
        assertThat(TestTrees.describe(back)).isEqualTo(TestTrees.describe(src));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(back.resolve("run.sh")))).isEqualTo("rwxr-x---");
        assertThat(Files.readSymbolicLink(back.resolve("link-to-a"))).isEqualTo(Path.of("a.txt"));
    }

    @ParameterizedTest
    @EnumSource(value = Guest.class, names = {"SFTP_ONLY", "WITHOUT_SFTP"})
    void existingDirectoryTarget_receivesTheCopyInside_likeCpR(Guest guest) throws Exception {
        GuestCopier cp = start(guest);
        Path src = TestTrees.sample(tmp.resolve("src"));
        Path remoteDir = Files.createDirectories(tmp.resolve("remote"));
        Path localDir = Files.createDirectories(tmp.resolve("local"));

        cp.upload(src, remoteDir.toString());                       // remote/src
        cp.upload(src.resolve("a.txt"), remoteDir + "/");           // remote/a.txt
        cp.download(remoteDir + "/src", localDir);                  // local/src
        cp.download(remoteDir + "/a.txt", localDir);                // local/a.txt
        cp.download(remoteDir + "/src/sub/", localDir.resolve("renamed")); // local/renamed = sub

        assertThat(TestTrees.describe(remoteDir.resolve("src"))).isEqualTo(TestTrees.describe(src));
        assertThat(Files.readString(remoteDir.resolve("a.txt"))).isEqualTo("alpha\n");
        assertThat(TestTrees.describe(localDir.resolve("src"))).isEqualTo(TestTrees.describe(src));
        assertThat(Files.readString(localDir.resolve("a.txt"))).isEqualTo("alpha\n");
        assertThat(TestTrees.describe(localDir.resolve("renamed"))).isEqualTo(TestTrees.describe(src.resolve("sub")));
    }

    @ParameterizedTest
    @EnumSource(value = Guest.class, names = {"SFTP_ONLY", "WITHOUT_SFTP"})
    void badRequests_failWithOneLineNamingTheCause_andCopyNothing(Guest guest) throws Exception {
        GuestCopier cp = start(guest);
        Path src = TestTrees.sample(tmp.resolve("src"));
        Path remoteDir = Files.createDirectories(tmp.resolve("remote"));
        Files.writeString(remoteDir.resolve("plain"), "x");

        assertThatThrownBy(() -> cp.download(remoteDir + "/nope", tmp.resolve("x")))
                .isInstanceOf(CopyException.class)
                .hasMessage("no such file or directory in the guest: demo:" + remoteDir + "/nope")
                .extracting(e -> ((CopyException) e).kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThatThrownBy(() -> cp.upload(tmp.resolve("nope"), remoteDir.toString()))
                .isInstanceOf(CopyException.class)
                .hasMessage("no such file or directory: " + tmp.resolve("nope"));
        assertThatThrownBy(() -> cp.upload(src, remoteDir + "/missing/deeper"))
                .isInstanceOf(CopyException.class)
                .hasMessage("cannot copy to demo:" + remoteDir + "/missing/deeper: no such directory demo:" + remoteDir + "/missing");
        assertThatThrownBy(() -> cp.upload(src, remoteDir + "/plain"))
                .isInstanceOf(CopyException.class)
                .hasMessage("cannot overwrite non-directory demo:" + remoteDir + "/plain with a directory");
        assertThat(Files.readString(remoteDir.resolve("plain"))).isEqualTo("x");
        try (Stream<Path> left = Files.list(remoteDir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("plain");
        }
    }

    @Test
    void guestWithNeitherSftpNorTar_saysSoInOneLine() throws Exception {
        GuestCopier cp = start(Guest.WITHOUT_SFTP_OR_TAR);
        Path file = Files.writeString(tmp.resolve("f.txt"), "x");
        assertThatThrownBy(() -> cp.upload(file, tmp.toString()))
                .isInstanceOf(CopyException.class)
                .hasMessageStartingWith("guest has neither an SFTP server nor tar: no SFTP server (")
                .hasMessageContaining(LoopbackSshServer.MISSING_SFTP_SERVER)
                .hasMessageNotContaining("\n");
    }
}
