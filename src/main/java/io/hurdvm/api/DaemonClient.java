package io.hurdvm.api;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.errors.ErrorText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hurdvm.config.SettingKey;
import io.hurdvm.config.SizeParser;
import io.hurdvm.instance.InstanceView;
import io.hurdvm.instance.JsonFiles;
import io.hurdvm.storage.snapshot.SnapshotReport;
import io.hurdvm.lifecycle.UpResult;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What the CLI uses with {@code --host}: the daemon's REST API, answering with the CLI's own types. */
public final class DaemonClient {
    /** The CA file for clients when --ca-file is not given. */
    public static final String HOST_CA_ENV = "HURDVM_CA_FILE";
    private static final Duration SHORT = Duration.ofSeconds(30);
    /** Verify, restore and prune read or write whole backups: minutes for a big disk on a slow target. */
    private static final Duration LONG = Duration.ofHours(2);
    private final HttpClient http;
    private final URI base;
    private final Optional<ApiToken> token;

    public DaemonClient(URI base, Optional<ApiToken> token) {
        this(base, token, Optional.empty());
    }

    /** @param caFile PEM certificates to trust for https instead of the JVM's default ones (e.g. the daemon's own self-signed certificate) */
    public DaemonClient(URI base, Optional<ApiToken> token, Optional<Path> caFile) {
        String scheme = base.getScheme();
        if (!("http".equals(scheme) || "https".equals(scheme)) || base.getHost() == null) {
            throw new IllegalArgumentException("invalid --host '" + base + "': use a URL such as http://127.0.0.1:8480");
        }
        if (caFile.isPresent() && !"https".equals(scheme)) {
            throw new IllegalArgumentException("--ca-file is for an https:// --host; " + base + " is plain HTTP");
        }
        this.base = URI.create(base.toString().replaceAll("/+$", "") + "/");
        this.token = token;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        caFile.ifPresent(f -> b.sslContext(trusting(f)));
        this.http = b.build();
    }

