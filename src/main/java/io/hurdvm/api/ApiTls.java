package io.hurdvm.api;

import io.hurdvm.secret.SecretFileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * {@code serve --tls-cert FILE --tls-key FILE}: HTTPS with a PEM certificate (chain) and its PEM
 * private key (PKCS#8, or the RSA/EC forms OpenSSL writes). The key file must be private to the
 * daemon's user like the token ({@link SecretFilePolicy}). Both are read once, at start.
 */
public record ApiTls(Path certFile, Path keyFile) {
    public static final String CERT_ENV = "HURDVM_TLS_CERT";
    public static final String KEY_ENV = "HURDVM_TLS_KEY";
    static final Path RUN_SECRETS_CERT = SecretFilePolicy.CONTAINER_SECRETS.resolve("api_tls_cert");
    static final Path RUN_SECRETS_KEY = SecretFilePolicy.CONTAINER_SECRETS.resolve("api_tls_key");

    public ApiTls {
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
    }

    /**
     * The options, else {@code $HURDVM_TLS_CERT}/{@code $HURDVM_TLS_KEY}, else the container secrets
     * {@code /run/secrets/api_tls_cert} and {@code api_tls_key} when both exist; none: plain HTTP.
     */
    public static Optional<ApiTls> resolve(Optional<Path> cert, Optional<Path> key, Map<String, String> env) {
        Optional<Path> c = cert.or(() -> fromEnv(env, CERT_ENV));
        Optional<Path> k = key.or(() -> fromEnv(env, KEY_ENV));
        if (c.isEmpty() && k.isEmpty() && Files.exists(RUN_SECRETS_CERT) && Files.exists(RUN_SECRETS_KEY)) {
            return Optional.of(new ApiTls(RUN_SECRETS_CERT, RUN_SECRETS_KEY));
        }
        if (c.isPresent() != k.isPresent()) {
            throw new IllegalArgumentException("give both --tls-cert FILE and --tls-key FILE (or " + CERT_ENV + " and " + KEY_ENV + "), or neither");
        }
        return c.map(f -> new ApiTls(f, k.orElseThrow()));
    }

    private static Optional<Path> fromEnv(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(Path.of(v));
    }

    /** Reads and checks both files: the key private to this user, the certificate matching it. */
    SslContextFactory.Server load(SecretFilePolicy policy) {
        List<Certificate> chain = certificates(certFile);
        if (!Files.isRegularFile(keyFile)) {
            throw new SecretFileException("TLS key file " + keyFile + " does not exist or is not a file: check --tls-key");
        }
        policy.requirePrivate(keyFile, "TLS key file");
        KeyPair key = privateKey(keyFile);
        if (key.getPublic() != null && !Arrays.equals(chain.get(0).getPublicKey().getEncoded(), key.getPublic().getEncoded())) {
            throw new IllegalArgumentException("TLS key " + keyFile + " does not belong to the certificate in " + certFile
                    + " (the first certificate must be the server's own)");
        }
        try {
            char[] password = "hurdvm".toCharArray(); // in memory only: the store never reaches a file
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("hurdvm", key.getPrivate(), password, chain.toArray(Certificate[]::new));
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(store);
            ssl.setKeyStorePassword(new String(password));
            ssl.setKeyManagerPassword(new String(password));
            return ssl;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot use the TLS key and certificate: " + e.getMessage(), e);
        }
    }

    /** An HTTPS connector on {@code listen}; one certificate, so SNI need not match it. */
    static Connector connector(Server server, HttpConfiguration http, ListenAddress listen, SslContextFactory.Server ssl) {
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(server, ssl, new HttpConnectionFactory(https));
        connector.setHost(listen.host());
        connector.setPort(listen.port());
        return connector;
    }

    static List<Certificate> certificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<Certificate> chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("no certificate in " + file + ": give a PEM file (-----BEGIN CERTIFICATE-----)");
            }
            return chain;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read certificate file " + file + " (" + e.getClass().getSimpleName() + "): check the path");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("certificate file " + file + " is not a PEM certificate: " + e.getMessage());
        }
    }

    private static KeyPair privateKey(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()), in, null);
            Iterator<KeyPair> it = pairs == null ? null : pairs.iterator();
            if (it == null || !it.hasNext()) {
                throw new IllegalArgumentException("no private key in " + file + ": give an unencrypted PEM key (-----BEGIN PRIVATE KEY-----)");
            }
            return it.next();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException("TLS key file " + file + " is not an unencrypted PEM private key ("
                    + e.getClass().getSimpleName() + "): convert it with 'openssl pkcs8 -topk8 -nocrypt'");
        }
    }
}
