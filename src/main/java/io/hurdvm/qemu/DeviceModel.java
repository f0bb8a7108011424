package io.hurdvm.qemu;

import io.hurdvm.instance.InstancePaths;
import io.hurdvm.vm.Accel;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.PortForward;
import io.hurdvm.vm.VmSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The machine a guest sees, as QEMU's argv says it: {@link QemuCommandBuilder}'s argv for a spec with
 * everything that belongs to one instance rather than to the machine made the same (name, folder,
 * socket paths, host ports and forwards). A saved machine state restores only into the same device
 * model, so templates record it and clones compare it.
 *
 * @param argv   the canonical argv, one string (shown when two models differ)
 * @param sha256 its hash, what is recorded and compared
 */
public record DeviceModel(String argv, String sha256) {
    private static final InstanceName CANONICAL_NAME = InstanceName.of("machine");
    private static final InstancePaths CANONICAL_PATHS = InstancePaths.forDir(Path.of("/instance"));

    /** The model of {@code spec} run with {@code accel} by QEMU binary {@code binary}. */
    public static DeviceModel of(String binary, VmSpec spec, Accel accel) {
        VmSpec canonical = spec.toBuilder().baseImage(Path.of("/base")).ssh(new PortForward("127.0.0.1", 1, 22))
                .forwards(List.of()).build();
        VmSpec named = VmSpec.builder(CANONICAL_NAME, canonical.baseImage()).profile(canonical.profile())
                .memoryMib(canonical.memoryMib()).cpus(canonical.cpus()).accel(canonical.accel())
                .diskSizeBytes(canonical.diskSizeBytes()).ssh(canonical.ssh()).vnc(canonical.vnc())
                .unsafeCache(canonical.unsafeCache()).restart(canonical.restart()).build();
        List<String> argv = new QemuCommandBuilder(binary, true)
                .build(named, new AccelDecision(accel, "device model"), CANONICAL_PATHS, 1);
        String text = String.join(" ", argv);
        return new DeviceModel(text, sha256(text));
    }

    /** The first argument where two models differ, for a one-line message. */
    public String firstDifference(DeviceModel other) {
        String[] a = argv.split(" ");
        String[] b = other.argv.split(" ");
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (!a[i].equals(b[i])) {
                return "'" + a[i] + "' instead of '" + b[i] + "'";
            }
        }
        return a.length > b.length ? "extra '" + a[b.length] + "'" : b.length > a.length ? "missing '" + b[a.length] + "'" : "none";
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
