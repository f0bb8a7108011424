package io.hurdvm.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.util.HexFormat;
import org.apache.sshd.common.config.keys.KeyEntryResolver;
import org.apache.sshd.common.config.keys.PrivateKeyEntryDecoder;
import org.apache.sshd.common.util.io.output.SecureByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The JDK-backed ed25519 support MINA uses in supervisors. The SSH handshakes themselves (host key
 * signatures, public-key authentication) run in the ITs that boot a guest and ssh in through a supervisor.
 */
class JdkEd25519SupportTest {
    private final JdkEd25519Support support = new JdkEd25519Support();

    /** RFC 8032, section 7.1, TEST 1. */
    private static final byte[] SEED = HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    private static final byte[] PUBLIC = HexFormat.of().parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");

    @Test
    void recoversThePublicKeyOfRfc8032sFirstVector() throws Exception {
        EdECPrivateKey key = support.generateEDDSAPrivateKey(SEED);
        assertThat(support.getPublicKeyData(support.recoverEDDSAPublicKey(key))).isEqualTo(PUBLIC);
        assertThat(support.getPrivateKeyData(key)).isEqualTo(SEED);
    }

    @Test
    void aRecoveredKeyVerifiesTheJdksSignature() throws Exception {
        KeyPair pair = jdkPair();
        EdECPublicKey recovered = support.recoverEDDSAPublicKey(pair.getPrivate());
        assertThat(support.compareEDDSAPPublicKeys(recovered, pair.getPublic())).isTrue();
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(pair.getPrivate());
        byte[] message = "session hash".getBytes(StandardCharsets.US_ASCII);
        signer.update(message);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(support.generateEDDSAPublicKey(support.getPublicKeyData(recovered)));
        verifier.update(message);
        assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    void openSshPrivateKeyEntriesRoundTrip() throws Exception {
        KeyPair pair = jdkPair();
        PrivateKeyEntryDecoder<EdECPublicKey, EdECPrivateKey> decoder = support.getOpenSSHEDDSAPrivateKeyEntryDecoder();
        SecureByteArrayOutputStream out = new SecureByteArrayOutputStream();
        String type = decoder.encodePrivateKey(out, (EdECPrivateKey) pair.getPrivate(), (EdECPublicKey) pair.getPublic());
        EdECPrivateKey decoded = decoder.decodePrivateKey(null, type, null, new ByteArrayInputStream(out.toByteArray()));
        assertThat(support.compareEDDSAPrivateKeys(decoded, pair.getPrivate())).isTrue();
    }

    /** A key file whose public half is not its private key's (tampered or corrupt) is refused. */
    @Test
    void refusesAnEntryWhosePublicKeyIsNotItsOwn() throws Exception {
        KeyPair pair = jdkPair();
        byte[] otherPublic = support.getPublicKeyData((EdECPublicKey) jdkPair().getPublic());
        byte[] seed = support.getPrivateKeyData((EdECPrivateKey) pair.getPrivate());
        SecureByteArrayOutputStream out = new SecureByteArrayOutputStream();
        KeyEntryResolver.writeRLEBytes(out, otherPublic);
        byte[] keypair = new byte[64];
        System.arraycopy(seed, 0, keypair, 0, 32);
        System.arraycopy(otherPublic, 0, keypair, 32, 32);
        KeyEntryResolver.writeRLEBytes(out, keypair);
        assertThatThrownBy(() -> support.getOpenSSHEDDSAPrivateKeyEntryDecoder()
                .decodePrivateKey(null, "ssh-ed25519", null, new ByteArrayInputStream(out.toByteArray())))
                .isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void refusesKeysOfTheWrongSizeOrCurve() throws Exception {
        assertThatThrownBy(() -> support.generateEDDSAPublicKey(new byte[31])).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> support.generateEDDSAPrivateKey(new byte[33])).isInstanceOf(InvalidKeyException.class);
        KeyPairGenerator ed448 = KeyPairGenerator.getInstance("Ed448");
        KeyPair other = ed448.generateKeyPair();
        assertThatThrownBy(() -> support.recoverEDDSAPublicKey(other.getPrivate())).isInstanceOf(InvalidKeyException.class);
        assertThat(support.getEDDSAKeySize(other.getPublic())).isEqualTo(-1);
        assertThat(support.getEDDSAKeySize(jdkPair().getPublic())).isEqualTo(256);
    }

    @Test
    void registrarNamesItselfInTheRegistrarList() {
        assertThat(JdkEd25519Registrar.REGISTRARS).endsWith("," + JdkEd25519Registrar.class.getName());
    }

    private static KeyPair jdkPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(NamedParameterSpec.ED25519);
        return generator.generateKeyPair();
    }
}
