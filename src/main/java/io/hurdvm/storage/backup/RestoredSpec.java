package io.hurdvm.storage.backup;

import io.hurdvm.errors.ErrorKind;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.hurdvm.instance.JsonFiles;
import io.hurdvm.instance.StoredSpec;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.PortForward;
import io.hurdvm.vm.VmSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings of a restored instance, from the backup's {@code spec.json}: read like user input
 * (strict JSON, no unknown keys, every value validated by {@link VmSpec}) and never wider open to the
 * network than the restoring user's defaults unless asked: SSH bind and port, extra forwards and VNC
 * are the defaults (SSH on 127.0.0.1, a free port; no forwards; no VNC) unless {@code trustNetwork}.
 * A backup comes from a target that others may write to; "listen on 0.0.0.0" must not travel with it.
 */
public final class RestoredSpec {
    static final int MAX_BYTES = 64 * 1024;
    /** {@link #MAX_BYTES} plus what encryption adds to a one-chunk file. */
    static final int MAX_STORED_BYTES = MAX_BYTES + GcmChunkedFile.HEADER + GcmChunkedFile.NONCE + 4 + GcmChunkedFile.TAG;
    private static final ObjectReader READER = JsonFiles.MAPPER.readerFor(StoredSpec.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                    DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES);

    /**
     * @param spec     what the new instance is created with
     * @param notTaken the backup's network settings left out, e.g. {@code SSH on 0.0.0.0:2222}; empty if none
     */
    public record Result(VmSpec spec, List<String> notTaken) {
        public Result {
            notTaken = List.copyOf(notTaken);
        }
    }

    private RestoredSpec() {
    }

    /** The backed-up spec, validated, under {@code name}; network settings as stored. */
    public static VmSpec parse(byte[] json, InstanceName name) {
        StoredSpec stored;
        try {
            stored = HostileJson.read(READER, json, MAX_BYTES, "the backup's spec.json");
        } catch (IllegalArgumentException e) {
            throw new BackupException(ErrorKind.DAMAGED, e.getMessage());
        }
        try {
            checkBaseImage(stored.baseImage());
            return renamed(stored, name).toSpec();
        } catch (RuntimeException e) {
            throw new BackupException(ErrorKind.DAMAGED, "the backup's spec.json is invalid: " + HostileJson.firstLine(e.getMessage()));
        }
    }

    /** {@link #parse}, then the network settings replaced by the defaults unless {@code trustNetwork}. */
    public static Result restore(byte[] json, InstanceName name, boolean trustNetwork) {
        VmSpec backedUp = parse(json, name);
        if (trustNetwork) {
            return new Result(backedUp, List.of());
        }
        VmSpec defaults = VmSpec.builder(name, backedUp.baseImage()).build();
        List<String> notTaken = new ArrayList<>();
        if (!backedUp.ssh().equals(defaults.ssh())) {
            notTaken.add("SSH on " + backedUp.ssh().hostAddress() + ":" + backedUp.ssh().hostPort());
        }
        for (PortForward f : backedUp.forwards()) {
            notTaken.add("forward " + f.hostAddress() + ":" + f.hostPort() + " to guest port " + f.guestPort());
        }
        if (backedUp.vnc() && !defaults.vnc()) {
            notTaken.add("VNC");
        }
        VmSpec narrowed = backedUp.toBuilder().ssh(defaults.ssh()).forwards(defaults.forwards()).vnc(defaults.vnc()).build();
        return new Result(narrowed, notTaken);
    }

    private static StoredSpec renamed(StoredSpec s, InstanceName name) {
        return new StoredSpec(name.value(), s.profile(), s.memoryMib(), s.cpus(), s.accel(), s.baseImage(), s.diskSizeBytes(), s.sshBind(),
                s.sshPort(), s.forwards(), s.vnc(), s.unsafeCache(), s.restart());
    }

    /** Only ever shown and compared, but `up` would resolve a URL or relative name: an absolute path or nothing. */
    private static void checkBaseImage(String image) {
        if (image == null || image.indexOf('\0') >= 0 || !image.startsWith("/") || image.contains("://")
                || !Path.of(image).normalize().toString().equals(image)) {
            throw new IllegalArgumentException("baseImage must be an absolute, normalised path, not '" + printable(image) + "'");
        }
    }

    private static String printable(String s) {
        return s == null ? "null" : s.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
