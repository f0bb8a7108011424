package io.hurdvm.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Accelerator measurements in a JSON file, one entry per {@link HostKey} (a home folder shared between
 * hosts keeps one entry each). An unreadable file counts as empty: it is only a cache.
 */
public final class AccelProbeCache {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    public AccelProbeCache(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public Optional<AccelProbe> find(HostKey host) {
        for (JsonNode entry : read().path("probes")) {
            AccelProbe probe = fromJson(entry);
            if (probe.host().equals(host)) {
                return Optional.of(probe);
            }
        }
        return Optional.empty();
    }

    /** Replaces this host's entry; written to a temp file and renamed so readers never see half a file. */
    public void store(AccelProbe probe) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode probes = root.putArray("probes");
        for (JsonNode entry : read().path("probes")) {
            if (!fromJson(entry).host().equals(probe.host())) {
                probes.add(entry);
            }
        }
        probes.add(toJson(probe));
        try {
            Path folder = Files.createDirectories(file.toAbsolutePath().getParent());
            // A unique temp name: two `up` commands may probe and store at the same time.
            Path temp = Files.createTempFile(folder, "." + file.getFileName(), ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), root);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write accel probe cache " + file + ": " + e.getMessage(), e);
        }
    }

    private JsonNode read() {
        try {
            return Files.exists(file) ? JSON.readTree(file.toFile()) : JSON.createObjectNode();
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static ObjectNode toJson(AccelProbe probe) {
        ObjectNode node = JSON.createObjectNode();
        node.put("kernelRelease", probe.host().kernelRelease());
        node.put("cpuModel", probe.host().cpuModel());
        node.put("qemuVersion", probe.host().qemuVersion());
        node.put("measuredAt", probe.measuredAt().toString());
        node.set("tcg", toJson(probe.tcg()));
        node.set("kvm", toJson(probe.kvm()));
        return node;
    }

    private static ObjectNode toJson(BenchmarkRun run) {
        ObjectNode node = JSON.createObjectNode();
        run.elapsed().ifPresentOrElse(d -> node.put("elapsedMillis", d.toMillis()), () -> node.putNull("elapsedMillis"));
        node.put("deadlineMillis", run.deadline().toMillis());
        run.failure().ifPresent(f -> node.put("failure", f));
        return node;
    }

    private static AccelProbe fromJson(JsonNode node) {
        HostKey host = new HostKey(node.path("kernelRelease").asText(), node.path("cpuModel").asText(),
                node.path("qemuVersion").asText());
        Instant measuredAt;
        try {
            measuredAt = Instant.parse(node.path("measuredAt").asText());
        } catch (java.time.format.DateTimeParseException e) {
            measuredAt = Instant.EPOCH; // unparseable: treat as stale
        }
        return new AccelProbe(host, measuredAt, runFromJson(node.path("tcg")), runFromJson(node.path("kvm")));
    }

    private static BenchmarkRun runFromJson(JsonNode node) {
        Duration deadline = Duration.ofMillis(node.path("deadlineMillis").asLong());
        JsonNode elapsed = node.path("elapsedMillis");
        Optional<String> failure = node.hasNonNull("failure") ? Optional.of(node.get("failure").asText()) : Optional.empty();
        return new BenchmarkRun(elapsed.isNumber() ? Optional.of(Duration.ofMillis(elapsed.asLong())) : Optional.empty(),
                deadline, failure);
    }
}
