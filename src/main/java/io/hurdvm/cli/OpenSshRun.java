package io.hurdvm.cli;

import io.hurdvm.guest.GuestSshException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the OpenSSH client as a child on this process's own stdin, stdout and stderr (raw file
 * descriptors: binary data passes unchanged, and stdin is read by ssh alone) and returns its exit
 * code. The child ends with this JVM (Ctrl-C, SIGTERM): a shutdown hook stops it, so no ssh is
 * left behind by a killed {@code hurdvm ssh}.
 */
final class OpenSshRun {
    private OpenSshRun() {
    }

    static int run(List<String> argv, Duration limit) throws IOException, InterruptedException {
        System.out.flush();
        System.err.flush();
        ProcessBuilder pb = new ProcessBuilder(argv).inheritIO();
        Process ssh = pb.start();
        Thread stopChild = new Thread(ssh::destroy, "stop-ssh");
        Runtime.getRuntime().addShutdownHook(stopChild);
        try {
            if (!ssh.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                ssh.destroyForcibly();
                throw new GuestSshException("command did not finish within " + io.hurdvm.console.ExpectTimeoutException.human(limit));
            }
            return ssh.exitValue();
        } finally {
            if (!ssh.isAlive()) {
                Runtime.getRuntime().removeShutdownHook(stopChild);
            }
        }
    }
}
