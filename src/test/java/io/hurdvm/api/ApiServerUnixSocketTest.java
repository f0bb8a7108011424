package io.hurdvm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.lifecycle.InstanceService;
import io.hurdvm.secret.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --listen unix:PATH}: a real Jetty on a real Unix socket, spoken to with raw HTTP/1.1 over a JDK SocketChannel. */
@Timeout(60) // the raw reads below block without a timeout of their own
class ApiServerUnixSocketTest {
    private static final ApiToken TOKEN = new ApiToken(Secret.of("unix-socket-token-0123456789abcdef"), Path.of("/run/secrets/api_token"));
    @TempDir Path home;
    private Path dir;
    private Path socket;

    @BeforeEach
    void shortSocketDir() throws IOException {
        // @TempDir paths can exceed the 107 bytes a Unix socket path may have.
        dir = Files.createTempDirectory(Path.of("/tmp"), "hv");
        socket = dir.resolve("api.sock");
    }

    @AfterEach
    void removeSocketDir() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }

    @Test
    void withoutToken_servesHealthzOnTheSocket_mode0600_andSaysSo_thenRemovesTheSocketOnClose() throws Exception {
        ApiServerConfig config = ApiServerConfig.of(ListenAddress.parse("unix:" + socket));
        assertThat(config.authenticationMode()).startsWith("none, Unix socket only (mode 0600");
        try (ApiServer server = start(config)) {
            assertThat(server.listensOn()).isEqualTo("unix:" + socket);
            assertThat(server.port()).isZero();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
            String response = rawGet("/healthz", null);
            assertThat(response).startsWith("HTTP/1.1 200").contains("{\"status\":\"ok\"}");
        }
        assertThat(socket).doesNotExist();
    }

    @Test
    void withoutToken_anyHostHeaderIsAccepted_becauseNoBrowserCanReachASocket() throws Exception {
        try (ApiServer server = start(ApiServerConfig.of(ListenAddress.unix(socket)))) {
            assertThat(rawGet("/v1/instances", null, "docker")).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void withToken_theSocketStillNeedsIt() throws Exception {
        try (ApiServer server = start(ApiServerConfig.of(ListenAddress.unix(socket), Optional.of(TOKEN)))) {
            assertThat(rawGet("/v1/instances", null)).startsWith("HTTP/1.1 401");
            assertThat(rawGet("/v1/instances", "Bearer unix-socket-token-0123456789abcdef")).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void staleSocketOfAKilledDaemon_isReplaced() throws Exception {
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        } // closing does not remove the file: exactly what a killed daemon leaves behind
        assertThat(socket).exists();
        try (ApiServer server = start(ApiServerConfig.of(ListenAddress.unix(socket)))) {
            assertThat(rawGet("/healthz", null)).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void socketSomeoneListensOn_isNotTakenOver() throws Exception {
        try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            live.bind(UnixDomainSocketAddress.of(socket));
            assertThatThrownBy(() -> start(ApiServerConfig.of(ListenAddress.unix(socket))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("cannot listen on unix:" + socket + ": another process listens there; stop it or choose another path");
            assertThat(socket).exists();
        }
    }

    @Test
    void regularFileInTheWay_isRefused_notDeleted() throws Exception {
        Files.writeString(socket, "precious");
        assertThatThrownBy(() -> start(ApiServerConfig.of(ListenAddress.unix(socket))))
                .hasMessageContaining("a file that is not a socket is in the way");
        assertThat(socket).hasContent("precious");
    }

    @Test
    void listenAddress_parsesUnixPaths_andRejectsEmptyOrTooLongOnes() {
        ListenAddress unix = ListenAddress.parse("unix:/run/hurdvm/api.sock");
        assertThat(unix.unixSocket()).contains(Path.of("/run/hurdvm/api.sock"));
        assertThat(unix).hasToString("unix:/run/hurdvm/api.sock");
        assertThat(unix.isLocalOnly()).isTrue();
        assertThat(ListenAddress.parse("127.0.0.1:1").unixSocket()).isEmpty();
        assertThatThrownBy(() -> ListenAddress.parse("unix:")).hasMessageContaining("give the socket's path");
        assertThatThrownBy(() -> ListenAddress.parse("unix:/tmp/" + "x".repeat(120)))
                .hasMessageContaining("bytes long, Unix sockets allow 107");
    }

    private ApiServer start(ApiServerConfig config) {
        return ApiServer.start(config, new InstanceService(home, io.hurdvm.env.HostEnvironment.empty()), "test");
    }

    private String rawGet(String path, String authorization) throws IOException {
        return rawGet(path, authorization, "localhost");
    }

    private String rawGet(String path, String authorization, String host) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n";
            ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            InputStream in = Channels.newInputStream(ch);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8); // Connection: close ends it
        }
    }
}
