package io.hurdvm.template;

import io.hurdvm.instance.StoredSpec;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@code template.json}: everything a clone needs to know about its template and to check before
 * it restores the saved state.
 *
 * @param source      the instance the template was made from
 * @param qemu        the QEMU build that saved the state ({@link io.hurdvm.qemu.QemuBuild})
 * @param deviceModel the argv of the machine, canonical ({@link io.hurdvm.qemu.DeviceModel}), and its hash
 * @param spec        the machine's settings; the accel is the one that really ran (never auto)
 * @param hostKeys    the guest's SSH host keys as pinned for the source ("type base64"); a clone's
 *                    first contact checks them, then the clone gets its own
 */
public record TemplateManifest(int format, String name, Instant createdAt, String source, String qemu,
                               String deviceModel, String deviceModelSha256, StoredSpec spec, Layer disk,
                               State state, List<String> hostKeys) {
    public static final int FORMAT = 1;

    public TemplateManifest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(qemu, "qemu");
        Objects.requireNonNull(deviceModelSha256, "deviceModelSha256");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(disk, "disk");
        Objects.requireNonNull(state, "state");
        hostKeys = hostKeys == null ? List.of() : List.copyOf(hostKeys);
    }

    /** The frozen disk layer. */
    public record Layer(long bytes, String sha256, String backingFile) {
    }

    /**
     * The saved machine state.
     *
     * @param compression {@link StateCompression#wireName()}
     * @param bytes       the file's size
     * @param rawBytes    the migration stream's size before compression
     * @param saveMillis  how long the guest was paused for the save (state and disk)
     */
    public record State(String compression, long bytes, long rawBytes, long saveMillis) {
    }
}
