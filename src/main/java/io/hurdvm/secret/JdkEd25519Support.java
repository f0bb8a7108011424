package io.hurdvm.secret;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.security.interfaces.EdECKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.KeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import org.apache.sshd.common.config.keys.PrivateKeyEntryDecoder;
import org.apache.sshd.common.config.keys.PublicKeyEntryDecoder;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.common.util.security.eddsa.generic.EdDSASupport;
import org.apache.sshd.common.util.security.eddsa.generic.EdDSAUtils;
import org.apache.sshd.common.util.security.eddsa.generic.GenericEd25519PublicKeyDecoder;
import org.apache.sshd.common.util.security.eddsa.generic.GenericOpenSSHEd25519PrivateKeyEntryDecoder;
import org.apache.sshd.common.util.security.eddsa.generic.GenericSignatureEd25519;

/**
 * ed25519 for MINA SSHD from the JDK's own EdDSA (SunEC, Java 15+), in place of BouncyCastle's.
 * MINA 2.20 knows only BouncyCastle's and net.i2p's key classes; this plugs the JDK's
 * {@link EdECPublicKey}/{@link EdECPrivateKey} into the generic decoders and signature MINA has for
 * them. Why: BouncyCastle's provider (~850 classes from a signed jar, which the class-data archive
 * cannot hold, and its jar manifest's per-class digests on the heap) cost a supervisor about a
 * quarter of its memory (issue 14, bench/loop/RESULTS.md).
 */
final class JdkEd25519Support implements EdDSASupport<EdECPublicKey, EdECPrivateKey> {
    static final String ALGORITHM = SecurityUtils.ED25519;
    private static final int SEED_BYTES = 32;

    @Override
    public PublicKeyEntryDecoder<EdECPublicKey, EdECPrivateKey> getEDDSAPublicKeyEntryDecoder() {
        return new GenericEd25519PublicKeyDecoder<>(EdECPublicKey.class, EdECPrivateKey.class, this) {
            /** MINA asks for "256 bits" (BouncyCastle's name for it); the JDK's generator takes the curve by name. */
            @Override
            public KeyPair generateKeyPair(int keySize) throws GeneralSecurityException {
                if (keySize != KEY_SIZE && keySize != 255) {
                    throw new InvalidKeyException("ed25519 keys have 256 bits, not " + keySize);
                }
                KeyPairGenerator generator = getKeyPairGenerator();
                generator.initialize(NamedParameterSpec.ED25519);
                return generator.generateKeyPair();
            }
        };
    }

    @Override
    public PrivateKeyEntryDecoder<EdECPublicKey, EdECPrivateKey> getOpenSSHEDDSAPrivateKeyEntryDecoder() {
        return new GenericOpenSSHEd25519PrivateKeyEntryDecoder<>(EdECPublicKey.class, EdECPrivateKey.class, this);
    }

    @Override
    public Signature getEDDSASigner() {
        return new GenericSignatureEd25519(SecurityUtils.EDDSA);
    }

    @Override
    public int getEDDSAKeySize(Key key) {
        return isEd25519(key) ? KEY_SIZE : -1;
    }

    @Override
    public Class<EdECPublicKey> getEDDSAPublicKeyType() {
        return EdECPublicKey.class;
    }

    @Override
    public Class<EdECPrivateKey> getEDDSAPrivateKeyType() {
        return EdECPrivateKey.class;
    }

    @Override
    public boolean compareEDDSAPPublicKeys(PublicKey k1, PublicKey k2) {
        return isEd25519(k1) && isEd25519(k2) && k1 instanceof EdECPublicKey && k1.equals(k2);
    }

    @Override
    public boolean compareEDDSAPrivateKeys(PrivateKey k1, PrivateKey k2) {
        return isEd25519(k1) && isEd25519(k2) && k1 instanceof EdECPrivateKey && k1.equals(k2);
    }

