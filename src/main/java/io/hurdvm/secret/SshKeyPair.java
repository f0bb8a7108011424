package io.hurdvm.secret;

import io.hurdvm.instance.InstancePaths;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Iterator;
import java.util.Objects;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * The instance's SSH identity: an ed25519 key pair in OpenSSH format, private key at
 * {@code <secrets>/id_ed25519} (0600) and public key at {@code id_ed25519.pub}, so both hurdvm (MINA)
 * and a plain {@code ssh -i} can use it. Generated on first use, loaded afterwards.
 */
public record SshKeyPair(KeyPair keyPair, Path privateKeyFile, Path publicKeyFile, String comment) {
    public static final String PRIVATE_KEY_NAME = "id_ed25519";

    public SshKeyPair {
        Objects.requireNonNull(keyPair, "keyPair");
        Objects.requireNonNull(privateKeyFile, "privateKeyFile");
        Objects.requireNonNull(publicKeyFile, "publicKeyFile");
        Objects.requireNonNull(comment, "comment");
        if (comment.isBlank() || comment.contains("\n")) {
            throw new IllegalArgumentException("key comment must be one non-blank line");
        }
    }

    /** The instance's key, comment {@code hurdvm@NAME}, in {@code <instance>/secrets/}. */
    public static SshKeyPair forInstance(InstancePaths paths) {
        return loadOrCreate(paths.secretsDir(), "hurdvm@" + paths.name());
    }

    /** Loads the key pair from {@code secretsDir}, generating it first if there is none. */
    public static SshKeyPair loadOrCreate(Path secretsDir, String comment) {
        Path privateFile = secretsDir.resolve(PRIVATE_KEY_NAME);
        Path publicFile = secretsDir.resolve(PRIVATE_KEY_NAME + ".pub");
        if (!Files.exists(privateFile)) {
            OwnerOnlyFiles.ensureDirectory(secretsDir);
            KeyPair fresh = generate();
            // If another process created the key meanwhile, its key wins and is loaded below.
            OwnerOnlyFiles.createExclusively(privateFile, encodePrivate(fresh, comment));
        }
        SshKeyPair pair = new SshKeyPair(load(privateFile), privateFile, publicFile, comment);
        if (!Files.exists(publicFile)) {
            OwnerOnlyFiles.writeAtomically(publicFile, (pair.publicKeyLine() + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        return pair;
    }

    /** The {@code authorized_keys} line: {@code ssh-ed25519 AAAA... comment}. */
    public String publicKeyLine() {
        return PublicKeyEntry.toString(keyPair.getPublic()) + " " + comment;
    }

    /** {@code SHA256:...}, as {@code ssh-keygen -l} prints it. */
    public String fingerprint() {
        return KeyUtils.getFingerPrint(keyPair.getPublic());
    }

    @Override
    public String toString() {
        return "SshKeyPair[" + fingerprint() + " " + comment + ", " + privateKeyFile + "]";
    }

    private static KeyPair generate() {
        try {
            return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an ed25519 key (is BouncyCastle on the classpath?): " + e.getMessage(), e);
        }
    }

    private static byte[] encodePrivate(KeyPair pair, String comment) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, comment, null, out);
            return out.toByteArray();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode the ed25519 key in OpenSSH format: " + e.getMessage(), e);
        }
    }

    private static KeyPair load(Path privateFile) {
        try (InputStream in = Files.newInputStream(privateFile)) {
            Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(privateFile.toString()), in, null);
            Iterator<KeyPair> it = pairs == null ? null : pairs.iterator();
            if (it == null || !it.hasNext()) {
                throw new SecretFileException("SSH key " + privateFile + " holds no key: delete it to let hurdvm generate a new one");
            }
            return it.next();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read SSH key " + privateFile + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new SecretFileException("SSH key " + privateFile + " is not a usable OpenSSH private key ("
                    + e.getMessage() + "): delete it to let hurdvm generate a new one", e);
        }
    }
}
