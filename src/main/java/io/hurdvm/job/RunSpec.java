package io.hurdvm.job;

import io.hurdvm.errors.ErrorKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code hurdvm run} does: a throwaway clone of a template (warm) or an instance of an image
 * (cold), a host folder copied in, one command, artifacts copied out.
 *
 * @param env      variables for the command, name to value (the values come from the host's environment
 *                 and reach the guest through a private file, never a command line)
 * @param timeout  the whole job's budget (up, copies, command); zero for none
 */
public record RunSpec(Optional<String> template, Optional<String> image, Optional<Sync> sync, List<CopyBack> copyBack,
                      Map<String, String> env, Duration timeout, boolean keep, List<String> command) {
    /** Where a synced folder lands in the guest unless DIR:GUESTDIR says otherwise. */
    public static final String DEFAULT_GUEST_DIR = "/root/work";

    public RunSpec {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(image, "image");
        if (template.isPresent() == image.isPresent()) {
            throw new JobException(ErrorKind.BAD_INPUT, "give exactly one of --template T (a warm clone) and --image I (a cold boot)");
        }
        if (command == null || command.isEmpty()) {
            throw new JobException(ErrorKind.BAD_INPUT, "no command: put it after --, e.g. hurdvm run --template T -- make check");
        }
        copyBack = List.copyOf(copyBack);
        env = Map.copyOf(env);
        command = List.copyOf(command);
    }

    /** {@code DIR[:GUESTDIR]}: a host folder and where its content goes in the guest. */
    public record Sync(Path hostDir, String guestDir) {
        public static Sync parse(String text) {
            int colon = text.lastIndexOf(":/");
            Path host = Path.of(colon > 0 ? text.substring(0, colon) : text);
            String guest = colon > 0 ? text.substring(colon + 1) : DEFAULT_GUEST_DIR;
            if (!java.nio.file.Files.isDirectory(host)) {
                throw new JobException(ErrorKind.BAD_INPUT, "--sync " + text + ": " + host + " is not a folder");
            }
            return new Sync(host.toAbsolutePath().normalize(), checkedGuestPath("--sync", guest));
        }
    }

    /** {@code GUESTPATH:HOSTDIR}: a file or folder of the guest, copied into a host folder after the command. */
    public record CopyBack(String guestPath, Path hostDir) {
        public static CopyBack parse(String text) {
            int colon = text.indexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                throw new JobException(ErrorKind.BAD_INPUT, "--copy-back " + text + ": use GUESTPATH:HOSTDIR, e.g. /root/work/out:./artifacts");
            }
            return new CopyBack(checkedGuestPath("--copy-back", text.substring(0, colon)), Path.of(text.substring(colon + 1)).toAbsolutePath().normalize());
        }
    }

    private static String checkedGuestPath(String option, String path) {
        if (!path.startsWith("/") || path.contains("\n") || path.contains("\0")) {
            throw new JobException(ErrorKind.BAD_INPUT, option + ": guest path '" + path + "' must be absolute, e.g. /root/work");
        }
        return path;
    }
}
