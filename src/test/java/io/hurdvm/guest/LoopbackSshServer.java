package io.hurdvm.guest;

import io.hurdvm.secret.Secret;
import java.io.IOException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.subsystem.SubsystemFactory;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SSH server (Apache MINA SSHD) on 127.0.0.1 standing in for a guest's sshd: commands run
 * through /bin/sh on this host, SFTP serves this host's files. Only the given key or password is let in.
 */
public final class LoopbackSshServer implements AutoCloseable {
    /** What the server answers to the sftp subsystem request, and whether commands find tar. */
    enum Guest {
        /** SFTP served, tar on PATH. */
        WITH_SFTP,
        /** SFTP served, but commands cannot find tar: a copy that works went over SFTP. */
        SFTP_ONLY,
        /** Like a Hurd image without openssh-sftp-server: the subsystem's command is missing (exit 127). */
        WITHOUT_SFTP,
        /** No SFTP server, and commands run with a PATH where tar cannot be found. */
        WITHOUT_SFTP_OR_TAR
    }

    static final String MISSING_SFTP_SERVER = "/usr/lib/hurdvm-test-missing/sftp-server";

    private final SshServer server;

    public LoopbackSshServer(KeyPair hostKey, PublicKey authorizedKey, Secret password) throws IOException {
        this(hostKey, authorizedKey, password, Guest.WITH_SFTP);
    }

    LoopbackSshServer(KeyPair hostKey, PublicKey authorizedKey, Secret password, Guest guest) throws IOException {
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, authorizedKey));
        server.setPasswordAuthenticator((user, pw, session) -> password != null && password.reveal().equals(pw));
        server.setKeyboardInteractiveAuthenticator(null);
        boolean noTar = guest == Guest.SFTP_ONLY || guest == Guest.WITHOUT_SFTP_OR_TAR;
        Map<String, String> env = noTar ? Map.of("PATH", "/nonexistent") : Map.of();
        server.setCommandFactory((channel, command) -> new ShellCommand(command, env));
        boolean sftp = guest == Guest.WITH_SFTP || guest == Guest.SFTP_ONLY;
        server.setSubsystemFactories(List.of(sftp ? new SftpSubsystemFactory() : new MissingSftpServer()));
        server.start();
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    /** dropbear and OpenSSH run the sftp subsystem as a command; here that command does not exist. */
    private static final class MissingSftpServer implements SubsystemFactory {
        @Override
        public String getName() {
            return "sftp";
        }

        @Override
        public Command createSubsystem(ChannelSession channel) {
            return new ShellCommand(MISSING_SFTP_SERVER);
        }
    }
}
