package io.hurdvm.guest;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.secret.SshKeyPair;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SFTP copies against a real SSH server (MINA's SshServer with its SFTP subsystem) on loopback. */
class GuestSshSftpTest {
    private static final Duration T = Duration.ofSeconds(15);

    @TempDir
    Path tmp;

    private LoopbackSshServer server;
    private GuestSsh ssh;

    @BeforeEach
    void start() throws Exception {
        SshKeyPair key = SshKeyPair.loadOrCreate(tmp.resolve("secrets"), "hurdvm@demo");
        server = new LoopbackSshServer(KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256), key.keyPair().getPublic(), null);
        ssh = GuestSsh.connect(SshTarget.withKey("demo", server.port(), key, tmp.resolve("known_hosts")), T, T);
    }

    @AfterEach
    void stop() throws Exception {
        ssh.close();
        server.close();
    }

    @Test
    void oneMebibyteRandomFile_survivesUploadAndDownload() throws Exception {
        Path original = tmp.resolve("random.bin");
        byte[] data = new byte[1 << 20];
        new SecureRandom().nextBytes(data);
        Files.write(original, data);
        Path remote = tmp.resolve("remote-side/random.bin");
        Files.createDirectories(remote.getParent());

        ssh.upload(original, remote.toString());
        Path back = tmp.resolve("back.bin");
        ssh.download(remote.toString(), back);

        assertThat(sha256(back)).isEqualTo(sha256(original));
        assertThat(Files.size(back)).isEqualTo(1 << 20);
    }

    @Test
    void directoryTree_survivesUploadAndDownload_withModesAndSymlinks() throws Exception {
        Path src = tmp.resolve("src");
        Files.createDirectories(src.resolve("sub/deeper"));
        Files.writeString(src.resolve("a.txt"), "alpha\n");
        Files.writeString(src.resolve("sub/b.txt"), "beta\n");
        Files.write(src.resolve("sub/deeper/c.bin"), new byte[] {0, 1, 2, (byte) 255});
        Path script = src.resolve("run.sh");
        Files.writeString(script, "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        Files.createDirectories(src.resolve("empty"));
        Files.createSymbolicLink(src.resolve("link-to-a"), Path.of("a.txt"));

        Path remote = tmp.resolve("remote-copy");
        ssh.upload(src, remote.toString());
        Path back = tmp.resolve("back");
        ssh.download(remote.toString(), back);

        assertThat(tree(remote)).isEqualTo(tree(src));
        assertThat(tree(back)).isEqualTo(tree(src));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(back.resolve("run.sh")))).isEqualTo("rwxr-x---");
        assertThat(Files.readSymbolicLink(back.resolve("link-to-a"))).isEqualTo(Path.of("a.txt"));
    }

    /** relative path -> sha256 of content (files), "dir" (folders) or "-> target" (links). */
    private static Map<String, String> tree(Path root) throws Exception {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                String rel = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    entries.put(rel, "-> " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    entries.put(rel, "dir");
                } else {
                    entries.put(rel, sha256(p));
                }
            }
        }
        return entries;
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            md.update(in.readAllBytes());
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
