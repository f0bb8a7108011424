package io.hurdvm.guest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * An exec request run as {@code /bin/sh -c COMMAND} on this host, for {@link LoopbackSshServer}.
 * (MINA's ProcessShellFactory loses the exit status of commands that finish very quickly.) The
 * channel's input is copied to the process's stdin, which is closed when the client sends EOF, as
 * sshd does; stdout and stderr are copied to the channel before the exit status is reported.
 */
final class ShellCommand implements Command {
    private final String command;
    private final Map<String, String> environment;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private Process process;

    ShellCommand(String command) {
        this(command, Map.of());
    }

    /** @param environment variables to set or override for the command (e.g. a PATH without tar) */
    ShellCommand(String command, Map<String, String> environment) {
        this.command = command;
        this.environment = environment;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command);
        pb.environment().putAll(environment);
        process = pb.start();
        Thread.ofVirtual().start(() -> {
            try (OutputStream stdin = process.getOutputStream()) {
                in.transferTo(stdin);
            } catch (IOException e) {
                // the process stopped reading (it ended); the rest of the input has nowhere to go
            }
        });
        Thread.ofVirtual().start(() -> {
            try {
                Thread copyErr = Thread.ofVirtual().start(() -> copy(process.getErrorStream(), err));
                copy(process.getInputStream(), out);
                copyErr.join();
                exit.onExit(process.waitFor());
            } catch (InterruptedException e) {
                exit.onExit(130);
            }
        });
    }

    private static void copy(InputStream from, OutputStream to) {
        try (from) {
            byte[] buf = new byte[8192];
            for (int n; (n = from.read(buf)) >= 0; ) {
                to.write(buf, 0, n);
                to.flush();
            }
        } catch (IOException e) {
            // the channel went away: nothing left to deliver
        }
    }

    @Override
    public void destroy(ChannelSession channel) {
        if (process != null) {
            process.destroyForcibly();
        }
    }
}
