package io.hurdvm.api;

import io.hurdvm.instance.InstancePaths;
import io.hurdvm.lifecycle.InstanceService;
import io.hurdvm.storage.backup.BackupEnvironment;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.VmSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real {@link ApiServer} on 127.0.0.1 serving the snapshot, schedule and backup modules over a temp
 * HURDVM_HOME, whose instances have a real (small, empty) qcow2 disk made by qemu-img.
 */
final class StorageApiServer implements AutoCloseable {
    static final String TOKEN = "storage-test-token-0123456789abcdef";

    private final Path home;
    private final InstanceService service;
    private final ApiServer server;
    /** What {@link #client()} sends unless a call names a token: none for a server whose token is under test. */
    private final String clientToken;

    /** @param daemonEnv the daemon's environment, as the backup routes see it (backup target, S3 settings, key) */
    private StorageApiServer(Path home, Optional<ApiToken> token, Map<String, String> daemonEnv, String clientToken) {
        this.home = home;
        this.clientToken = clientToken;
        this.service = new InstanceService(home, io.hurdvm.env.HostEnvironment.empty());
        this.server = ApiServer.start(ApiServerConfig.of(new ListenAddress("127.0.0.1", 0), token)
                .withModules(List.of(new SnapshotRoutes(), new ScheduleRoutes(), new BackupRoutes(new BackupEnvironment(home, daemonEnv), "test"))),
                service, "test");
    }

    static StorageApiServer start(Path home) {
        return start(home, Map.of());
    }

    static StorageApiServer start(Path home, Map<String, String> daemonEnv) {
        return new StorageApiServer(home, Optional.of(TestTokens.token()), daemonEnv, TestTokens.TOKEN);
    }

    static StorageApiServer startWithToken(Path home) throws IOException {
        Path tokenFile = TestTokens.privateFile(home, TOKEN + "\n");
        return new StorageApiServer(home, Optional.of(ApiTokenSource.read(tokenFile, "test")), Map.of(), null);
    }

    InstanceService service() {
        return service;
    }

    ApiTestClient client() {
        return new ApiTestClient(server.baseUri(), clientToken);
    }

    ApiServer server() {
        return server;
    }

    /** A stopped instance as 'up' leaves it before its first boot, with a 16 MiB qcow2 overlay. */
    InstancePaths createStoppedInstance(String name) throws IOException {
        Path image = Files.writeString(home.resolve(name + "-base.img"), "base");
        return service.store().create(VmSpec.builder(InstanceName.of(name), image).memoryMib(512).build(),
                (spec, disk) -> qemuImgCreate(disk));
    }

    private static void qemuImgCreate(Path disk) {
        try {
            Process p = new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", disk.toString(), "16M")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("qemu-img create did not finish within 30 s");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("qemu-img create exited " + p.exitValue() + ": " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
