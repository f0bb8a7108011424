package io.hurdvm.qemu;

import io.hurdvm.proc.PrivateDirectory;
import io.hurdvm.time.Backoff;
import io.hurdvm.time.Deadline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The unprivileged user QEMU runs as when hurdvm runs as root: QEMU parses guest-controlled device
 * traffic all day, and a QEMU escape should land in an account that owns nothing. QEMU opens its disk
 * and sockets as root at start, then drops to this user ({@code -runas}). Default {@code hurdvm-qemu}, a
 * system account without login or home, created when missing; {@code HURDVM_QEMU_USER} names another
 * ({@code root} keeps QEMU as root, which is refused unless asked for by that name).
 */
public record QemuUser(String name, int uid, int gid) {
    public static final String DEFAULT = "hurdvm-qemu";
    public static final String ENV = "HURDVM_QEMU_USER";
    private static final Duration TOOL = Duration.ofSeconds(10);

    /** The user QEMU should run as, or empty when hurdvm is not root (QEMU then simply runs as us). */
    public static Optional<QemuUser> forThisProcess(Map<String, String> env, CommandRunner runner) {
        if (PrivateDirectory.currentUid() != 0) {
            return Optional.empty();
        }
        String name = env.getOrDefault(ENV, DEFAULT).strip();
        if (name.equals("root")) {
            return Optional.empty();
        }
        Optional<QemuUser> found = lookUp(name, runner);
        if (found.isEmpty() && name.equals(DEFAULT)) {
            found = create(runner);
        }
        return Optional.of(found.orElseThrow(() -> new QemuLaunchException("user '" + name + "' (" + ENV
                + ") does not exist: create it (useradd --system " + name + ") or unset " + ENV, null)));
    }

    /**
     * /etc/passwd first: two {@code id} processes cost a clone's supervisor 50-150 ms before QEMU
     * could start. Accounts only NSS knows (LDAP, ...) are asked of {@code id}.
     */
    private static Optional<QemuUser> lookUp(String name, CommandRunner runner) {
        Optional<QemuUser> local = inPasswd(Path.of("/etc/passwd"), name);
        return local.isPresent() ? local : lookUpWithId(name, runner);
    }

    /** The account {@code name} in a passwd file: {@code name:x:uid:gid:...}. */
    static Optional<QemuUser> inPasswd(Path passwd, String name) {
        try (Stream<String> lines = Files.lines(passwd)) {
            return lines.map(l -> l.split(":", -1)).filter(f -> f.length >= 4 && f[0].equals(name))
                    .filter(f -> f[2].matches("[0-9]{1,9}") && f[3].matches("[0-9]{1,9}"))
                    .map(f -> new QemuUser(name, Integer.parseInt(f[2]), Integer.parseInt(f[3]))).findFirst();
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private static Optional<QemuUser> lookUpWithId(String name, CommandRunner runner) {
        CommandResult uid = runner.run(List.of("id", "-u", name), TOOL);
        CommandResult gid = runner.run(List.of("id", "-g", name), TOOL);
        if (!uid.succeeded() || !gid.succeeded()) {
            return Optional.empty();
        }
        return Optional.of(new QemuUser(name, Integer.parseInt(uid.stdout().strip()), Integer.parseInt(gid.stdout().strip())));
    }

    /**
     * A system account with its own group, no home, no shell: nothing to log in to, nothing to own.
     * Two supervisors may start at once on a fresh host: whoever loses the race to useradd (which
     * locks /etc/passwd) finds the user made by the other.
     */
    private static Optional<QemuUser> create(CommandRunner runner) {
        Deadline deadline = Deadline.after(Duration.ofSeconds(20));
        Backoff backoff = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(1));
        CommandResult made;
        do {
            made = runner.run(List.of("useradd", "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
                    "--shell", "/usr/sbin/nologin", "--comment", "hurdvm QEMU processes", DEFAULT), TOOL);
            Optional<QemuUser> found = lookUp(DEFAULT, runner);
            if (found.isPresent()) {
                return found;
            }
            try {
                backoff.pause(deadline);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        } while (!deadline.passed());
        throw new QemuLaunchException("cannot create the user QEMU runs as (useradd " + DEFAULT + "): "
                + made.stderr().strip() + "; create it yourself, or set " + ENV + "=root to keep QEMU as root", null);
    }
}
