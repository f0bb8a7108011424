package io.hurdvm.guest.copy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A directory tree with what copies must keep, and a comparable description of any tree. */
public final class TestTrees {
    private TestTrees() {
    }

    /**
     * a.txt, sub/b.txt, sub/deeper/c.bin, run.sh (rwxr-x---), empty/, link-to-a → a.txt, and a
     * file whose path is longer than tar's 100-byte name field.
     */
    public static Path sample(Path root) throws IOException {
        Files.createDirectories(root.resolve("sub/deeper"));
        Files.writeString(root.resolve("a.txt"), "alpha\n");
        Files.writeString(root.resolve("sub/b.txt"), "beta\n");
        Files.write(root.resolve("sub/deeper/c.bin"), new byte[] {0, 1, 2, (byte) 255});
        Path script = root.resolve("run.sh");
        Files.writeString(script, "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        Files.createDirectories(root.resolve("empty"));
        Files.createSymbolicLink(root.resolve("link-to-a"), Path.of("a.txt"));
        Files.writeString(root.resolve("sub/" + "long-name-".repeat(12) + ".txt"), "a name longer than tar's 100 bytes\n");
        return root;
    }

    /** relative path → sha256 and permissions (files), "dir" (directories) or "-> target" (links). */
    public static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                String rel = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    entries.put(rel, "-> " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    entries.put(rel, "dir");
                } else {
                    entries.put(rel, sha256(p) + " " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
                }
            }
        }
        return entries;
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in.readAllBytes());
        }
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
