package io.hurdvm.secret;

import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Security;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.sshd.common.util.security.AbstractSecurityProviderRegistrar;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.common.util.security.eddsa.generic.EdDSASupport;

/**
 * Makes MINA SSHD take ed25519 keys and signatures from the JDK (SunEC) instead of BouncyCastle: see
 * {@link JdkEd25519Support}. Listed in {@link #REGISTRARS} for MINA's
 * {@code org.apache.sshd.security.registrars} system property, which is read once, at MINA's first
 * crypto call; everything else (ciphers, key exchange, MACs, RSA and ECDSA keys) comes from the JDK's
 * providers as MINA chooses them without BouncyCastle.
 */
public final class JdkEd25519Registrar extends AbstractSecurityProviderRegistrar {
    /** The value for {@link SecurityUtils#SECURITY_PROVIDER_REGISTRARS}: MINA's SunJCE wrapper first, as by default, then this. */
    public static final String REGISTRARS = "org.apache.sshd.common.util.security.SunJCESecurityProviderRegistrar,"
            + "io.hurdvm.secret.JdkEd25519Registrar"; // a constant: naming it costs its caller no class loading
    private static final String PROVIDER = "SunEC";
    private static final Set<String> NAMES = Set.of(SecurityUtils.ED25519.toLowerCase(Locale.ROOT),
            SecurityUtils.EDDSA.toLowerCase(Locale.ROOT));
    private static final JdkEd25519Support SUPPORT = new JdkEd25519Support();

    /**
     * Makes MINA in this process take ed25519 from the JDK, unless its property already names
     * registrars. Call before MINA's first crypto use. The CLI and {@code serve} call it too: with
     * BouncyCastle's provider, the first ed25519 key loaded ~850 classes, which the launcher's class
     * cache then preloads at every command's start (status and list took 0.31 s instead of 0.23).
     */
    public static void useForMina() {
        if (System.getProperty(SecurityUtils.SECURITY_PROVIDER_REGISTRARS) == null) {
            System.setProperty(SecurityUtils.SECURITY_PROVIDER_REGISTRARS, REGISTRARS);
        }
    }

    public JdkEd25519Registrar() {
        super("JdkEd25519");
    }

    @Override
    public String getProviderName() {
        return PROVIDER;
    }

    @Override
    public Provider getSecurityProvider() {
        return Security.getProvider(PROVIDER);
    }

    @Override
    public boolean isSupported() {
        return getSecurityProvider() != null;
    }

    /** Only ed25519's key factory, generator and signature: nothing else is asked of SunEC through here. */
    @Override
    public boolean isSecurityEntitySupported(Class<?> entityType, String name) {
        boolean ours = entityType == KeyFactory.class || entityType == KeyPairGenerator.class
                || entityType == java.security.Signature.class;
        return ours && name != null && NAMES.contains(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public Optional<EdDSASupport<?, ?>> getEdDSASupport() {
        return Optional.of(SUPPORT);
    }
}
