package io.hurdvm.proc;

import java.util.Map;
import java.util.Set;

/**
 * The environment hurdvm gives the processes it starts (supervisor, QEMU, qemu-img): an allowlist, not
 * the caller's whole environment. A caller's {@code AWS_SECRET_ACCESS_KEY} or token variables would
 * otherwise sit in {@code /proc/PID/environ} of long-lived children for weeks. Values that must reach a
 * child travel as files (secrets) or as recorded settings, never inherited by accident.
 */
public final class ChildEnvironment {
    /** What any program needs to run as the user expects: search path, locale, time zone, temp dir. */
    static final Set<String> BASIC = Set.of("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "HOME", "USER", "LOGNAME", "TMPDIR");
    /** Settings a supervisor reads; none is a secret (credentials are named by file path). */
    public static final Set<String> SUPERVISOR = Set.of("HURDVM_HOME", "HURDVM_RUNTIME_DIR", "XDG_DATA_HOME", "HURDVM_LOG_LEVEL",
            "HURDVM_LOG_FORMAT", "HURDVM_STOP_TIMEOUT", "HURDVM_DEBUG", "HURDVM_MEMORY_LIMIT_MIB", "HURDVM_S3_REGION",
            "HURDVM_S3_ENDPOINT", "HURDVM_S3_CREDENTIALS_FILE", "HURDVM_BACKUP_KEY_FILE", "HURDVM_QEMU_USER");

    private ChildEnvironment() {
    }

    /** Replaces {@code env} (a ProcessBuilder's) with the basic variables plus {@code alsoKeep}. */
    public static void restrict(Map<String, String> env, Set<String> alsoKeep) {
        env.keySet().removeIf(name -> !BASIC.contains(name) && !alsoKeep.contains(name));
    }

    /** The basic variables only: for QEMU and qemu-img. */
    public static void restrict(Map<String, String> env) {
        restrict(env, Set.of());
    }
}
