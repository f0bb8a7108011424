package io.hurdvm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.lifecycle.InstanceService;
import io.hurdvm.secret.SecretFileException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve over HTTPS with a certificate made by openssl, and DaemonClient trusting it with --ca-file. */
class ApiServerTlsTest {
    @TempDir Path home;
    @TempDir Path tls;
    private ApiServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A self-signed certificate for 127.0.0.1 and its key (0600); {@code algorithm} as openssl's -newkey. */
    private ApiTls certificate(String name, String... newkey) throws Exception {
        Path cert = tls.resolve(name + ".crt");
        Path key = tls.resolve(name + ".key");
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl", "req", "-x509", "-nodes", "-days", "2", "-subj", "/CN=" + name,
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", key.toString(), "-out", cert.toString()));
        cmd.addAll(List.of(newkey));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(out).isTrue();
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        return new ApiTls(cert, key);
    }

    private ApiServer start(ApiTls t) {
        ApiServerConfig config = ApiServerConfig.of(new ListenAddress("127.0.0.1", 0), Optional.of(TestTokens.token()), Optional.of(t), false);
        server = ApiServer.start(config, new InstanceService(home, io.hurdvm.env.HostEnvironment.empty()), "test");
        return server;
    }

    @Test
    void https_onAFreePort_withEcAndRsaKeys_andAClientTrustingTheCertificate() throws Exception {
        for (ApiTls t : List.of(certificate("ec", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"),
                certificate("rsa", "-newkey", "rsa:2048"))) {
            start(t);
            assertThat(server.baseUri().toString()).startsWith("https://127.0.0.1:").doesNotEndWith(":0");
            DaemonClient client = new DaemonClient(server.baseUri(), Optional.of(TestTokens.token()), Optional.of(t.certFile()));
            assertThat(client.list()).isEmpty();
            server.close();
            server = null;
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCertificate_isToldToGiveCaFile() throws Exception {
        start(certificate("ec", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"));
        DaemonClient client = new DaemonClient(server.baseUri(), Optional.of(TestTokens.token()));
        assertThatThrownBy(client::list).isInstanceOf(DaemonException.class).hasMessageContaining("--ca-file");
    }

    @Test
    void aKeyFileOthersMayRead_isRefused_aKeyOfAnotherCertificateToo() throws Exception {
        ApiTls ec = certificate("ec", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256");
        ApiTls rsa = certificate("rsa", "-newkey", "rsa:2048");
        assertThatThrownBy(() -> start(new ApiTls(ec.certFile(), rsa.keyFile())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not belong to the certificate");
        Files.setPosixFilePermissions(ec.keyFile(), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> start(ec)).isInstanceOf(SecretFileException.class)
                .hasMessageContaining("TLS key file " + ec.keyFile() + " may be read or changed by other users").hasMessageContaining("chmod 600");
        assertThatThrownBy(() -> start(new ApiTls(ec.keyFile(), ec.keyFile()))).hasMessageContaining("is not a PEM certificate");
    }

    @Test
    void resolve_needsBothFilesOrNeither() {
        assertThat(ApiTls.resolve(Optional.empty(), Optional.empty(), Map.of())).isEmpty();
        assertThat(ApiTls.resolve(Optional.empty(), Optional.empty(), Map.of("HURDVM_TLS_CERT", "/c", "HURDVM_TLS_KEY", "/k")))
                .hasValue(new ApiTls(Path.of("/c"), Path.of("/k")));
        assertThatThrownBy(() -> ApiTls.resolve(Optional.of(Path.of("/c")), Optional.empty(), Map.of()))
                .hasMessageContaining("give both --tls-cert FILE and --tls-key FILE");
    }

    @Test
    void caFile_isOnlyForHttps() {
        assertThatThrownBy(() -> new DaemonClient(java.net.URI.create("http://127.0.0.1:1"), Optional.empty(), Optional.of(tls.resolve("x"))))
                .hasMessageContaining("--ca-file is for an https:// --host");
    }
}
