package io.hurdvm.guest;

import io.hurdvm.readiness.GuestCommandRunner;

import io.hurdvm.console.ExpectTimeoutException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.apache.sshd.client.SshClient;
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

/**
 * An authenticated SSH session to a guest (Apache MINA SSHD): run commands, open an interactive
 * shell, copy files. The guest's host key is pinned in the instance's known_hosts. Nothing from the
 * user's {@code ~/.ssh} (config, keys) is consulted, so behaviour does not depend on the host account.
 */
public final class GuestSsh implements GuestCommandRunner, AutoCloseable {
    private final SshClient client;
    private final ClientSession session;

    private GuestSsh(SshClient client, ClientSession session) {
        this.client = client;
        this.session = session;
    }

    /** Connects and authenticates; each phase has its own deadline. */
    public static GuestSsh connect(SshTarget target, Duration connectTimeout, Duration authTimeout) {
        SshClient client = SshClient.setUpDefaultClient();
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        PinnedHostKeyVerifier verifier = new PinnedHostKeyVerifier(new KnownHostsFile(target.knownHosts()), target.instanceName());
        client.setServerKeyVerifier(verifier);
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
            return new GuestSsh(client, session);
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

    /** Runs {@code command}, streaming its output, and returns its exit status. */
    public int exec(String command, OutputStream out, OutputStream err, Duration timeout) {
        try (ChannelExec channel = session.createExecChannel(command)) {
            channel.setOut(new NoCloseOutputStream(out));
            channel.setErr(new NoCloseOutputStream(err));
            channel.open().verify(timeout);
            return awaitExit(channel, timeout, "command");
        } catch (IOException e) {
            throw new GuestSshException("running a command over SSH failed: " + e.getMessage(), e);
        }
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
            channel.open().verify(Duration.ofSeconds(30));
            return awaitExit(channel, Duration.ZERO, "shell");
        } catch (IOException e) {
            throw new GuestSshException("interactive shell failed: " + e.getMessage(), e);
        }
    }

    public void upload(Path source, String target) {
        withSftp(t -> t.upload(source, target));
    }

    public void download(String source, Path target) {
        withSftp(t -> t.download(source, target));
    }

    private interface SftpAction {
        void apply(SftpTransfer transfer) throws IOException;
    }

    private void withSftp(SftpAction action) {
        try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
            action.apply(new SftpTransfer(sftp));
        } catch (IOException e) {
            throw new UncheckedIOException("SFTP copy failed: " + e.getMessage(), e);
        }
    }

    /** Waits for the channel to close (so all output arrived); a zero timeout waits indefinitely. */
    private static int awaitExit(ClientChannel channel, Duration timeout, String what) {
        Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout.toMillis());
        if (events.contains(ClientChannelEvent.TIMEOUT)) {
            channel.close(true); // do not wait for a graceful close of a command that hangs
            throw new GuestSshException(what + " did not finish within " + ExpectTimeoutException.human(timeout));
        }
        Integer status = channel.getExitStatus();
        if (status == null) {
            String signal = channel.getExitSignal();
            throw new GuestSshException(what + " ended without an exit status" + (signal != null ? " (signal " + signal + ")" : ""));
        }
        return status;
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
