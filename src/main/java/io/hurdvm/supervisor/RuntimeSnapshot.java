package io.hurdvm.supervisor;

import io.hurdvm.proc.PrivateDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

/**
 * A private copy of hurdvm's jars for long-running supervisors. A supervisor loads classes lazily
 * for days; if it ran from target/ and the jar were rebuilt meanwhile, its next class load would
 * fail. So each build's jars are copied once into {@code HURDVM_HOME/runtime/<sha>} and run from there.
 * Hashing the 2.4 MB jar cost every {@code up} 0.1 s of CPU before its supervisor could start (the
 * CLI's SHA-256 runs interpreted): the hash is remembered for the jar's file identity (device, inode,
 * size, modification and change time, which no write can leave as they were: git's index trusts the
 * same), so a jar that did not change is not read again.
 */
final class RuntimeSnapshot {
    /** Index files: {@code .jar-DEV-INODE-SIZE-MTIME-CTIME} (numbers only), holding a snapshot's name. */
    private static final String INDEX_PREFIX = ".jar-";
    private static final Pattern SNAPSHOT_NAME = Pattern.compile("[0-9a-f]{16}");

    /**
     * Jars of {@code serve}'s HTTP API and metrics (Jetty, Javalin, Jakarta APIs, Prometheus,
     * Micrometer) and of their own dependencies, which no class a supervisor can reach refers to
     * ({@code SupervisorClasspathTest}). They stay out of a supervisor's class path because every
     * supervisor opens every jar on it at start (service-file lookups of slf4j, logback and the JDK
     * read {@code META-INF/services} from each), and an open jar keeps its central directory in the
     * heap: these 48 jars are 0.8 MiB of each supervisor's live heap (issue 14,
     * bench/loop/RESULTS.md). Their service files name only their own interfaces.
     */
    static final Pattern SERVE_ONLY = Pattern.compile(
            "(jetty-|javalin-|jakarta\\.|prometheus-metrics-|micrometer-|kotlin-stdlib-|HdrHistogram-|asm-|jspecify-|annotations-13\\.).*\\.jar");

    private RuntimeSnapshot() {
    }

    /** The classpath to start a supervisor with: a snapshot when we run from a jar, else our own. */
    static String classpath(Path home) {
        String cp = System.getProperty("java.class.path");
        if (cp.contains(java.io.File.pathSeparator) || !cp.endsWith(".jar")) {
            return cp; // tests or IDE: classes directories, nothing to snapshot
        }
        return String.join(java.io.File.pathSeparator, snapshotOf(Path.of(cp).toAbsolutePath(), home.resolve("runtime")));
    }

    /** The jars of {@code jar}'s snapshot in {@code runtime}, made now if there is none yet. */
    static List<String> snapshotOf(Path jar, Path runtime) {
        try {
            Optional<String> stat = statKey(jar);
            Path known = stat.map(k -> runtime.resolve(INDEX_PREFIX + k)).orElse(null);
            Path dir = known == null ? null : rememberedSnapshot(runtime, known);
            if (dir == null) {
                dir = runtime.resolve(sha256(jar).substring(0, 16));
                if (!Files.isRegularFile(dir.resolve(".complete"))) {
                    copy(jar, dir);
                }
                if (known != null && stat.equals(statKey(jar))) {
                    remember(known, dir.getFileName().toString());
                }
            }
            List<String> entries = new ArrayList<>();
            try (var files = Files.list(dir)) {
                files.filter(RuntimeSnapshot::onSupervisorClasspath).sorted().forEach(p -> entries.add(p.toString()));
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot snapshot the hurdvm runtime into " + runtime + ": " + e.getMessage(), e);
        }
    }

    /** The jar's identity as the kernel keeps it, or empty where there is no unix view (not Linux). */
    private static Optional<String> statKey(Path jar) {
        try {
            Map<String, Object> a = Files.readAttributes(jar, "unix:dev,ino,size,lastModifiedTime,ctime");
            return Optional.of(a.get("dev") + "-" + a.get("ino") + "-" + a.get("size") + "-"
                    + ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS) + "-" + ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The complete snapshot an index file names, or null: a missing, foreign or odd index file is
     * ignored, and the jar is hashed as before. The runtime folder is the user's own and private
     * ({@link PrivateDirectory#ensureOwned}), and the name must be a snapshot's, so it cannot point elsewhere.
     */
    private static Path rememberedSnapshot(Path runtime, Path index) {
        try {
            if (!Files.isRegularFile(index, LinkOption.NOFOLLOW_LINKS) || Files.size(index) > 64
                    || !Files.getOwner(index, LinkOption.NOFOLLOW_LINKS).equals(Files.getOwner(runtime))) {
                return null;
            }
            String name = Files.readString(index, StandardCharsets.US_ASCII).strip();
            Path dir = runtime.resolve(name);
            return SNAPSHOT_NAME.matcher(name).matches() && Files.isRegularFile(dir.resolve(".complete")) ? dir : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Written under a temporary name and renamed: a reader sees the whole name or no file. */
    private static void remember(Path index, String snapshot) {
        try {
            Path temp = Files.createTempFile(index.getParent(), ".index", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(temp, snapshot + "\n", StandardCharsets.US_ASCII);
                Files.move(temp, index, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            // not remembered: the next start hashes the jar again
        }
    }

    static boolean onSupervisorClasspath(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".jar") && !SERVE_ONLY.matcher(name).matches();
    }

    private static void copy(Path jar, Path dir) throws IOException {
        Path staging = Files.createTempDirectory(PrivateDirectory.ensureOwned(dir.getParent()), ".staging");
        copyPrivately(jar, staging.resolve("hurdvm.jar"));
        for (Path lib : manifestClassPath(jar)) {
            copyPrivately(lib, staging.resolve(lib.getFileName()));
        }
        Files.createFile(staging.resolve(".complete"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) {
            // another 'up' made the same snapshot first: theirs is identical
            try (var files = Files.walk(staging)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Like everything in HURDVM_HOME, readable by its owner only. */
    private static void copyPrivately(Path from, Path to) throws IOException {
        Files.copy(from, to);
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-------"));
    }

    private static List<Path> manifestClassPath(Path jar) throws IOException {
        try (JarFile jf = new JarFile(jar.toFile())) {
            String cp = jf.getManifest().getMainAttributes().getValue("Class-Path");
            List<Path> libs = new ArrayList<>();
            if (cp != null) {
                for (String entry : cp.trim().split("\\s+")) {
                    libs.add(jar.getParent().resolve(entry));
                }
            }
            return libs;
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
