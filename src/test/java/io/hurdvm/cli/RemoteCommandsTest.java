package io.hurdvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.api.ApiServer;
import io.hurdvm.cli.InProcessCli.Run;
import io.hurdvm.api.ApiPolicy;
import io.hurdvm.api.ImageAccess;
import io.hurdvm.api.QmpAccess;
import io.hurdvm.api.TestTokens;
import java.util.List;
import io.hurdvm.lifecycle.InstanceService;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve, health and --host as a user runs them (in-process picocli), against a real API server on an empty home. */
class RemoteCommandsTest {
    @TempDir Path home;
    private ApiServer server;
    private String url;
    private Path tokenFile;

    @BeforeEach
    void start() throws Exception {
        ApiPolicy imagesBelowHome = new ApiPolicy(QmpAccess.OFF, ImageAccess.of(List.of(home), List.of()));
        server = ApiServer.start(TestTokens.loopback().withPolicy(imagesBelowHome), new InstanceService(home, io.hurdvm.env.HostEnvironment.empty()), "test");
        url = server.baseUri().toString();
        tokenFile = TestTokens.file(Files.createDirectories(home.resolve("client")));
    }

    /** As a user runs it, with the daemon's token. */
    private Run run(String... args) {
        return InProcessCli.runWithToken(tokenFile, args);
    }

    @AfterEach
    void stop() {
        server.close();
    }


    @Test
    void serve_plainHttpOnAllInterfaces_exits2_withOneLineNamingTheFix() {
        Run r = InProcessCli.run("serve", "--listen", "0.0.0.0:0", "--token-file", tokenFile.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().strip()).startsWith("hurdvm: refusing plain HTTP on 0.0.0.0:0").contains("--tls-cert FILE --tls-key FILE")
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

    @Test
    void up_viaHost_ofAnImageOutsideTheAllowedFolders_exits2_namingThem_andCreatesNothing() {
        Run up = run("up", "vm", "--host", url, "--image", "/etc/shadow", "--wait", "none");
        assertThat(up.exitCode()).as(up.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(up.err().strip()).isEqualTo("hurdvm: image /etc/shadow is not below a folder the operator allowed: allowed folders: " + home);
        assertThat(Files.exists(home.resolve("instances").resolve("vm"))).isFalse();
    }

    @Test
    void host_withATokenFileOthersCanRead_exits2_namingChmod600() throws Exception {
        Files.setPosixFilePermissions(tokenFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Run r = run("list", "--host", url);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("run 'chmod 600 " + tokenFile + "'");
    }
}
