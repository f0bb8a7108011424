package io.hurdvm.supervisor;

import io.hurdvm.guest.GuestHostKeys;
import io.hurdvm.secret.SshKeyPair;
import java.security.KeyPair;
import org.apache.sshd.common.digest.Digest;
import org.apache.sshd.common.kex.AbstractDH;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;

/**
 * One round, in memory, of the crypto a clone's first SSH handshake runs: a curve25519 key
 * exchange, ECDSA P-256 and ed25519 host key signatures checked, and the ed25519 user signature.
 * The first of each in a JVM loads and interprets its code (a cold supervisor spent 0.2-0.4 s more
 * on its first connection than on its second); done while QEMU restores, the handshake finds it
 * warm. Only a head start: a failure here is the real handshake's to report.
 */
final class HandshakeWarmUp {
    private static final byte[] DATA = new byte[64];

    private HandshakeWarmUp() {
    }

    /** True when every step ran (false tells a test that a step no longer works as written). */
    static boolean run(SshKeyPair own, GuestHostKeys hostKeys) {
        try {
            AbstractDH client = BuiltinDHFactories.curve25519.create();
            AbstractDH server = BuiltinDHFactories.curve25519.create();
            client.setF(server.getE());
            server.setF(client.getE());
            Digest hash = client.getHash();
            hash.init();
            hash.update(DATA);
            return signAndVerify(BuiltinSignatures.nistp256, hostKeys.ecdsa())
                    & signAndVerify(BuiltinSignatures.ed25519, hostKeys.ed25519())
                    & signAndVerify(BuiltinSignatures.ed25519, own.keyPair())
                    & client.getK().length > 0 & hash.digest().length > 0;
        } catch (Exception | LinkageError e) {
            return false; // the handshake itself says what is wrong
        }
    }

    private static boolean signAndVerify(BuiltinSignatures type, KeyPair pair) throws Exception {
        Signature signer = type.create();
        signer.initSigner(null, pair.getPrivate());
        signer.update(null, DATA);
        byte[] signature = signer.sign(null);
        Signature verifier = type.create();
        verifier.initVerifier(null, pair.getPublic());
        verifier.update(null, DATA);
        return verifier.verify(null, signature);
    }
}
