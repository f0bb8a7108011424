package io.hurdvm.guest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.hurdvm.secret.OwnerOnlyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The host's note that an instance's guest is provisioned ({@code <instance>/provisioned.json}).
 * Written atomically and only after every step succeeded, so its presence can be trusted.
 *
 * @param foundProvisioned the guest already carried hurdvm's marker; nothing was changed in it
 */
public record ProvisioningRecord(Instant provisionedAt, List<ProvisioningStep> steps, GuestKind guestKind,
                                 SshServerKind sshServer, boolean foundProvisioned) {
    public static final String FILE_NAME = "provisioned.json";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    public ProvisioningRecord {
        Objects.requireNonNull(provisionedAt, "provisionedAt");
        steps = List.copyOf(steps);
        Objects.requireNonNull(guestKind, "guestKind");
        Objects.requireNonNull(sshServer, "sshServer");
    }

    public static Path fileIn(Path instanceDir) {
        return instanceDir.resolve(FILE_NAME);
    }

    public void writeTo(Path file) {
        try {
            OwnerOnlyFiles.writeAtomically(file, JSON.writeValueAsBytes(this));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static Optional<ProvisioningRecord> readFrom(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), ProvisioningRecord.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (" + e.getMessage() + "): delete it and run provisioning again", e);
        }
    }
}
