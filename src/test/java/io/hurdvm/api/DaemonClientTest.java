package io.hurdvm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.instance.InstanceView;
import io.hurdvm.lifecycle.InstanceService;
import io.hurdvm.secret.Secret;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.VmSpec;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's side of --host against a real server. */
class DaemonClientTest {
    private static final ApiToken TOKEN = new ApiToken(Secret.of("client-test-token-0123456789"), Path.of("test"));
    @TempDir Path home;
    @TempDir Path files;
    private ApiServer server;

    @BeforeEach
    void start() throws Exception {
        InstanceService service = new InstanceService(home, io.hurdvm.env.HostEnvironment.empty());
        Path image = Files.writeString(files.resolve("base.img"), "base");
        service.store().create(VmSpec.builder(InstanceName.of("vm1"), image).memoryMib(640).build(), (s, disk) -> {
            try {
                Files.createFile(disk);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        server = ApiServer.start(ApiServerConfig.of(new ListenAddress("127.0.0.1", 0), Optional.of(TOKEN))
                .withRequiredInstances(Set.of(InstanceName.of("vm1"))), service, "test");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void listAndView_comeBackAsTheCliTypes() {
        DaemonClient client = new DaemonClient(server.baseUri(), Optional.of(TOKEN));
        assertThat(client.list()).extracting(InstanceView::name).containsExactly("vm1");
        InstanceView v = client.view("vm1");
        assertThat(v.memoryMib()).isEqualTo(640);
        assertThat(v.state()).isEqualTo("created");
    }

    @Test
    void down_ofAStoppedInstance_isEmpty() {
        assertThat(new DaemonClient(server.baseUri(), Optional.of(TOKEN)).down("vm1", Duration.ofSeconds(5), false)).isEmpty();
    }

    @Test
    void readiness_of503_isAReport_notAnError() {
        ReadinessReport r = new DaemonClient(server.baseUri(), Optional.empty()).readiness(Optional.empty());
        assertThat(r.ready()).isFalse();
        assertThat(r.notReady()).extracting(ReadinessReport.NotReady::name).containsExactly("vm1");
        assertThat(new DaemonClient(server.baseUri(), Optional.empty()).readiness(Optional.of("vm1")).ready()).isFalse();
    }

    @Test
    void wrongToken_is401_withAHintAtTheTokenFile() {
        DaemonClient client = new DaemonClient(server.baseUri(), Optional.of(new ApiToken(Secret.of("not-the-right-token-at-all"), Path.of("x"))));
        assertThatThrownBy(client::list).isInstanceOf(DaemonException.class)
                .satisfies(e -> assertThat(((DaemonException) e).status()).isEqualTo(401))
                .hasMessageContaining("invalid bearer token").hasMessageContaining("--token-file");
    }

    @Test
    void unknownInstance_is404() {
        assertThatThrownBy(() -> new DaemonClient(server.baseUri(), Optional.of(TOKEN)).view("ghost"))
                .isInstanceOf(DaemonException.class).satisfies(e -> assertThat(((DaemonException) e).status()).isEqualTo(404));
    }

    @Test
    void nothingListening_isUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        DaemonClient client = new DaemonClient(URI.create("http://127.0.0.1:" + port), Optional.empty());
        assertThatThrownBy(client::list).isInstanceOf(DaemonException.class)
                .satisfies(e -> assertThat(((DaemonException) e).unreachable()).isTrue())
                .hasMessageContaining("is 'hurdvm serve' running there?");
    }

    @Test
    void nonHttpUrl_isRefused() {
        assertThatThrownBy(() -> new DaemonClient(URI.create("ftp://x"), Optional.empty())).hasMessageContaining("invalid --host");
    }
}
