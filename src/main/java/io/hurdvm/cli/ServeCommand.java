package io.hurdvm.cli;

import io.hurdvm.metrics.ExporterSettings;
import io.hurdvm.metrics.HurdvmMetrics;

import io.hurdvm.api.ApiPolicy;
import io.hurdvm.api.ApiServer;
import io.hurdvm.api.ApiServerConfig;
import io.hurdvm.api.ApiToken;
import io.hurdvm.api.ApiTls;
import io.hurdvm.api.ApiTokenSource;
import io.hurdvm.api.BackupRoutes;
import io.hurdvm.api.ImageAccess;
import io.hurdvm.api.ListenAddress;
import io.hurdvm.api.QmpAccess;
import io.hurdvm.api.RouteModule;
import io.hurdvm.api.ScheduleRoutes;
import io.hurdvm.api.ServedInstances;
import io.hurdvm.api.SnapshotRoutes;
import io.hurdvm.web.WebConsole;
import io.hurdvm.config.SizeParser;
import io.hurdvm.errors.ErrorKind;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve", description = {
        "Serve the REST API for every instance under HURDVM_HOME (OpenAPI description at /openapi.json).",
        "Requests need 'Authorization: Bearer <token>'. On TCP without a token file, serve generates one in HURDVM_HOME/api_token (0600) and prints its path;"
                + " a Unix socket (0600) may go without a token. Beyond loopback, TLS (--tls-cert/--tls-key) is required unless --insecure-http.",
        "Raw QMP through the API is off unless --qmp-access says otherwise; 'image' in an up body must be a store image or lie below --allow-image-dir/--allow-image-url-prefix.",
        "The web console (dashboard, serial console, screen) is at / : log in with the token (or --viewer-token-file's, read-only).",
        "In a container: 'hurdvm serve --up vm' boots vm at start and powers it off on SIGTERM."},
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm serve",
                "  hurdvm serve --listen unix:/run/hurdvm/api.sock",
                "  hurdvm serve --listen 0.0.0.0:8480 --tls-cert cert.pem --tls-key key.pem --up vm"})
