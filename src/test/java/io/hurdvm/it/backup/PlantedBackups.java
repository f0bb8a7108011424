package io.hurdvm.it.backup;

import io.hurdvm.instance.InstancePaths;
import io.hurdvm.instance.InstanceStore;
import io.hurdvm.it.HurdvmProcess;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.VmSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * What an attacker who can write to a backup target plants there, made with real tools: qcow2 files
 * from {@code qemu-img create}/{@code qemu-io}, a spec.json and a manifest.json written the way hurdvm
 * writes them, but unsigned. Also the stopped instance "src" they are backups of (a small real qcow2
 * with a known pattern), so genuine backups can be taken offline without booting a guest.
 */
final class PlantedBackups {
    static final String SOURCE = "src";
    /** The bytes a host file holds that a restore must never copy into a guest disk. */
    static final byte SECRET_BYTE = 'S';
    static final String OPEN_SPEC = """
            {"name":"src","profile":"hurd-amd64","memoryMib":256,"cpus":1,"accel":"tcg","baseImage":"/nonexistent/base.qcow2",
             "diskSizeBytes":0,"sshBind":"0.0.0.0","sshPort":2222,"forwards":[{"hostAddress":"0.0.0.0","hostPort":8080,"guestPort":80}],
             "vnc":false,"unsafeCache":false,"restart":"on-failure"}
            """;

    private final HurdvmProcess hv;

    PlantedBackups(HurdvmProcess hv) {
        this.hv = hv;
    }

    /** A stopped instance "src" whose 8 MiB disk starts with 1 MiB of 0x41. */
    InstancePaths createSourceInstance() throws Exception {
        VmSpec spec = VmSpec.builder(InstanceName.of(SOURCE), Path.of("/nonexistent/base.qcow2")).memoryMib(256).build();
        return new InstanceStore(hv.home(), io.hurdvm.env.HostEnvironment.empty()).create(spec, (s, disk) -> {
            qemuImg("create", "-q", "-f", "qcow2", disk.toString(), "8M");
            qemuIo(disk, "write -P 0x41 0 1M");
        });
    }

    /** 32 random bytes, 0600. */
    Path keyFile() throws IOException {
        byte[] key = new byte[32];
        new Random().nextBytes(key);
        Path f = hv.home().resolve("backup.key");
        Files.write(f, key);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    /** A 1 MiB host file of {@link #SECRET_BYTE}, 0600, outside any backup. */
    Path hostSecret() throws IOException {
        Path f = hv.home().resolve("host-secret");
        byte[] b = new byte[1 << 20];
        java.util.Arrays.fill(b, SECRET_BYTE);
        Files.write(f, b);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    /** A qcow2 naming {@code hostFile} as its raw backing file. */
    static void diskBackedBy(Path disk, Path hostFile) {
        qemuImg("create", "-q", "-f", "qcow2", "-b", hostFile.toString(), "-F", "raw", disk.toString(), "8M");
    }

    /**
     * A qcow2 whose first MiB is mapped to {@code hostFile} as its external data file. Made with a
     * scratch data file, then pointed at the host file with {@code qemu-img amend}, so the host file
     * is never written. Unlike a backing file, a data file survives {@code qemu-img rebase -u}, so
     * this works in any layer of a chain.
     */
    static void diskWithDataFile(Path disk, Path hostFile) throws IOException {
        Path scratch = disk.resolveSibling(".scratch-data");
        qemuImg("create", "-q", "-f", "qcow2", "-o", "data_file=" + scratch, disk.toString(), "8M");
        qemuIo(disk, "write -P 0x42 0 1M");
        qemuImg("amend", "-f", "qcow2", "-o", "data_file=" + hostFile, disk.toString());
        Files.delete(scratch);
    }

    /** A harmless self-contained qcow2. */
    static void cleanDisk(Path disk) {
        qemuImg("create", "-q", "-f", "qcow2", disk.toString(), "8M");
    }

    /**
     * Writes an unsigned manifest for the files already in {@code dir} (an unencrypted backup of "src"),
     * as hurdvm writes it; {@code parent} null for a full backup.
     */
    static void unsignedManifest(Path dir, String parent) throws IOException {
        String id = dir.getFileName().toString();
        List<String> files = new ArrayList<>();
        for (String name : List.of("disk.qcow2", "spec.json")) {
            Path f = dir.resolve(name);
            files.add("{\"name\":\"" + name + "\",\"size\":" + Files.size(f) + ",\"sha256\":\"" + sha256(f) + "\"}");
        }
        String json = "{\"formatVersion\":1,\"instance\":\"" + SOURCE + "\",\"id\":\"" + id + "\",\"kind\":\""
                + (parent == null ? "full" : "incremental") + "\",\"time\":\"2099-12-31T23:59:59Z\""
                + (parent == null ? "" : ",\"parent\":\"" + parent + "\"")
                + ",\"virtualSize\":8388608,\"dataBytes\":8388608,\"compression\":\"qcow2-zstd\",\"encryption\":\"none\",\"files\":["
                + String.join(",", files) + "],\"hurdvmVersion\":\"planted\"}";
        Files.writeString(dir.resolve("manifest.json"), json);
    }

    static String sha256(Path f) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The guest-visible bytes of a qcow2 (through qemu-img convert to raw), first {@code n} of them. */
    static byte[] guestBytes(Path qcow2, Path scratch, int n) throws IOException {
        qemuImg("convert", "-O", "raw", qcow2.toString(), scratch.toString());
        try (var in = Files.newInputStream(scratch)) {
            return in.readNBytes(n);
        }
    }

    static void qemuImg(String... args) {
        List<String> cmd = new ArrayList<>(List.of("qemu-img"));
        cmd.addAll(List.of(args));
        run(cmd);
    }

    static void qemuIo(Path image, String command) {
        run(List.of("qemu-io", "-f", "qcow2", "-c", command, image.toString()));
    }

    private static void run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(cmd + " did not finish within 60 s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(cmd + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
