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
    void anUnchangedJar_isNotHashedAgain_theRememberedSnapshotIsUsed() throws IOException {
        Path runtime = tmp.resolve("runtime");
        Path other = snapshotDir(RuntimeSnapshot.snapshotOf(jar("other build"), runtime));
        Path jar = jar("this build");
        Path own = snapshotDir(RuntimeSnapshot.snapshotOf(jar, runtime));
        assertThat(own).isNotEqualTo(other);
        // The index of this very file points at the other snapshot: only a start that trusts the index, not the hash, follows it.
        Path index = indexFiles(runtime).stream().filter(p -> readQuietly(p).equals(own.getFileName().toString())).findFirst().orElseThrow();
        Files.writeString(index, other.getFileName() + "\n");

        assertThat(snapshotDir(RuntimeSnapshot.snapshotOf(jar, runtime))).isEqualTo(other);
    }

    @Test
    void aRebuiltJar_getsItsOwnSnapshot() throws IOException {
        Path runtime = tmp.resolve("runtime");
        Path first = snapshotDir(RuntimeSnapshot.snapshotOf(jar("build A"), runtime));
        Path rebuilt = jar("build B");
        Path second = snapshotDir(RuntimeSnapshot.snapshotOf(rebuilt, runtime));

        assertThat(second).isNotEqualTo(first);
        assertThat(second.resolve("hurdvm.jar")).hasSameBinaryContentAs(rebuilt);
    }

    @Test
    void anIndexNamingNoCompleteSnapshot_orAPathOutside_isIgnored() throws IOException {
        Path runtime = tmp.resolve("runtime");
        Path jar = jar("build");
        Path own = snapshotDir(RuntimeSnapshot.snapshotOf(jar, runtime));
        Path index = indexFiles(runtime).get(0);
        for (String hostile : List.of("../../etc", "0123456789abcdef", "", own.getFileName() + "/../x")) {
            Files.writeString(index, hostile);
            assertThat(snapshotDir(RuntimeSnapshot.snapshotOf(jar, runtime))).as(hostile).isEqualTo(own);
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
