package io.hurdvm.cli;

import static io.hurdvm.cli.InProcessCli.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hurdvm.api.ApiServer;
import io.hurdvm.cli.InProcessCli.Run;
import io.hurdvm.api.ApiServerConfig;
import io.hurdvm.api.ApiTokenSource;
import io.hurdvm.api.ListenAddress;
import io.hurdvm.lifecycle.InstanceService;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve, health and --host as a user runs them (in-process picocli), against a real API server on an empty home. */
class RemoteCommandsTest {
    @TempDir Path home;
    private ApiServer server;
    private String url;

    @BeforeEach
    void start() {
        server = ApiServer.start(ApiServerConfig.of(new ListenAddress("127.0.0.1", 0)), new InstanceService(home, Map.of()), "test");
        url = server.baseUri().toString();
    }

    @AfterEach
    void stop() {
        server.close();
    }


    @Test
    void serve_withoutToken_onAllInterfaces_exits2_withOneLineNamingTheFix() {
        assumeTrue(System.getenv(ApiTokenSource.ENV_VAR) == null && !Files.exists(ApiTokenSource.RUN_SECRETS_FILE),
                "a token is configured on this machine");
        Run r = run("serve", "--listen", "0.0.0.0:0");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().strip()).startsWith("hurdvm: refusing to listen on 0.0.0.0:0 without an API token").contains("--token-file")
                .doesNotContain("\n");
    }

    @Test
    void health_viaHost_isHealthy_whenNothingShouldRun() {
        Run r = run("health", "--host", url);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("healthy: 0 instances ready");
    }

    @Test
    void health_ofAMissingInstance_viaHost_isUnhealthy() {
        Run r = run("health", "vm", "--host", url);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.UNHEALTHY);
        assertThat(r.out()).contains("unhealthy: vm (missing): instance does not exist");
    }

    @Test
    void health_viaUnreachableHost_isUnhealthy() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Run r = run("health", "--host", "http://127.0.0.1:" + port);
        assertThat(r.exitCode()).isEqualTo(ExitCodes.UNHEALTHY);
        assertThat(r.out()).contains("cannot reach the hurdvm daemon");
    }

    @Test
    void listAndStatus_viaHost_readTheDaemonsHome() {
        Run list = run("list", "--host", url, "--output", "json");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out().strip()).isEqualTo("[ ]");
        Run status = run("status", "ghost", "--host", url);
        assertThat(status.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(status.err()).contains("hurdvm: no instance named 'ghost'");
    }

    @Test
    void upAndDown_viaHost_mapDaemonErrorsToExitCodes_andCreateNothing() throws Exception {
        Run up = run("up", "vm", "--host", url, "--image", home.resolve("missing.qcow2").toString(), "--wait", "none");
        assertThat(up.exitCode()).as(up.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(up.err()).contains("does not exist");
        assertThat(Files.exists(home.resolve("instances").resolve("vm"))).isFalse();
        Run down = run("down", "vm", "--host", url);
        assertThat(down.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    }
}