    /** An SSL context that trusts exactly the certificates in {@code caFile}. */
    static SSLContext trusting(Path caFile) {
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate c : ApiTls.certificates(caFile)) {
                trusted.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot trust the certificates in " + caFile + ": " + e.getMessage(), e);
        }
    }

    public URI base() {
        return base;
    }

    public List<InstanceView> list() {
        JsonNode body = call(get("v1/instances", SHORT), Set.of(200));
        return List.of(JsonFiles.MAPPER.convertValue(body.path("instances"), InstanceView[].class));
    }

    public InstanceView view(String name) {
        return JsonFiles.MAPPER.convertValue(call(get("v1/instances/" + encode(name), SHORT), Set.of(200)), InstanceView.class);
    }

    /** Waits as long as the daemon does, plus a margin; a timed-out or failed boot is a result, not an exception. */
    public UpResult up(String name, Map<SettingKey, String> settings) {
        return up(name, settings, Optional.empty());
    }

    /** As {@link #up(String, Map)}; with {@code template}, NAME is made a clone of it. */
    public UpResult up(String name, Map<SettingKey, String> settings, Optional<String> template) {
        ObjectNode body = JsonFiles.MAPPER.createObjectNode();
        settings.forEach((k, v) -> body.put(k.key(), v));
        template.ifPresent(t -> body.put("template", t));
        Duration wait = Optional.ofNullable(settings.get(SettingKey.TIMEOUT)).map(t -> SizeParser.duration("--timeout", t))
                .orElse(Duration.ofMinutes(10)).plusMinutes(2);
        return JsonFiles.MAPPER.convertValue(call(post("v1/instances/" + encode(name) + "/up", body, wait), Set.of(200, 502, 504)), UpResult.class);
    }

    /** How it stopped (e.g. "acpi"), or empty if it was not running. */
    public Optional<String> down(String name, Duration timeout, boolean force) {
        ObjectNode body = JsonFiles.MAPPER.createObjectNode().put("timeout", timeout.toSeconds() + "s").put("force", force);
        JsonNode r = call(post("v1/instances/" + encode(name) + "/down", body, timeout.plusMinutes(2)), Set.of(200));
        return r.path("stopped").asBoolean() ? Optional.of(r.path("how").asText("stopped")) : Optional.empty();
    }

    /** The snapshots of {@code name}, as {@code snapshot list --output json} shows them. */
    public SnapshotReport snapshots(String name) {
        return JsonFiles.MAPPER.convertValue(call(get("v1/instances/" + encode(name) + "/snapshots", SHORT), Set.of(200)), SnapshotReport.class);
    }

    /** Takes snapshot {@code snapshot} of {@code name}; {@code mode} of the answer is live or offline. */
    public SnapshotRoutes.Done snapshot(String name, String snapshot) {
        ObjectNode body = JsonFiles.MAPPER.createObjectNode().put("name", snapshot);
        JsonNode r = call(post("v1/instances/" + encode(name) + "/snapshots", body, SnapshotRoutes.JOB_TIMEOUT.plusMinutes(2)), Set.of(201));
        return JsonFiles.MAPPER.convertValue(r, SnapshotRoutes.Done.class);
    }

    /** Reverts {@code name} to {@code snapshot}; the caller has confirmed discarding a running instance's state. */
    public SnapshotRoutes.Restored restoreSnapshot(String name, String snapshot) {
        ObjectNode body = JsonFiles.MAPPER.createObjectNode().put("confirm", true);
        JsonNode r = call(post(snapshotPath(name, snapshot) + "/restore", body, SnapshotRoutes.JOB_TIMEOUT.plusMinutes(2)), Set.of(200));
        return JsonFiles.MAPPER.convertValue(r, SnapshotRoutes.Restored.class);
    }

    public SnapshotRoutes.Deleted deleteSnapshot(String name, String snapshot) {
        JsonNode r = call(request(snapshotPath(name, snapshot), SnapshotRoutes.JOB_TIMEOUT.plusMinutes(2)).DELETE(), Set.of(200));
        return JsonFiles.MAPPER.convertValue(r, SnapshotRoutes.Deleted.class);
    }

    private static String snapshotPath(String name, String snapshot) {
        return "v1/instances/" + encode(name) + "/snapshots/" + encode(snapshot);
    }

    /** The backups of {@code name} on {@code target}, or on the daemon's default target. */
    public BackupReplies.Listing backups(String name, Optional<String> target) {
        String path = "v1/instances/" + encode(name) + "/backups" + target.map(t -> "?target=" + encode(t)).orElse("");
        return JsonFiles.MAPPER.convertValue(call(get(path, SHORT), Set.of(200)), BackupReplies.Listing.class);
    }

    /** Backs {@code name} up through the daemon, with its credentials and key; waits as long as the copy takes. */
    public BackupReplies.Created backup(String name, Optional<String> target, boolean full, int maxIncrementals, Duration timeout) {
        ObjectNode body = targetBody(target).put("full", full).put("maxIncrementals", maxIncrementals);
        JsonNode r = call(post("v1/instances/" + encode(name) + "/backups", body, timeout.plusMinutes(5)), Set.of(201));
        return JsonFiles.MAPPER.convertValue(r, BackupReplies.Created.class);
    }

    /** Re-reads one backup on the daemon's side; a damaged backup is an answer (ok false), not an exception. */
    public BackupReplies.Verified verify(String name, String id, Optional<String> target) {
        JsonNode r = call(post("v1/instances/" + encode(name) + "/backups/" + encode(id) + "/verify", targetBody(target), LONG),
                Set.of(200, 422));
        return JsonFiles.MAPPER.convertValue(r, BackupReplies.Verified.class);
    }

    /** Rebuilds backup {@code id} of {@code name} as instance {@code as} on the daemon's host. */
    public BackupReplies.Restored restore(String name, String id, String as, boolean replace, Optional<String> target) {
        ObjectNode body = targetBody(target).put("as", as).put("replace", replace);
        JsonNode r = call(post("v1/instances/" + encode(name) + "/backups/" + encode(id) + "/restore", body, LONG), Set.of(201));
        return JsonFiles.MAPPER.convertValue(r, BackupReplies.Restored.class);
    }

    public BackupReplies.Pruned prune(String name, int keep, Optional<String> target) {
        JsonNode r = call(post("v1/instances/" + encode(name) + "/backups/prune", targetBody(target).put("keep", keep), LONG), Set.of(200));
        return JsonFiles.MAPPER.convertValue(r, BackupReplies.Pruned.class);
    }

    private static ObjectNode targetBody(Optional<String> target) {
        ObjectNode body = JsonFiles.MAPPER.createObjectNode();
        target.ifPresent(t -> body.put("target", t));
        return body;
    }

    /** {@code /readyz}, for every instance that should run or for one. */
    public ReadinessReport readiness(Optional<String> instance) {
        String path = "readyz" + instance.map(n -> "?instance=" + encode(n)).orElse("");
        return JsonFiles.MAPPER.convertValue(call(get(path, SHORT), Set.of(200, 503)), ReadinessReport.class);
    }

    private HttpRequest.Builder get(String path, Duration timeout) {
        return request(path, timeout).GET();
    }

    private HttpRequest.Builder post(String path, ObjectNode body, Duration timeout) {
        try {
            String json = JsonFiles.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(body);
            return request(path, timeout).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).header("Accept", "application/json");
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t.reveal()));
        return b;
    }

    private JsonNode call(HttpRequest.Builder request, Set<Integer> expected) {
        HttpResponse<String> r;
        try {
            r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (SSLHandshakeException e) {
            throw new DaemonException(0, ErrorKind.UNAVAILABLE, "TLS with the hurdvm daemon at " + base + " failed (" + describe(e)
                    + "): give its certificate or CA with --ca-file FILE (or " + HOST_CA_ENV + ")");
        } catch (IOException e) {
            throw new DaemonException(0, ErrorKind.UNAVAILABLE, "cannot reach the hurdvm daemon at " + base + " (" + describe(e) + "): is 'hurdvm serve' running there?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DaemonException(0, ErrorKind.FAILURE, "interrupted while waiting for the daemon at " + base);
        }
        JsonNode body = parse(r);
        if (!expected.contains(r.statusCode())) {
            String msg = body.path("error").asText("HTTP " + r.statusCode());
            // The daemon names the kind of failure, so the CLI exits as it would have locally.
            ErrorKind kind = ErrorStatus.parse(body.path("kind").asText(null)).orElse(ErrorStatus.kindOf(r.statusCode()));
            throw new DaemonException(r.statusCode(), kind, r.statusCode() == 401 ? msg + " (check --token-file or " + ApiTokenSource.ENV_VAR + ")" : msg);
        }
        return body;
    }

    private JsonNode parse(HttpResponse<String> r) {
        try {
            return JsonFiles.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new DaemonException(r.statusCode(), ErrorKind.FAILURE, "the daemon at " + base + " answered HTTP " + r.statusCode() + " without JSON: is it a hurdvm daemon?");
        }
    }

    private static String describe(IOException e) {
        return ErrorText.of(e);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
