package io.hurdvm.readiness;

import io.hurdvm.errors.ErrorText;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;

/**
 * Ready when the guest's SSH server sends its identification line ({@code SSH-2.0-...}, RFC 4253 4.2).
 *
 * <p>An accepted TCP connection alone proves nothing: QEMU user networking accepts on the forwarded host
 * port before anything listens in the guest and then closes or resets the connection. So each attempt
 * reads up to {@link #MAX_LINES} lines (servers may send others first) for the banner.
 */
public final class SshBannerCheck implements ReadinessCheck {
    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    static final int MAX_LINES = 32;
    /** RFC 4253: the identification line is at most 255 characters including CR LF. */
    private static final int MAX_LINE_LENGTH = 255;
    private static final Duration RETRY_PAUSE = Duration.ofMillis(500);

    private final Duration attemptTimeout;

    public SshBannerCheck(Duration attemptTimeout) {
        if (attemptTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("SSH banner attempt timeout must be >= 1 ms, got " + attemptTimeout);
        }
        this.attemptTimeout = attemptTimeout;
    }

    public SshBannerCheck() {
        this(DEFAULT_ATTEMPT_TIMEOUT);
    }

    @Override
    public void waitUntilReady(ReadinessTarget target, Duration timeout) {
        String awaited = describe(target);
        Attempts.until(target, timeout, awaited, attemptTimeout, RETRY_PAUSE,
                (budget, deadline) -> attempt(target, budget, deadline, awaited));
    }

    @Override
    public String describe(ReadinessTarget target) {
        return "SSH banner (SSH-2.0-) on " + target.host() + ":" + target.sshPort();
    }

    /** One connection; returns null when the banner arrived, else why not. */
    private static String attempt(ReadinessTarget target, Duration budget, ReadinessDeadline deadline, String awaited) {
        Instant attemptEnd = Instant.now().plus(budget);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(target.host(), target.sshPort()), (int) Math.max(1, budget.toMillis()));
            // Short reads so that a guest dying while its port hangs silent is noticed quickly.
            socket.setSoTimeout((int) Math.min(ReadinessDeadline.LIVENESS_INTERVAL.toMillis(), Math.max(1, budget.toMillis())));
            InputStream in = new BufferedInputStream(socket.getInputStream());
            StringBuilder line = new StringBuilder();
            int lines = 0;
            while (true) {
                int b;
                try {
                    b = in.read();
                } catch (SocketTimeoutException slice) {
                    deadline.requireAlive(target, awaited);
                    if (!Instant.now().isBefore(attemptEnd)) {
                        return "connected, but no SSH banner within " + ReadinessDeadline.human(budget);
                    }
                    continue;
                }
                if (b < 0) {
                    return "connection closed without an SSH banner";
                }
                if (b == '\n') {
                    if (line.toString().startsWith("SSH-2.0-")) {
                        return null;
                    }
                    if (++lines >= MAX_LINES) {
                        return "no SSH banner in the first " + MAX_LINES + " lines";
                    }
                    line.setLength(0);
                } else if (line.length() >= MAX_LINE_LENGTH) {
                    return "a line longer than " + MAX_LINE_LENGTH + " bytes: not an SSH server";
                } else {
                    line.append((char) b);
                }
            }
        } catch (IOException e) {
            return ErrorText.of(e);
        }
    }
}
