package io.hurdvm.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The test guests built by guests/build-all.sh. Outside CI a missing guest skips the test (saying
 * how to build it); in CI it fails, because CI builds them first and a skip would hide a regression.
 */
public final class TestGuests {
    private TestGuests() {
    }

    public static Path cacheDir() {
        String env = System.getenv("HURDVM_GUEST_CACHE");
        return env != null ? Path.of(env) : Path.of(".cache", "guests").toAbsolutePath();
    }

    public static Path linuxGuest() {
        return require("linux-guest.qcow2");
    }

    public static Path linuxGuestIgnoringAcpi() {
        return require("linux-guest-noacpi.qcow2");
    }

    /** Ignores the ACPI power button, obeys poweroff, has no SFTP server: Hurd where hurdvm looks. */
    public static Path linuxGuestHurdLike() {
        return require("linux-guest-hurdlike.qcow2");
    }

    public static Path gnumachIso() {
        return require("gnumach.iso");
    }

    private static Path require(String file) {
        Path p = cacheDir().resolve(file);
        if (!Files.isRegularFile(p)) {
            String msg = "test guest " + p + " is missing: run guests/build-all.sh";
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(msg);
            }
            assumeTrue(false, msg);
        }
        return p;
    }

    /** A real Debian GNU/Hurd image supplied by the user, or a skip that says so. */
    public static Path hurdImage() {
        String env = System.getenv("HURDVM_TEST_IMAGE");
        assumeTrue(env != null && Files.isRegularFile(Path.of(env)),
                "Hurd-specific test skipped: set HURDVM_TEST_IMAGE to a Debian GNU/Hurd amd64 image to run it");
        return Path.of(env);
    }
}
