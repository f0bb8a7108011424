package io.hurdvm.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;

/** Builds small but genuine test disk images and the archives and checksum lists that carry them. */
final class TestImages {
    private TestImages() {
    }

    /**
     * A raw MBR disk of {@code mib} MiB: boot signature, one partition entry, then a mix of text,
     * random bytes (from {@code seed}, so seeds give different images) and long zero runs, so
     * compression and sparseness behave as on a real disk.
     */
    static byte[] rawDisk(int mib, long seed) {
        byte[] disk = new byte[mib << 20];
        Random random = new Random(seed);
        byte[] text = "GNU Mach 1.8 / Hurd root filesystem sample line\n".getBytes(StandardCharsets.US_ASCII);
        for (int off = 64 << 10; off < disk.length; off += 256 << 10) {
            if ((off >> 18) % 3 == 0) {
                for (int i = off; i < off + (64 << 10); i++) {
                    disk[i] = text[i % text.length];
                }
            } else if ((off >> 18) % 3 == 1) {
                byte[] noise = new byte[32 << 10];
                random.nextBytes(noise);
                System.arraycopy(noise, 0, disk, off, noise.length);
            }
        }
        disk[446 + 4] = (byte) 0x83; // partition type: Linux/ext2, as Hurd images use
        disk[446 + 8] = 8; // starts at LBA 2048
        disk[446 + 9] = 8;
        disk[510] = 0x55;
        disk[511] = (byte) 0xaa;
        return disk;
    }

    /** Incompressible bytes with a boot signature: a disk image that needs its full size on disk. */
    static byte[] randomDisk(int mib, long seed) {
        byte[] disk = new byte[mib << 20];
        new Random(seed).nextBytes(disk);
        disk[510] = 0x55;
        disk[511] = (byte) 0xaa;
        return disk;
    }

    static byte[] tarXz(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream xz = new XZCompressorOutputStream(bytes, 1)) { // preset 1: fast enough for tests
            writeTar(xz, entries);
        }
        return bytes.toByteArray();
    }

    static byte[] tarGz(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GzipCompressorOutputStream(bytes)) {
            writeTar(gz, entries);
        }
        return bytes.toByteArray();
    }

    private static void writeTar(OutputStream out, Map<String, byte[]> entries) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
            entry.setSize(e.getValue().length);
            tar.putArchiveEntry(entry);
            tar.write(e.getValue());
            tar.closeArchiveEntry();
        }
        tar.finish();
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    static String sha512(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(data));
    }

    /** A SHA256SUMS file in coreutils' binary-mode form ({@code <hex> *<name>}). */
    static byte[] sha256Sums(Map<String, byte[]> files) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            sb.append(sha256(f.getValue())).append(" *").append(f.getKey()).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A real qcow2 of {@code raw}, made by qemu-img. */
    static byte[] qcow2(byte[] raw, Path workDir) throws Exception {
        Path in = Files.write(workDir.resolve("in.raw"), raw);
        Path out = workDir.resolve("out.qcow2");
        run(List.of("qemu-img", "convert", "-f", "raw", "-O", "qcow2", in.toString(), out.toString()));
        byte[] q = Files.readAllBytes(out);
        Files.delete(in);
        Files.delete(out);
        return q;
    }

    /** A real ISO 9660 image made by xorriso from one small file. */
    static byte[] iso(Path workDir) throws Exception {
        Path dir = Files.createDirectories(workDir.resolve("iso-root"));
        Files.writeString(dir.resolve("README"), "hurdvm test ISO\n");
        Path iso = workDir.resolve("test.iso");
        run(List.of("xorriso", "-as", "mkisofs", "-quiet", "-V", "HURDVM", "-o", iso.toString(), dir.toString()));
        return Files.readAllBytes(iso);
    }

    /** Runs a command to completion (60 s at most); returns its output, fails on a non-zero exit. */
    static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(cmd + " timed out");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(cmd + " failed: " + out);
        }
        return out;
    }
}
