package io.hurdvm.guest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import org.apache.sshd.client.channel.ChannelExec;

/**
 * A command running in the guest with its stdin and stdout open to the caller, like
 * {@link Process}: for bulk data (a tar archive) that must not be held in memory. Close stdin to
 * send EOF; read stdout to its end before {@link #waitFor}.
 */
public final class RemoteProcess implements AutoCloseable {
    private final ChannelExec channel;
    private final StderrTail stderr;

    RemoteProcess(ChannelExec channel, StderrTail stderr) {
        this.channel = channel;
        this.stderr = stderr;
    }

    /** The command's stdin; closing it sends EOF. */
    public OutputStream stdin() {
        return channel.getInvertedIn();
    }

    public InputStream stdout() {
        return channel.getInvertedOut();
    }

    /** The first line the command wrote to stderr, cleaned of control characters ("" if none). */
    public String stderrFirstLine() {
        return stderr.firstLine();
    }

    /** Waits for the command to end; its exit status, or 128+n after signal n. Zero waits for ever. */
    public int waitFor(Duration timeout) {
        return GuestSsh.awaitExit(channel, timeout, "command in the guest");
    }

    /** Ends the command's channel at once (after an error on our side). */
    @Override
    public void close() throws IOException {
        channel.close(true);
    }
}
