package io.hurdvm.guest;

import io.hurdvm.readiness.GuestCommandRunner;

import io.hurdvm.console.ExpectTimeoutException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.io.output.NoCloseOutputStream;
import org.apache.sshd.common.util.io.input.NoCloseInputStream;
import org.apache.sshd.common.util.io.output.NullOutputStream;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.SftpErrorDataHandler;

/**
 * An authenticated SSH session to a guest (Apache MINA SSHD): run commands, open an interactive
 * shell, start commands that stream bulk data, open SFTP (see io.hurdvm.guest.copy for copies). The guest's host key is pinned in the instance's known_hosts. Nothing from the
 * user's {@code ~/.ssh} (config, keys) is consulted, so behaviour does not depend on the host account.
 */
public final class GuestSsh implements GuestCommandRunner, AutoCloseable {
    /** Opening a channel is one round trip; only a dead connection takes longer. */
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(30);

    private final SshClient client;
    private final ClientSession session;
    private final String instanceName;

    private GuestSsh(SshClient client, ClientSession session, String instanceName) {
        this.client = client;
        this.session = session;
        this.instanceName = instanceName;
    }

    /**
     * Loads the SSH client and its crypto provider on a background thread: a cold JVM spends a
     * second or more on them (the crypto providers' registration above all), which a caller that has
     * something else to wait for first (a clone resuming) can hide.
     */
    public static void warmUp() {
        Thread.ofPlatform().daemon().name("ssh-warm-up").start(() -> {
            try {
                org.apache.sshd.common.util.security.SecurityUtils.isEDDSACurveSupported(); // registers the providers
                SshClient.setUpDefaultClient();
            } catch (RuntimeException | LinkageError e) {
                // only a head start; connect() reports real problems
            }
        });
    }

    /** Connects and authenticates; each phase has its own deadline. */
    public static GuestSsh connect(SshTarget target, Duration connectTimeout, Duration authTimeout) {
        SshClient client = SshClient.setUpDefaultClient();
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        PinnedHostKeyVerifier verifier = new PinnedHostKeyVerifier(new KnownHostsFile(target.knownHosts()), target.instanceName());
        client.setServerKeyVerifier(verifier);
        // Without it Nagle holds each window's last short packet until the guest's delayed ACK:
        // 10 MiB to a TCG guest took 20 s instead of 1 s (OpenSSH, which sets it, took 1 s).
        CoreModuleProperties.TCP_NODELAY.set(client, true);
        client.start();
        String where = target.user() + "@" + target.host() + ":" + target.port();
        ClientSession session = null;
        boolean connected = false;
        try {
            session = client.connect(target.user(), target.host(), target.port()).verify(connectTimeout).getSession();
            target.identity().ifPresent(session::addPublicKeyIdentity);
            if (target.password().isPresent()) {
                session.addPasswordIdentity(target.password().get().reveal());
            }
            connected = true;
            session.auth().verify(authTimeout);
            return new GuestSsh(client, session, target.instanceName());
        } catch (IOException | RuntimeException e) {
            // MINA says so only in words; once connected, this is the server turning our identities down.
            boolean refused = connected && verifier.refusal() == null
                    && String.valueOf(e.getMessage()).contains("No more authentication methods");
            closeQuietly(session);
            client.stop();
            if (verifier.refusal() != null) {
                throw new HostKeyChangedException(verifier.refusal());
            }
            if (refused) {
                throw new GuestSshAuthException("cannot SSH to " + target.instanceName() + " (" + where
                        + "): the server refused " + target.user() + "'s credentials");
            }
            throw new GuestSshException("cannot SSH to " + target.instanceName() + " (" + where + "): " + e.getMessage()
                    + " — is the guest up and provisioned?", e);
        }
    }

    /** Runs {@code command} with empty stdin, streaming its output, and returns its exit status. */
    public int exec(String command, OutputStream out, OutputStream err, Duration timeout) {
        return exec(command, null, out, err, timeout);
    }

