package io.hurdvm.guest;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

/**
 * A clone's new SSH host keys (ed25519 and ECDSA P-256), made on the host and encoded as both SSH
 * servers a guest may run read them: dropbear's own format and OpenSSH's private key files. Making
 * them here costs milliseconds; in the guest under TCG each {@code dropbearkey}/{@code ssh-keygen}
 * (and the one printing the public half) is a process start of 30-100 ms, four to six per clone
 * (bench/templates). The host's random source is the kernel's, not the clone's freshly copied pool.
 */
public record GuestHostKeys(KeyPair ed25519, KeyPair ecdsa) {
    private static final String ED25519 = "ssh-ed25519";
    private static final String ECDSA = "ecdsa-sha2-nistp256";
    /** PKCS#8 of an Ed25519 key: version, algorithm 1.3.101.112, then OCTET STRING { OCTET STRING(32) seed }. */
    private static final byte[] ED25519_SEED_PREFIX = {0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20};

    public static GuestHostKeys generate() {
        try {
            return new GuestHostKeys(KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256),
                    KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate SSH host keys: " + e.getMessage(), e);
        }
    }

    /** The public halves, {@code type base64}, as pinned in known_hosts. */
    public List<String> publicKeys() {
        return List.of(PublicKeyEntry.toString(ed25519.getPublic()), PublicKeyEntry.toString(ecdsa.getPublic()));
    }

    /** dropbear's ed25519 host key file: string type, uint32 64, seed (32) then public key (32). */
    public byte[] dropbearEd25519() {
        Wire w = new Wire();
        w.string(ED25519.getBytes(StandardCharsets.US_ASCII));
        w.string(concat(ed25519Seed(), ed25519Public()));
        return w.bytes();
    }

    /** dropbear's ECDSA host key file: string type, string curve, string point (uncompressed), mpint private scalar. */
    public byte[] dropbearEcdsa() {
        ECPublicKey pub = (ECPublicKey) ecdsa.getPublic();
        Wire w = new Wire();
        w.string(ECDSA.getBytes(StandardCharsets.US_ASCII));
        w.string("nistp256".getBytes(StandardCharsets.US_ASCII));
        w.string(concat(new byte[] {4}, fixed(pub.getW().getAffineX(), 32), fixed(pub.getW().getAffineY(), 32)));
        w.string(((ECPrivateKey) ecdsa.getPrivate()).getS().toByteArray()); // an SSH mpint: two's complement, big-endian
        return w.bytes();
    }

    /** OpenSSH's private key file ({@code -----BEGIN OPENSSH PRIVATE KEY-----}) of the ed25519 key. */
    public byte[] openSshEd25519() {
        return openSsh(ed25519);
    }

    public byte[] openSshEcdsa() {
        return openSsh(ecdsa);
    }

    /** The {@code .pub} line next to an OpenSSH key file. */
    public static String publicLine(KeyPair pair) {
        return PublicKeyEntry.toString(pair.getPublic()) + " root@hurdvm-clone\n";
    }

    private static byte[] openSsh(KeyPair pair) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "root@hurdvm-clone", null, out);
            return out.toByteArray();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode a host key in OpenSSH format: " + e.getMessage(), e);
        }
    }

    private byte[] ed25519Seed() {
        byte[] pkcs8 = ed25519.getPrivate().getEncoded();
        int at = indexOf(pkcs8, ED25519_SEED_PREFIX);
        if (at < 0 || pkcs8.length < at + ED25519_SEED_PREFIX.length + 32) {
            throw new IllegalStateException("unexpected encoding of an Ed25519 private key (" + pkcs8.length + " bytes)");
        }
        int from = at + ED25519_SEED_PREFIX.length;
        return Arrays.copyOfRange(pkcs8, from, from + 32);
    }

    /** X.509 SubjectPublicKeyInfo of Ed25519: the key is its last 32 bytes. */
    private byte[] ed25519Public() {
        byte[] x509 = ed25519.getPublic().getEncoded();
        return Arrays.copyOfRange(x509, x509.length - 32, x509.length);
    }

    private static int indexOf(byte[] in, byte[] what) {
        for (int i = 0; i + what.length <= in.length; i++) {
            if (Arrays.equals(in, i, i + what.length, what, 0, what.length)) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] fixed(BigInteger v, int len) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[len];
        int n = Math.min(b.length, len);
        System.arraycopy(b, b.length - n, out, len - n, n);
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** SSH wire encoding: uint32 length before each string. */
    private static final class Wire {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(buf);

        void string(byte[] b) {
            try {
                out.writeInt(b.length);
                out.write(b);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        byte[] bytes() {
            return buf.toByteArray();
        }
    }
}
