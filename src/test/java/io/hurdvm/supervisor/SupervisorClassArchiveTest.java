package io.hurdvm.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real JVMs dump and check real archives of a one-class jar: what a supervisor's spawn does. */
class SupervisorClassArchiveTest {
    private static final String JAVA = ProcessHandle.current().info().command().orElseThrow();

    @TempDir
    Path dir;
    private Path jar;
    private String archiveName;

    @BeforeEach
    void aJarOfOneClass() throws IOException {
        jar = dir.resolve("app.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out, manifest)) {
            // An empty jar is enough: the JVM archives the JDK classes a run loads beyond the base archive.
            jos.putNextEntry(new JarEntry("README"));
            jos.write("nothing here".getBytes());
            jos.closeEntry();
        }
        archiveName = SupervisorClassArchive.archiveName(Runtime.version().toString(), System.getProperty("java.home"));
    }

    @Test
    void withoutAnArchive_aSupervisorDumpsOneAtExit_toAPartOfItsOwn() {
        List<String> options = archive().options("run-1");
        assertThat(options).contains("-XX:ArchiveClassesAtExit=" + dir.resolve(archiveName + ".run-1.part"))
                .noneMatch(o -> o.startsWith("-XX:SharedArchiveFile")).noneMatch(o -> o.contains("VerifySharedSpaces"));
    }

    @Test
    void aCompletePart_isCheckedOnce_renamedIntoPlace_andMappedUnchecked() throws Exception {
        Path part = dump("run-1");
        List<String> options = archive().options("run-2");
        assertThat(options).contains("-XX:SharedArchiveFile=" + dir.resolve(archiveName), "-Xshare:auto")
                .noneMatch(o -> o.contains("VerifySharedSpaces")).noneMatch(o -> o.contains("ArchiveClassesAtExit"));
        assertThat(part).doesNotExist();
        assertThat(run(List.of("-Xshare:on", "-XX:SharedArchiveFile=" + dir.resolve(archiveName)))).as("the JVM maps it").isZero();
    }

    @Test
    void aTornPart_isNeverPromoted_andGoesOnlyOnceItIsOld() throws Exception {
        Path part = dump("run-1");
        byte[] whole = Files.readAllBytes(part);
        Files.delete(part);
        Path torn = Files.write(dir.resolve(archiveName + ".run-2.part"), java.util.Arrays.copyOf(whole, whole.length * 2 / 3));

        assertThat(archive().options("run-3")).as("a fresh torn part may still be being written")
                .anyMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit="));
        assertThat(torn).exists();
        assertThat(dir.resolve(archiveName)).doesNotExist();

        Files.setLastModifiedTime(torn, FileTime.from(Instant.now().minus(Duration.ofMinutes(11))));
        assertThat(archive().options("run-4")).anyMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit="));
        assertThat(torn).doesNotExist();
    }

    @Test
    void onceThereIsAnArchive_partsOfLaterExits_goWhenOld_andOnlyThen() throws Exception {
        dump("run-1");
        archive().options("run-2"); // promoted
        Path late = Files.writeString(dir.resolve(archiveName + ".run-3.part"), "a supervisor started before the archive existed");
        Path old = Files.writeString(dir.resolve(archiveName + ".run-4.part"), "the same, long ago");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofMinutes(11))));

        assertThat(archive().options("run-5")).contains("-XX:SharedArchiveFile=" + dir.resolve(archiveName));
        assertThat(old).doesNotExist();
        assertThat(late).as("it may still be being written").exists();
    }

    @Test
    void aPartWithGarbage_orAnotherJdksName_isNotMapped() throws Exception {
        Files.writeString(dir.resolve(archiveName + ".run-1.part"), "not an archive");
        Files.writeString(dir.resolve(SupervisorClassArchive.archiveName("17.0.1+12", "/opt/jdk17")), "another JDK's");
        assertThat(archive().options("run-2")).anyMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit="));
        assertThat(dir.resolve(archiveName)).doesNotExist();
    }

    @Test
    void theNameCarriesTheJdk_inCharactersSafeForAFileName() {
        assertThat(SupervisorClassArchive.archiveName("25.0.3+9-LTS", "/usr/lib/jvm/a"))
                .startsWith("supervisor-25.0.3+9-LTS-").endsWith(".jsa")
                .isNotEqualTo(SupervisorClassArchive.archiveName("25.0.3+9-LTS", "/usr/lib/jvm/b"));
        assertThat(SupervisorClassArchive.archiveName("25/../x y", "/j")).startsWith("supervisor-25_.._x_y-").doesNotContain("/");
    }

    @Test
    void appliesToJarsOnly() {
        assertThat(SupervisorClassArchive.applies("/r/a.jar:/r/b.jar")).isTrue();
        assertThat(SupervisorClassArchive.applies("/r/a.jar:/src/target/classes")).isFalse();
    }

    private SupervisorClassArchive archive() {
        return new SupervisorClassArchive(List.of(JAVA, "-XX:+UseSerialGC"), jar.toString());
    }

    /** What a supervisor run with the first options does when it exits. */
    private Path dump(String runId) throws Exception {
        Path part = dir.resolve(archiveName + "." + runId + ".part");
        assertThat(run(List.of("-XX:ArchiveClassesAtExit=" + part, "-Xlog:disable"))).isZero();
        assertThat(part).isNotEmptyFile();
        return part;
    }

    /** Runs {@code java OPTIONS -cp app.jar -XshowSettings:properties -version}: it loads classes beyond the JDK's archive, as a supervisor does. */
    private int run(List<String> options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(JAVA, "-XX:+UseSerialGC"));
        cmd.addAll(options);
        cmd.addAll(List.of("-cp", jar.toString(), "-XshowSettings:properties", "-version"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }
}
