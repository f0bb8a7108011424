package io.hurdvm.supervisor;

import io.hurdvm.proc.PrivateDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

/**
 * A private copy of hurdvm's jars for long-running supervisors. A supervisor loads classes lazily
 * for days; if it ran from target/ and the jar were rebuilt meanwhile, its next class load would
 * fail. So each build's jars are copied once into {@code HURDVM_HOME/runtime/<sha>} and run from there.
 */
final class RuntimeSnapshot {
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
        Path jar = Path.of(cp).toAbsolutePath();
        try {
            Path dir = home.resolve("runtime").resolve(sha256(jar).substring(0, 16));
            if (!Files.isRegularFile(dir.resolve(".complete"))) {
                copy(jar, dir);
            }
            List<String> entries = new ArrayList<>();
            try (var files = Files.list(dir)) {
                files.filter(RuntimeSnapshot::onSupervisorClasspath).sorted().forEach(p -> entries.add(p.toString()));
            }
            return String.join(java.io.File.pathSeparator, entries);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot snapshot the hurdvm runtime into " + home + ": " + e.getMessage(), e);
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
