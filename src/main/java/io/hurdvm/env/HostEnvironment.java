package io.hurdvm.env;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The environment variables hurdvm was started with, read once by each entry point (the CLI's main,
 * the supervisor process) and handed down. No other class reads the process environment
 * ({@code ArchitectureTest} checks it), so a test passes a map instead of changing its JVM's
 * environment, and every setting a class depends on is visible in its constructor.
 *
 * <p>Values may be secrets (a root password, an API token): {@link #toString()} names neither
 * variables nor values, so the object can sit in a record or a log line without leaking them.
 */
public final class HostEnvironment {
    private final Map<String, String> variables;

    private HostEnvironment(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    /** The process's own environment: for entry points only. */
    public static HostEnvironment ofProcess() {
        return new HostEnvironment(System.getenv());
    }

    /** An environment given as a map (tests, a daemon's request). */
    public static HostEnvironment of(Map<String, String> variables) {
        return new HostEnvironment(variables);
    }

    public static HostEnvironment empty() {
        return new HostEnvironment(Map.of());
    }

    /** A variable's value; a variable set to blanks counts as unset. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(variables.get(name)).filter(v -> !v.isBlank());
    }

    /** The variables as an unmodifiable map, for code that takes settings from a map (layers of settings). */
    public Map<String, String> asMap() {
        return variables;
    }

    /** {@code HURDVM_RUNTIME_DIR}: where sockets go when an instance's folder path is too long for one. */
    public Optional<Path> runtimeDir() {
        return get("HURDVM_RUNTIME_DIR").map(v -> Path.of(v).toAbsolutePath().normalize());
    }

    /** {@code HURDVM_DEBUG=1}: stack traces with errors. */
    public boolean debug() {
        return "1".equals(variables.get("HURDVM_DEBUG"));
    }

    /** The user's terminal type for an interactive guest shell ({@code xterm} if unset). */
    public String term() {
        return variables.getOrDefault("TERM", "xterm");
    }

    /** {@code HURDVM_LOG_LEVEL}, if set: it overrides the level each entry point would choose. */
    public Optional<String> logLevel() {
        return Optional.ofNullable(variables.get("HURDVM_LOG_LEVEL"));
    }

    /** {@code HURDVM_LOG_FORMAT}: {@code text} (default) or {@code json}. */
    public String logFormat() {
        return variables.getOrDefault("HURDVM_LOG_FORMAT", "text");
    }

    /** {@code HURDVM_LOG_LIBRARIES}: the level of third-party loggers in commands ({@code OFF} by default). */
    public String libraryLogLevel() {
        return variables.getOrDefault("HURDVM_LOG_LIBRARIES", "OFF");
    }

    /** Values may be secrets: only how many variables there are. */
    @Override
    public String toString() {
        return "HostEnvironment[" + variables.size() + " variables]";
    }
}
