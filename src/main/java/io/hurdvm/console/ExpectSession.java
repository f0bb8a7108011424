package io.hurdvm.console;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An expect(1)-like dialogue with a console: a reader thread collects output; {@code expect} waits
 * (on a condition, with a deadline) until a pattern matches the not-yet-consumed output, then consumes
 * through the match. Everything is recorded in a {@link Transcript} with secrets masked.
 */
public final class ExpectSession implements AutoCloseable {
    public static final int TAIL_LINES = 10;
    /** Unconsumed output beyond this is dropped oldest-first; patterns look at recent output. */
    private static final int MAX_PENDING = 256 * 1024;

    /** The pattern that matched first (by position in the output) and its match. */
    public record Match(int index, MatchResult result) {
    }

    private final OutputStream out;
    private final AutoCloseable resource;
    private final Transcript transcript = new Transcript();
    private final StringBuilder pending = new StringBuilder();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Object writeLock = new Object();
    private final Thread reader;
    private boolean closed;
    private IOException readFailure;
    private long lastOutputNanos = System.nanoTime();

    public ExpectSession(InputStream in, OutputStream out) {
        this(in, out, in);
    }

    private ExpectSession(InputStream in, OutputStream out, AutoCloseable resource) {
        this.out = out;
        this.resource = resource;
        Reader text = new InputStreamReader(in, StandardCharsets.UTF_8);
        this.reader = Thread.ofPlatform().daemon().name("console-reader").start(() -> pump(text));
    }

    /**
     * Attaches to a console Unix socket, retrying until {@code timeout} while the socket is not there
     * yet or refuses (the supervisor may still be starting).
     */
    public static ExpectSession connect(Path consoleSocket, Duration timeout) {
        SocketChannel channel = connectSocket(consoleSocket, timeout);
        // Since JDK 19 these streams allow a read blocked in one thread while another writes.
        return new ExpectSession(Channels.newInputStream(channel), Channels.newOutputStream(channel), channel);
    }

    private static SocketChannel connectSocket(Path socket, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long backoffMillis = 20;
        while (true) {
            try {
                return SocketChannel.open(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                if (System.nanoTime() >= deadline) {
                    throw new UncheckedIOException("cannot attach to console socket " + socket + " within "
                            + ExpectTimeoutException.human(timeout) + " (" + e.getMessage() + "): is the instance running?", e);
                }
            }
            // A socket file gives no notification when it starts accepting; retry with a capped backoff.
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            try {
                Thread.sleep(Math.max(1, Math.min(backoffMillis, left)));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while attaching to " + socket, ie);
            }
            backoffMillis = Math.min(backoffMillis * 2, 500);
        }
    }

    public Transcript transcript() {
        return transcript;
    }

    /** Masks {@code secret} in the transcript from now on (and in what it already holds). */
    public void addSecret(String secret) {
        transcript.addSecret(secret);
    }

    public MatchResult expect(Pattern pattern, Duration timeout) {
        return awaitAny(timeout, pattern).result();
    }

    /** @return the index of the pattern that matched earliest in the output */
    public int expectAny(Duration timeout, Pattern... patterns) {
        return awaitAny(timeout, patterns).index();
    }

    public Match awaitAny(Duration timeout, Pattern... patterns) {
        return tryExpect(timeout, patterns).orElseThrow(() -> new ExpectTimeoutException(
                describe(patterns), timeout, transcript.lastLines(TAIL_LINES)));
    }

    /** Like {@link #awaitAny} but returns empty on timeout, for callers that retry (e.g. re-send Enter). */
    public Optional<Match> tryExpect(Duration timeout, Pattern... patterns) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                Optional<Match> match = findEarliest(patterns);
                if (match.isPresent()) {
                    pending.delete(0, match.get().result().end());
                    return match;
                }
                if (closed) {
                    String why = readFailure != null ? "console read failed (" + readFailure.getMessage() + ")" : "console closed";
                    throw new UncheckedIOException(new EOFException(why + " while waiting for " + describe(patterns)
                            + ExpectTimeoutException.tail(transcript.lastLines(TAIL_LINES))));
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + describe(patterns), e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the console has printed nothing for {@code quiet}. Programs print a prompt and only
     * then switch the terminal's echo off; typing a password into that gap would echo it onto the
     * console (and into its log). The gap ends in microseconds, but nothing on the wire marks its end.
     *
     * @return false if output kept coming until {@code timeout}
     */
    public boolean awaitQuiet(Duration quiet, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                long quietFor = System.nanoTime() - lastOutputNanos;
                if (quietFor >= quiet.toNanos()) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    return false;
                }
                changed.awaitNanos(Math.min(left, quiet.toNanos() - quietFor));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the console to settle", e);
        } finally {
            lock.unlock();
        }
    }

    public void send(String text) {
        transcript.sent(text);
        write(text);
    }

    /** Sends {@code line} and Enter. A serial terminal's Enter is CR; the tty turns it into NL. */
    public void sendLine(String line) {
        send(line + "\r");
    }

    /** Sends a secret followed by Enter; the transcript shows {@link Transcript#MASK}, also in echoes. */
    public void sendSecret(String secret) {
        transcript.addSecret(secret);
        transcript.sentSecret();
        write(secret + "\r");
    }

    private void write(String text) {
        synchronized (writeLock) {
            try {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write to the console: " + e.getMessage(), e);
            }
        }
    }

    private Optional<Match> findEarliest(Pattern[] patterns) {
        Match best = null;
        for (int i = 0; i < patterns.length; i++) {
            Matcher m = patterns[i].matcher(pending);
            if (m.find() && (best == null || m.start() < best.result().start())) {
                best = new Match(i, m.toMatchResult());
            }
        }
        return Optional.ofNullable(best);
    }

    private void pump(Reader text) {
        char[] buf = new char[4096];
        try {
            for (int n; (n = text.read(buf)) >= 0; ) {
                String chunk = new String(buf, 0, n);
                transcript.received(chunk);
                lock.lock();
                try {
                    pending.append(chunk);
                    lastOutputNanos = System.nanoTime();
                    if (pending.length() > MAX_PENDING) {
                        pending.delete(0, pending.length() - MAX_PENDING);
                    }
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        } catch (IOException e) {
            readFailure = e;
        } finally {
            lock.lock();
            try {
                closed = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private static String describe(Pattern[] patterns) {
        return Arrays.stream(patterns).map(p -> "/" + p.pattern() + "/").collect(Collectors.joining(" or "));
    }

    @Override
    public void close() {
        try {
            resource.close();
            out.close();
        } catch (Exception e) {
            // closing a console that is already gone is not an error worth reporting
        }
        try {
            reader.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