    /**
     * Runs {@code command}, streaming {@code in} (null: nothing) to its stdin and its output to
     * {@code out}/{@code err}; returns its exit status, or 128+n when a signal n ended it.
     *
     * <p>MINA pumps {@code in} on a daemon thread and sends EOF as soon as {@code in} ends, so
     * {@code cat} and {@code tar x} finish. When the command ends first, the channel closes without
     * waiting for that thread (a read from a terminal cannot be interrupted); being a daemon, it
     * cannot keep the process alive either.
     */
    public int exec(String command, InputStream in, OutputStream out, OutputStream err, Duration timeout) {
        try (ChannelExec channel = session.createExecChannel(command)) {
            if (in != null) {
                channel.setIn(new NoCloseInputStream(in));
            }
            channel.setOut(new NoCloseOutputStream(out));
            channel.setErr(new NoCloseOutputStream(err));
            channel.open().verify(timeout.isZero() || timeout.compareTo(OPEN_TIMEOUT) > 0 ? OPEN_TIMEOUT : timeout);
            if (in == null) {
                channel.getInvertedIn().close(); // EOF at once: a command that reads stdin must not wait for it
            }
            return awaitExit(channel, timeout, "command");
        } catch (IOException e) {
            throw new GuestSshException("running a command over SSH failed: " + e.getMessage(), e);
        }
    }

    /**
     * Starts {@code command} with its stdin and stdout as streams for the caller (bulk data such
     * as a tar archive) and the tail of its stderr kept for error messages.
     */
    public RemoteProcess start(String command) {
        ChannelExec channel = null;
        try {
            channel = session.createExecChannel(command);
            StderrTail err = new StderrTail();
            channel.setErr(err);
            channel.open().verify(OPEN_TIMEOUT);
            return new RemoteProcess(channel, err);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close(true);
            }
            throw new GuestSshException("cannot start a command in the guest over SSH: " + e.getMessage(), e);
        }
    }

    /**
     * An SFTP session, or {@link SftpUnavailableException} naming why the guest offers none: the
     * stderr of its subsystem (e.g. {@code sh: /usr/lib/sftp-server: not found}) when there is one.
     */
    public SftpClient openSftp() {
        StderrTail err = new StderrTail();
        SftpErrorDataHandler onStderr = (buf, start, len) -> err.write(buf, start, len);
        try {
            return SftpClientFactory.instance().createSftpClient(session, onStderr);
        } catch (IOException | RuntimeException e) {
            String why = err.firstLine();
            throw new SftpUnavailableException(why.isEmpty() ? String.valueOf(e.getMessage()) : why, e);
        }
    }

    /** The instance this session reaches, for messages. */
    public String instanceName() {
        return instanceName;
    }

    /** Runs {@code command}, discarding its output. */
    @Override
    public int run(String command, Duration timeout) {
        return exec(command, new NullOutputStream(), new NullOutputStream(), timeout);
    }

    /**
     * An interactive login shell on a PTY, wired to the given streams until the remote side ends.
     * The caller puts the local terminal into raw mode first (see io.hurdvm.terminal.RawTerminal).
     */
    public int shell(InputStream in, OutputStream out, OutputStream err, String term, int columns, int rows) {
        try (ChannelShell channel = session.createShellChannel()) {
            channel.setPtyType(term);
            channel.setPtyColumns(columns);
            channel.setPtyLines(rows);
            channel.setIn(new NoCloseInputStream(in));
            channel.setOut(new NoCloseOutputStream(out));
            channel.setErr(new NoCloseOutputStream(err));
            channel.open().verify(OPEN_TIMEOUT);
            return awaitExit(channel, Duration.ZERO, "shell");
        } catch (IOException e) {
            throw new GuestSshException("interactive shell failed: " + e.getMessage(), e);
        }
    }

    /** Waits for the channel to close (so all output arrived); a zero timeout waits indefinitely. */
    static int awaitExit(ClientChannel channel, Duration timeout, String what) {
        Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout.toMillis());
        if (events.contains(ClientChannelEvent.TIMEOUT)) {
            channel.close(true); // do not wait for a graceful close of a command that hangs
            throw new GuestSshException(what + " did not finish within " + ExpectTimeoutException.human(timeout));
        }
        Integer status = channel.getExitStatus();
        if (status != null) {
            return status;
        }
        String signal = channel.getExitSignal();
        if (signal != null) {
            return ExitSignals.exitCode(signal);
        }
        throw new GuestSshException(what + " ended without an exit status (the connection to the guest was lost?)");
    }

    private static void closeQuietly(ClientSession session) {
        if (session != null) {
            session.close(true);
        }
    }

    @Override
    public void close() {
        closeQuietly(session);
        client.stop();
    }
}