    /**
     * The JDK has no call for it: its key-pair generator derives the public key from the 32 random
     * bytes it draws, so it is handed the private key's seed as those bytes. Checked: a generator
     * that drew differently would give another private key, and that is refused, never used.
     */
    @Override
    public EdECPublicKey recoverEDDSAPublicKey(PrivateKey key) throws GeneralSecurityException {
        byte[] seed = seedOf(key);
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM, SecurityUtils.getKeyFactory(ALGORITHM).getProvider());
            generator.initialize(NamedParameterSpec.ED25519, new SeedAsRandom(seed));
            KeyPair pair = generator.generateKeyPair();
            byte[] drawn = seedOf(pair.getPrivate());
            boolean same = Arrays.equals(drawn, seed);
            Arrays.fill(drawn, (byte) 0);
            if (!same) {
                throw new InvalidKeyException("cannot recover the ed25519 public key from its private key with this JDK");
            }
            return (EdECPublicKey) pair.getPublic();
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    @Override
    public EdECPublicKey generateEDDSAPublicKey(byte[] point) throws GeneralSecurityException {
        if (point == null || point.length != SEED_BYTES) {
            throw new InvalidKeyException("an ed25519 public key has 32 bytes, not " + (point == null ? 0 : point.length));
        }
        return (EdECPublicKey) SecurityUtils.getKeyFactory(ALGORITHM).generatePublic(EdDSAUtils.createPublicKeySpec(point));
    }

    @Override
    public EdECPrivateKey generateEDDSAPrivateKey(byte[] seed) throws GeneralSecurityException {
        if (seed == null || seed.length != SEED_BYTES) {
            throw new InvalidKeyException("an ed25519 private key has 32 bytes, not " + (seed == null ? 0 : seed.length));
        }
        return (EdECPrivateKey) SecurityUtils.getKeyFactory(ALGORITHM).generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
    }

    @Override
    public <B extends Buffer> B putRawEDDSAPublicKey(B buffer, PublicKey key) {
        buffer.putBytes(getPublicKeyData(publicKey(key)));
        return buffer;
    }

    /** As with BouncyCastle's support: MINA's agent-forwarding format is not implemented for ed25519. */
    @Override
    public <B extends Buffer> B putEDDSAKeyPair(B buffer, PublicKey pubKey, PrivateKey prvKey) {
        throw new UnsupportedOperationException("writing an ed25519 key pair into an SSH buffer is not supported");
    }

    @Override
    public KeySpec createPublicKeySpec(EdECPublicKey publicKey) {
        return new X509EncodedKeySpec(publicKey.getEncoded());
    }

    @Override
    public KeySpec createPrivateKeySpec(EdECPrivateKey privateKey) {
        try {
            return new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seedOf(privateKey));
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public byte[] getPublicKeyData(EdECPublicKey publicKey) {
        if (publicKey == null) {
            return null;
        }
        try {
            return EdDSAUtils.getBytes(publicKey);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public byte[] getPrivateKeyData(EdECPrivateKey privateKey) throws IOException {
        try {
            return seedOf(privateKey);
        } catch (InvalidKeyException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public String getKeyFactoryAlgorithm() {
        return ALGORITHM;
    }

    private static boolean isEd25519(Key key) {
        return key instanceof EdECKey ed && NamedParameterSpec.ED25519.getName().equalsIgnoreCase(ed.getParams().getName());
    }

    private static EdECPublicKey publicKey(PublicKey key) {
        if (!(key instanceof EdECPublicKey ed) || !isEd25519(key)) {
            throw new IllegalArgumentException("not an ed25519 public key: " + (key == null ? null : key.getAlgorithm()));
        }
        return ed;
    }

    private static byte[] seedOf(Key key) throws InvalidKeyException {
        if (!(key instanceof EdECPrivateKey ed) || !isEd25519(key)) {
            throw new InvalidKeyException("not an ed25519 private key: " + (key == null ? null : key.getAlgorithm()));
        }
        byte[] seed = ed.getBytes().orElseThrow(() -> new InvalidKeyException("the ed25519 private key does not give its bytes"));
        if (seed.length != SEED_BYTES) {
            throw new InvalidKeyException("an ed25519 private key has 32 bytes, not " + seed.length);
        }
        return seed;
    }

    /** Hands out the given bytes once, as a key-pair generator's only draw; anything else is refused. */
    private static final class SeedAsRandom extends SecureRandom {
        SeedAsRandom(byte[] seed) {
            super(new OneDraw(seed), null);
        }
    }

    private static final class OneDraw extends SecureRandomSpi {
        private byte[] seed;

        OneDraw(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        protected void engineSetSeed(byte[] ignored) {
            throw new UnsupportedOperationException("not a random number generator");
        }

        @Override
        protected synchronized void engineNextBytes(byte[] bytes) {
            if (seed == null || bytes.length != seed.length) {
                throw new IllegalStateException("the key-pair generator drew other bytes than one ed25519 seed");
            }
            System.arraycopy(seed, 0, bytes, 0, seed.length);
            Arrays.fill(seed, (byte) 0);
            seed = null;
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            throw new UnsupportedOperationException("not a random number generator");
        }
    }
}