public final class ServeCommand implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--listen", defaultValue = "${env:HURDVM_LISTEN:-127.0.0.1:8480}", paramLabel = "HOST:PORT|unix:PATH",
            description = "Address to listen on, or a Unix socket (made mode 0600) (default: HURDVM_LISTEN or 127.0.0.1:8480).")
    String listen;

    @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the API token, private to this user (mode 0600) (default: $HURDVM_TOKEN_FILE,"
            + " else /run/secrets/api_token if it exists, else on TCP one generated in HURDVM_HOME/api_token).")
    Path tokenFile;

    @Option(names = "--viewer-token-file", paramLabel = "FILE", defaultValue = "${env:HURDVM_VIEWER_TOKEN_FILE}",
            description = "A second token, private like the first: the web console logs in with it read-only (dashboard and serial console,"
                    + " no changes, no typing, no screen) (default: $HURDVM_VIEWER_TOKEN_FILE).")
    Path viewerTokenFile;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "Serve HTTPS with this PEM certificate (chain) (default: $HURDVM_TLS_CERT, else /run/secrets/api_tls_cert with api_tls_key).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "The PEM private key of --tls-cert, private to this user (mode 0600) (default: $HURDVM_TLS_KEY).")
    Path tlsKey;

    @Option(names = "--insecure-http", description = "Allow plain HTTP on an address beyond loopback (only behind a TLS proxy: the token crosses the network in clear otherwise).")
    boolean insecureHttp;

    @Option(names = "--qmp-access", defaultValue = "off", paramLabel = "off|read-only|full",
            description = "Raw QMP through POST /v1/instances/NAME/qmp: off (default), read-only (an allowlist of query-* commands),"
                    + " or full (every command and HMP: whoever holds the token is root-equivalent on this host).")
    String qmpAccess;

    @Option(names = "--allow-image-dir", paramLabel = "DIR", description = "An up body's 'image' may name a file below DIR (repeatable; default: store images only).")
    List<Path> allowImageDirs = new ArrayList<>();

    @Option(names = "--allow-image-url-prefix", paramLabel = "URL", description = "An up body's 'image' may be an http(s) URL below URL (repeatable).")
    List<String> allowImageUrlPrefixes = new ArrayList<>();

    @Option(names = "--metrics-public", description = "Serve /metrics without a token even when one is configured (for scrapers that cannot send one).")
    boolean metricsPublic;

    @Option(names = "--up", split = ",", paramLabel = "NAME", description = "Bring these instances up at start (settings from HURDVM_* / the config file) and stop them on SIGTERM.")
    List<String> up = new ArrayList<>();

    @Option(names = "--stop-timeout", defaultValue = "30s", paramLabel = "DURATION", description = "On SIGTERM, how long the stop of each --up instance may take, kill included (default: ${DEFAULT-VALUE}).")
    String stopTimeout;

    @Spec CommandSpec spec;

    /** The Prometheus exposition; scraped once at start so the first real scrape is not a cold one. */
    static HurdvmMetrics metrics(InstanceService service) {
        HurdvmMetrics metrics = new HurdvmMetrics(service, ExporterSettings.defaults());
        metrics.scrape();
        return metrics;
    }

    /** Snapshot, schedule and backup resources beside the built-in instance routes; backups use this process's environment. */
    static List<RouteModule> modules(CliContext ctx) {
        return List.of(new SnapshotRoutes(), new ScheduleRoutes(), new io.hurdvm.api.TemplateRoutes(),
                new BackupRoutes(new BackupEnvironment(ctx.home(), ctx.env()), VersionProvider.version()));
    }

    /** The viewer token of the web console, checked like the API token and never equal to it. */
    private Optional<ApiToken> viewerToken(Optional<ApiToken> token) {
        if (viewerTokenFile == null) {
            return Optional.empty();
        }
        if (token.isEmpty()) {
            throw new CliException(ErrorKind.BAD_INPUT, "--viewer-token-file needs --token-file: on a Unix socket without a token"
                    + " there is no web console to log in to");
        }
        ApiToken viewer = ApiTokenSource.readPrivate(viewerTokenFile, "--viewer-token-file");
        if (token.get().matches(viewer.reveal())) {
            throw new CliException(ErrorKind.BAD_INPUT, "--viewer-token-file holds the API token itself: give viewers a token of their own");
        }
        return Optional.of(viewer);
    }

    @Override
    public Integer call() throws InterruptedException {
        Duration stop = SizeParser.duration("--stop-timeout", stopTimeout);
        Set<InstanceName> keep = new LinkedHashSet<>();
        up.forEach(n -> keep.add(InstanceName.of(n.strip())));
        CliContext ctx = CliContext.of(spec);
        ListenAddress address = ListenAddress.parse(listen);
        ApiTokenSource tokens = ApiTokenSource.of(Optional.ofNullable(tokenFile), ctx.host());
        Optional<ApiToken> token = address.unixSocket().isPresent() ? tokens.forDaemon() : Optional.of(tokens.forDaemonOnTcp(ctx.home()));
        boolean generated = address.unixSocket().isEmpty() && tokens.nothingConfigured();
        Optional<ApiToken> viewer = viewerToken(token);
        ApiPolicy policy = new ApiPolicy(QmpAccess.parse(qmpAccess), ImageAccess.of(allowImageDirs, allowImageUrlPrefixes));
        InstanceService service = ctx.service();
        Optional<ApiTls> tls = ApiTls.resolve(Optional.ofNullable(tlsCert), Optional.ofNullable(tlsKey), ctx.env());
        HurdvmMetrics metrics = metrics(service);
        // Wherever there is a token to log in with: always on TCP; on a Unix socket only with --token-file
        // (a browser reaches a socket only through a forward, and must log in there too).
        Optional<WebConsole> web = token.map(t -> new WebConsole(t, viewer, tls.isPresent() || insecureHttp, Optional.of(metrics::sample)));
        ApiServerConfig config = ApiServerConfig.of(address, token, tls, insecureHttp).withPolicy(policy)
                .withMetrics(Optional.of(metrics::scrape), metricsPublic).withModules(modules(ctx)).withRequiredInstances(keep)
                .withWeb(web.map(w -> w));
        ApiServer server = ApiServer.start(config, service, VersionProvider.version());
        ServedInstances served = new ServedInstances(service, keep, stop);
        PrintWriter err = spec.commandLine().getErr();
        err.println("hurdvm: serving " + ctx.home() + " on " + server.listensOn() + "; authentication: " + config.authenticationMode());
        web.ifPresent(w -> err.println("hurdvm: web console at " + (address.unixSocket().isPresent()
                ? server.listensOn() + " (browsers reach it through a forward, e.g. 'ssh -L 8480:" + address.unixSocket().get()
                        + " HOST', then http://127.0.0.1:8480/)"
                : server.baseUri() + "/") + "; " + w.describe()));
        if (generated) {
            err.println("hurdvm: no token file given: using the generated " + token.orElseThrow().origin() + " (0600); clients of this"
                    + " user and HURDVM_HOME find it, others need a copy (--token-file); delete it to make a new one");
        }
        if (policy.qmp() == QmpAccess.FULL) {
            err.println("hurdvm: warning: --qmp-access full: whoever holds the token can make QEMU read and write any file this user can");
        }
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
