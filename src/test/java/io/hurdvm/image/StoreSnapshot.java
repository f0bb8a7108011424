package io.hurdvm.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every file of a store with its size and content hash, for asserting that a failed operation
 * left the store exactly as it was. Pull lock files (empty, never read as data) are left out.
 */
record StoreSnapshot(Map<String, String> files) {

    static StoreSnapshot of(ImageStore store) {
        Map<String, String> files = new TreeMap<>();
        if (Files.exists(store.dir())) {
            try (Stream<Path> all = Files.walk(store.dir())) {
                for (Path p : all.filter(Files::isRegularFile).toList()) {
                    String rel = store.dir().relativize(p).toString();
                    if (!rel.endsWith(".lock")) {
                        files.put(rel, Files.size(p) + " " + ChecksumVerifier.compute(p, Checksum.Algorithm.SHA256));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new StoreSnapshot(files);
    }

    /** The same files, without temp work in {@code tmp/} (a resumable part download). */
    StoreSnapshot withoutTmp() {
        Map<String, String> kept = new TreeMap<>(files);
        kept.keySet().removeIf(k -> k.startsWith("tmp/"));
        return new StoreSnapshot(kept);
    }
}
