package io.hurdvm.job;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.guest.ShellQuoting;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The guest-side shell of a job, for bash (Hurd) and busybox ash alike. */
final class GuestCommands {
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private GuestCommands() {
    }

    static String writePrivateFile(String file) {
        return "umask 077 && cat > " + ShellQuoting.quote(file);
    }

    /** {@code export NAME='value'} lines; names are checked, values quoted. */
    static String exports(Map<String, String> env) {
        StringBuilder sb = new StringBuilder();
        env.forEach((k, v) -> {
            if (!ENV_NAME.matcher(k).matches()) {
                throw new JobException(ErrorKind.BAD_INPUT, "--env " + k + ": not a variable name");
            }
            sb.append("export ").append(k).append('=').append(ShellQuoting.quote(v)).append('\n');
        });
        return sb.toString();
    }

    /** Runs CMD in {@code dir}, after reading (and deleting) the variables file; arguments joined as OpenSSH does. */
    static String commandLine(String dir, String envFile, List<String> command) {
        String env = envFile == null ? "" : ". " + ShellQuoting.quote(envFile) + " && rm -f " + ShellQuoting.quote(envFile) + " && ";
        return "cd " + ShellQuoting.quote(dir) + " && " + env + String.join(" ", command);
    }
}
