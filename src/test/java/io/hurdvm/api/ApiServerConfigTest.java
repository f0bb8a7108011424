package io.hurdvm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.lifecycle.InstanceService;
import io.hurdvm.secret.Secret;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiServerConfigTest {
    private static final ApiToken TOKEN = new ApiToken(Secret.of("0123456789abcdef0123"), Path.of("/run/secrets/api_token"));
    @TempDir Path home;

    @Test
    void withoutToken_tcpIsRefused_evenOnLoopback_namingTheFix() {
        for (String listen : new String[] {"0.0.0.0:8480", "127.0.0.1:8480"}) {
            assertThatThrownBy(() -> ApiServerConfig.of(ListenAddress.parse(listen)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("refusing to listen on " + listen + " without an API token")
                    .hasMessageContaining("--token-file");
        }
    }

    @Test
    void withoutToken_aUnixSocketIsAllowed_andTheModeSaysSo() {
        assertThat(ApiServerConfig.of(ListenAddress.unix(home.resolve("api.sock"))).authenticationMode())
                .startsWith("none, Unix socket only").endsWith("raw QMP: off");
    }

    @Test
    void plainHttpBeyondLoopback_isRefused_unlessInsecureHttp() {
        assertThatThrownBy(() -> ApiServerConfig.of(ListenAddress.parse("0.0.0.0:8480"), Optional.of(TOKEN)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("refusing plain HTTP on 0.0.0.0:8480").hasMessageContaining("--tls-cert FILE --tls-key FILE")
                .hasMessageContaining("--insecure-http");
        ApiServerConfig config = ApiServerConfig.of(ListenAddress.parse("0.0.0.0:8480"), Optional.of(TOKEN), Optional.empty(), true);
        assertThat(config.authenticationMode()).isEqualTo("bearer token from /run/secrets/api_token; raw QMP: off").doesNotContain("0123456789");
    }

    @Test
    void tlsBeyondLoopback_isAllowed_butNotOnAUnixSocket() {
        ApiTls tls = new ApiTls(Path.of("/c.pem"), Path.of("/k.pem"));
        assertThat(ApiServerConfig.of(ListenAddress.parse("0.0.0.0:8480"), Optional.of(TOKEN), Optional.of(tls), false).tls()).hasValue(tls);
        assertThatThrownBy(() -> ApiServerConfig.of(ListenAddress.unix(home.resolve("s")), Optional.of(TOKEN), Optional.of(tls), false))
                .hasMessageContaining("is a Unix socket, which needs no TLS");
    }

    @Test
    void listenAddress_parsesHostPortAndIpv6() {
        assertThat(ListenAddress.parse("127.0.0.1:8480")).isEqualTo(new ListenAddress("127.0.0.1", 8480));
        assertThat(ListenAddress.parse("[::1]:9000")).isEqualTo(new ListenAddress("::1", 9000));
        assertThat(ListenAddress.parse("[::1]:9000").isLoopback()).isTrue();
        assertThat(ListenAddress.parse("localhost:1").isLoopback()).isTrue();
        assertThat(ListenAddress.parse("0.0.0.0:1").isLoopback()).isFalse();
        assertThatThrownBy(() -> ListenAddress.parse("8480")).hasMessageContaining("use HOST:PORT");
        assertThatThrownBy(() -> ListenAddress.parse("127.0.0.1:http")).hasMessageContaining("port");
        assertThatThrownBy(() -> ListenAddress.parse("127.0.0.1:70000")).hasMessageContaining("out of range");
    }

    @Test
    void portInUse_failsWithOneLineNamingTheAddress() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            ApiServerConfig config = ApiServerConfig.of(new ListenAddress("127.0.0.1", taken.getLocalPort()), Optional.of(TOKEN));
            assertThatThrownBy(() -> ApiServer.start(config, new InstanceService(home, io.hurdvm.env.HostEnvironment.empty()), "test"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": the port is in use; choose another with --listen");
        }
    }

    /** DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends its own Host header, but never the token. */
    @Test
    void dnsRebinding_foreignHostHeaderWithoutToken_gets401() throws Exception {
        try (ApiServer server = ApiServer.start(TestTokens.loopback(), new InstanceService(home, io.hurdvm.env.HostEnvironment.empty()), "test")) {
            assertThat(rawGet(server.port(), "evil.example:" + server.port())).startsWith("HTTP/1.1 401");
        }
    }

    private static String rawGet(int port, String hostHeader) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /v1/instances HTTP/1.1\r\nHost: " + hostHeader + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }
}
