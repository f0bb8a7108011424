package io.hurdvm.it;

import java.util.concurrent.TimeUnit;

/** An SSH login with a password only (OpenSSH through sshpass, the password in the environment, never argv). */
final class PasswordLogin {
    private PasswordLogin() {
    }

    static boolean works(int port, String password) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sshpass", "-e", "ssh", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "PubkeyAuthentication=no", "-o", "ConnectTimeout=20",
                "-p", String.valueOf(port), "root@127.0.0.1", "true");
        pb.environment().put("SSHPASS", password);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return false;
        }
        return p.exitValue() == 0;
    }
}
