package io.hurdvm.instance;

import io.hurdvm.vm.ProvisionScript;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.security.SecureRandom;

/**
 * An instance's provision scripts on the host: written by {@code up} (under the instance lock), read
 * by the supervisor after each boot's SSH readiness. {@code up --reprovision} leaves a request file
 * with a random nonce; the supervisor removes it after a pass that ran everything, but only if the
 * nonce is still the one it started with, so a request made during that pass is not lost.
 */
public final class ProvisionPlan {
    /** The JSON shape of {@code provision.json}. */
    record Stored(List<ProvisionScript> scripts) {
    }

    private final InstancePaths paths;

    public ProvisionPlan(InstancePaths paths) {
        this.paths = paths;
    }

    public List<ProvisionScript> scripts() {
        Path f = paths.provisionPlan();
        if (!Files.isRegularFile(f)) {
            return List.of();
        }
        Stored s = JsonFiles.read(f, Stored.class);
        return s.scripts() == null ? List.of() : List.copyOf(s.scripts());
    }

    public void save(List<ProvisionScript> scripts) {
        if (scripts.isEmpty()) {
            deleteQuietly(paths.provisionPlan());
        } else {
            JsonFiles.writeAtomically(paths.provisionPlan(), new Stored(List.copyOf(scripts)));
        }
    }

    /** Asks the next pass to run every script again; returns the request's nonce. */
    public String requestRerun() {
        String nonce = HexFormat.of().formatHex(randomBytes());
        try {
            Files.writeString(paths.reprovisionRequest(), nonce, StandardCharsets.US_ASCII,
                    StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            Files.setPosixFilePermissions(paths.reprovisionRequest(), PosixFilePermissions.fromString("rw-------"));
            return nonce;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + paths.reprovisionRequest() + ": " + e.getMessage(), e);
        }
    }

    /** The nonce of a pending {@code --reprovision}, if one is pending. */
    public Optional<String> rerunRequest() {
        try {
            return Optional.of(Files.readString(paths.reprovisionRequest(), StandardCharsets.US_ASCII).strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + paths.reprovisionRequest() + ": " + e.getMessage(), e);
        }
    }

    /** Ends the request {@code nonce} once served; a newer request stays. */
    public void rerunServed(String nonce) {
        if (rerunRequest().filter(n -> Objects.equals(n, nonce)).isPresent()) {
            deleteQuietly(paths.reprovisionRequest());
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p + ": " + e.getMessage(), e);
        }
    }
}
