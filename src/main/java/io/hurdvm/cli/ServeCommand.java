package io.hurdvm.cli;

import io.hurdvm.metrics.ExporterSettings;
import io.hurdvm.metrics.HurdvmMetrics;

import io.hurdvm.api.ApiServer;
import io.hurdvm.api.ApiServerConfig;
import io.hurdvm.api.ApiToken;
import io.hurdvm.api.ApiTokenSource;
import io.hurdvm.api.BackupRoutes;
import io.hurdvm.api.ListenAddress;
import io.hurdvm.api.RouteModule;
import io.hurdvm.api.ScheduleRoutes;
import io.hurdvm.api.ServedInstances;
import io.hurdvm.api.SnapshotRoutes;
import io.hurdvm.config.SizeParser;
import io.hurdvm.lifecycle.InstanceService;
import io.hurdvm.storage.backup.BackupEnvironment;
import io.hurdvm.vm.InstanceName;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve", description = {
        "Serve the REST API for every instance under HURDVM_HOME (OpenAPI description at /openapi.json).",
        "Requests need 'Authorization: Bearer <token>' when a token file is found; without one the daemon only listens on loopback or a Unix socket.",
        "In a container: 'hurdvm serve --up vm' boots vm at start and powers it off on SIGTERM."})
public final class ServeCommand implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--listen", defaultValue = "${env:HURDVM_LISTEN:-127.0.0.1:8480}", paramLabel = "HOST:PORT|unix:PATH",
            description = "Address to listen on, or a Unix socket (made mode 0600) (default: HURDVM_LISTEN or 127.0.0.1:8480).")
    String listen;

    @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the API token (default: $HURDVM_TOKEN_FILE, else /run/secrets/api_token if it exists).")
    Path tokenFile;

    @Option(names = "--metrics-public", description = "Serve /metrics without a token even when one is configured (for scrapers that cannot send one).")
    boolean metricsPublic;

    @Option(names = "--up", split = ",", paramLabel = "NAME", description = "Bring these instances up at start (settings from HURDVM_* / the config file) and stop them on SIGTERM.")
    List<String> up = new ArrayList<>();

    @Option(names = "--stop-timeout", defaultValue = "30s", paramLabel = "DURATION", description = "On SIGTERM, how long the stop of each --up instance may take, kill included (default: ${DEFAULT-VALUE}).")
    String stopTimeout;

    @Spec CommandSpec spec;

    /** The Prometheus exposition; scraped once at start so the first real scrape is not a cold one. */
    static Optional<Supplier<String>> metrics(InstanceService service) {
        HurdvmMetrics metrics = new HurdvmMetrics(service, ExporterSettings.defaults());
        metrics.scrape();
        return Optional.of(metrics::scrape);
    }

    /** Snapshot, schedule and backup resources beside the built-in instance routes; backups use this process's environment. */
    static List<RouteModule> modules(CliContext ctx) {
        return List.of(new SnapshotRoutes(), new ScheduleRoutes(),
                new BackupRoutes(new BackupEnvironment(ctx.home(), ctx.env()), VersionProvider.version()));
    }

    @Override
    public Integer call() throws InterruptedException {
        Duration stop = SizeParser.duration("--stop-timeout", stopTimeout);
        Set<InstanceName> keep = new LinkedHashSet<>();
        up.forEach(n -> keep.add(InstanceName.of(n.strip())));
        Optional<ApiToken> token = ApiTokenSource.of(Optional.ofNullable(tokenFile)).resolve();
        CliContext ctx = CliContext.fromEnvironment();
        InstanceService service = ctx.service();
        ApiServerConfig config = ApiServerConfig.of(ListenAddress.parse(listen), token)
                .withMetrics(metrics(service), metricsPublic).withModules(modules(ctx)).withRequiredInstances(keep);
        ApiServer server = ApiServer.start(config, service, VersionProvider.version());
        ServedInstances served = new ServedInstances(service, keep, stop);
        PrintWriter err = spec.commandLine().getErr();
        err.println("hurdvm: serving " + ctx.home() + " on " + server.listensOn() + "; authentication: " + config.authenticationMode());
        err.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            served.stopStarted();
        }, "serve-shutdown"));
        served.startInBackground();
        new CountDownLatch(1).await(); // until SIGTERM/SIGINT: the shutdown hook does the rest
        return ExitCodes.OK;
    }
}
