package io.hurdvm.supervisor;

import io.hurdvm.proc.ChildEnvironment;
import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Class-data sharing for the supervisors of one runtime snapshot: a supervisor maps the classes
 * that earlier ones loaded from one archive instead of loading them from the jars, and starts about
 * twice as fast (a clone's supervisor must be quick).
 *
 * <p>Why the archive is written under a name of its own, checked once and then renamed: a JVM that
 * maps a torn archive can crash, and two supervisors that exit at once both write it. The JVM's own
 * answer, {@code -XX:+VerifySharedSpaces} on every start, reads and checksums both archives (29 MiB):
 * 0.16 CPU-s and 0.15-0.3 s of every supervisor's start on this project's test host (issue 14). So
 * while there is no archive, a supervisor dumps its classes at exit to {@code NAME.RUN.part}; the
 * next spawn checks such a file once, with a JVM that must map it ({@code -Xshare:on}) and verify
 * every region's checksum (the JVM writes the header, which holds them, after the regions, so a
 * file still being written fails), and renames it into place. From then on supervisors map it
 * unchecked: the runtime folder is this user's own, and nothing writes to a file once it has that name.
 *
 * <p>The name carries the JDK's version and home: an archive of another JDK would be ignored (the
 * JVM maps only its own), so a JDK update makes a new one instead of leaving supervisors without.
 */
final class SupervisorClassArchive {
    private static final String PART = ".part";
    /** The check is one JVM start; a minute means something is badly wrong, and it is stopped. */
    private static final Duration CHECK_TIMEOUT = Duration.ofMinutes(1);
    /** A part that fails its check may still be being written: removed only once it is this old. */
    private static final Duration STALE_PART = Duration.ofMinutes(10);
    /** At most this many parts are checked by one spawn: the first good one is enough. */
    private static final int MAX_CHECKS = 2;

    private final Path dir;
    private final String name;
    private final List<String> java;
    private final String classpath;

    /**
     * @param java      the supervisor's {@code java} and JVM options, without class path or archive options
     * @param classpath the supervisor's class path: jars of one runtime snapshot folder
     */
    SupervisorClassArchive(List<String> java, String classpath) {
        this.java = List.copyOf(java);
        this.classpath = classpath;
        this.dir = Path.of(classpath.split(File.pathSeparator)[0]).toAbsolutePath().getParent();
        this.name = archiveName(Runtime.version().toString(), System.getProperty("java.home"));
    }

    static String archiveName(String javaVersion, String javaHome) {
        return "supervisor-" + javaVersion.replaceAll("[^A-Za-z0-9.+-]", "_") + "-" + Integer.toHexString(javaHome.hashCode()) + ".jsa";
    }

    /** Whether class-data sharing applies: JDK 19+ and a class path of jars only (not a test's classes folders). */
    static boolean applies(String classpath) {
        return Runtime.version().feature() >= 19
                && Arrays.stream(classpath.split(File.pathSeparator)).allMatch(e -> e.endsWith(".jar"));
    }

    /**
     * The JVM options for a supervisor of run {@code runId}: map the archive if there is one (after
     * promoting a checked part if there is none yet), else dump one at exit. JVM log lines (a file it
     * cannot use) stay out of supervisor.out.
     */
    List<String> options(String runId) {
        Path archive = dir.resolve(name);
        boolean present = Files.isRegularFile(archive, LinkOption.NOFOLLOW_LINKS);
        if (present) {
            // Supervisors started before the archive existed still dump a part when they exit: 15 MiB each.
            parts().stream().filter(SupervisorClassArchive::stale).forEach(SupervisorClassArchive::remove);
        }
        if (present || promoteCheckedPart(archive)) {
            return List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-Xlog:disable");
        }
        return List.of("-XX:ArchiveClassesAtExit=" + dir.resolve(name + "." + runId + PART), "-Xlog:disable");
    }

    private boolean promoteCheckedPart(Path archive) {
        int checked = 0;
        for (Path part : parts()) {
            if (checked++ == MAX_CHECKS) {
                break;
            }
            try {
                if (passesCheck(part)) {
                    Files.move(part, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    return true;
                }
                if (stale(part)) {
                    remove(part);
                }
            } catch (IOException e) {
                // another spawn promoted or removed it meanwhile: the next one decides
            }
        }
        return Files.isRegularFile(archive, LinkOption.NOFOLLOW_LINKS);
    }

    private List<Path> parts() {
        List<Path> parts = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, name + ".*" + PART)) {
            for (Path p : found) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    parts.add(p);
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return parts;
    }

    /** A JVM of the supervisor's options that must map the part and verify its checksums. */
    private boolean passesCheck(Path part) throws IOException {
        List<String> cmd = new ArrayList<>(java);
        cmd.addAll(List.of("-Xshare:on", "-XX:SharedArchiveFile=" + part, "-XX:+VerifySharedSpaces", "-Xlog:disable",
                "-cp", classpath, "-version"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        ChildEnvironment.restrict(pb.environment(), ChildEnvironment.SUPERVISOR);
        Process check = pb.start();
        try {
            if (!check.waitFor(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                check.destroyForcibly();
                return false;
            }
            return check.exitValue() == 0;
        } catch (InterruptedException e) {
            check.destroyForcibly();
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Not written to for {@link #STALE_PART}: a dump that is still going on writes all the time. */
    private static boolean stale(Path part) {
        try {
            FileTime modified = Files.getLastModifiedTime(part, LinkOption.NOFOLLOW_LINKS);
            return modified.toInstant().isBefore(Instant.now().minus(STALE_PART));
        } catch (IOException e) {
            return false; // gone already
        }
    }

    private static void remove(Path part) {
        try {
            Files.deleteIfExists(part);
        } catch (IOException e) {
            // another spawn's clean-up, or a folder we cannot write: nothing to do here
        }
    }
}
