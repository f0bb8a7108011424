package io.hurdvm.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeSnapshotTest {
    @TempDir
    Path tmp;

    private Path jar(String content) throws IOException {
        Path lib = tmp.resolve("lib");
        Files.createDirectories(lib);
        Files.writeString(lib.resolve("dep.jar"), "dependency");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, "lib/dep.jar");
        Path jar = tmp.resolve("hurdvm.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            j.putNextEntry(new JarEntry("content.txt"));
            j.write(content.getBytes(StandardCharsets.US_ASCII));
        }
        return jar;
    }

    private static Path snapshotDir(List<String> entries) {
        return Path.of(entries.get(0)).getParent();
    }

    /** The folder of {@code jar}'s snapshot in the test's runtime folder. */
    private Path snapshot(Path jar) {
        return snapshotDir(RuntimeSnapshot.snapshotOf(jar, tmp.resolve("runtime")));
    }

    private static List<Path> indexFiles(Path runtime) throws IOException {
        try (Stream<Path> files = Files.list(runtime)) {
            return files.filter(p -> p.getFileName().toString().startsWith(".jar-")).toList();
        }
    }

    @Test
    void copiesTheJarAndItsManifestClassPath_andRemembersTheSnapshotForTheFile() throws IOException {
        Path runtime = tmp.resolve("runtime");
        List<String> entries = RuntimeSnapshot.snapshotOf(jar("one"), runtime);

        assertThat(entries).extracting(e -> Path.of(e).getFileName().toString()).containsExactly("dep.jar", "hurdvm.jar");
        assertThat(snapshotDir(entries).getFileName().toString()).matches("[0-9a-f]{16}");
        assertThat(indexFiles(runtime)).singleElement()
                .satisfies(index -> assertThat(Files.readString(index).strip()).isEqualTo(snapshotDir(entries).getFileName().toString()));
    }

    @Test
    void aRebuiltJar_getsItsOwnSnapshot_andAnUnchangedOneIsNotHashedAgain() throws IOException {
        Path other = snapshot(jar("other build"));
        Path jar = jar("this build"); // rewritten in place
        Path own = snapshot(jar);
        assertThat(own).isNotEqualTo(other);
        assertThat(own.resolve("hurdvm.jar")).hasSameBinaryContentAs(jar);
        // The index of this very file points at the other snapshot: only a start that trusts the index, not the hash, follows it.
        Path index = indexFiles(tmp.resolve("runtime")).stream().filter(p -> readQuietly(p).equals(own.getFileName().toString()))
                .findFirst().orElseThrow();
        Files.writeString(index, other.getFileName() + "\n");

        assertThat(snapshot(jar)).isEqualTo(other);
    }

    @Test
    void anIndexNamingNoCompleteSnapshot_orAPathOutside_isIgnored() throws IOException {
        Path jar = jar("build");
        Path own = snapshot(jar);
        Path index = indexFiles(tmp.resolve("runtime")).get(0);
        for (String hostile : List.of("../../etc", "0123456789abcdef", "", own.getFileName() + "/../x")) {
            Files.writeString(index, hostile);
            assertThat(snapshot(jar)).as(hostile).isEqualTo(own);
            assertThat(readQuietly(index)).as("rewritten after " + hostile).isEqualTo(own.getFileName().toString());
        }
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p).strip();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
