package io.hurdvm.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A QMP (QEMU Machine Protocol) connection over a Unix domain socket. Thread-safe: any number of threads
 * may {@link #execute} at once; a single reader thread routes each reply to its caller by {@code id}
 * and hands events to listeners and waiters. When the socket closes (QEMU exited or was killed) every
 * waiting caller fails at once with {@link QmpConnectionClosedException}.
 */
public final class QmpClient implements AutoCloseable, QmpExecutor {
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(QmpClient.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final QmpSocket socket;
    private final PendingReplies pending = new PendingReplies();
    private final EventDispatcher events;
    private final CompletableFuture<QmpGreeting> greeting = new CompletableFuture<>();
    private final AtomicBoolean shutDown = new AtomicBoolean();

    private QmpClient(QmpSocket socket) {
        this.socket = socket;
        String suffix = socket.path().toString(); // sockets are often all named qmp.sock; the path tells VMs apart
        this.events = new EventDispatcher("qmp-events-" + suffix);
        Thread.ofPlatform().name("qmp-reader-" + suffix).daemon()
                .start(new QmpReader(socket, greeting, pending, events, this::shutDown));
    }

    /**
     * Connects to QEMU's QMP socket, waiting up to {@code timeout} for it to appear (QEMU may still be
     * starting), reads the greeting and leaves capabilities negotiation so commands can be executed.
     *
     * @throws QmpTimeoutException if the socket is not reachable or QEMU does not greet in time
     */
    public static QmpClient connect(Path socket, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        QmpClient client = new QmpClient(QmpSocket.connect(socket, timeout, MAPPER));
        try {
            QmpGreeting hello = awaitGreeting(client.greeting, socket, timeout, deadline);
            client.execute("qmp_capabilities", null, remaining(deadline));
            log.info("Connected to QEMU {} over QMP at {}", hello.version(), socket);
            return client;
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    public QmpGreeting greeting() {
        return greeting.join();
    }

    public QemuVersion qemuVersion() {
        return greeting().version();
    }

    public JsonNode execute(String command) {
        return execute(command, null, DEFAULT_COMMAND_TIMEOUT);
    }

    public JsonNode execute(String command, ObjectNode arguments) {
        return execute(command, arguments, DEFAULT_COMMAND_TIMEOUT);
    }

    /**
     * Runs one QMP command and returns its {@code return} value. Arguments are never logged nor put in
     * exception messages: they may carry secrets (e.g. {@code object-add} of a {@code secret}).
     *
     * @param arguments the command's arguments, or {@code null} for none
     * @throws QmpCommandException if QEMU answered with an error
     * @throws QmpTimeoutException if no reply came within {@code timeout}
     * @throws QmpConnectionClosedException if the connection is or becomes closed
     */
    public JsonNode execute(String command, ObjectNode arguments, Duration timeout) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(timeout, "timeout");
        PendingReplies.Pending call = pending.register(command);
        ObjectNode request = MAPPER.createObjectNode().put("execute", command);
        if (arguments != null) {
            request.set("arguments", arguments);
        }
        request.put("id", call.id());
        log.debug("QMP -> {} (id {}, arguments not logged)", command, call.id());
        try {
            if (!call.reply().isDone()) { // done already means the connection is closed: nothing to send
                send(request);
            }
            QmpMessage reply = call.reply().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return switch (reply) {
                case QmpMessage.Success success -> success.result();
                case QmpMessage.Failure failure ->
                        throw new QmpCommandException(command, failure.errorClass(), failure.description());
                default -> throw new IllegalStateException("Not a reply: " + reply.getClass().getSimpleName());
            };
        } catch (TimeoutException e) {
            throw new QmpTimeoutException("QMP command '" + command + "' got no reply within " + timeout + " from "
                    + socket.path() + "; QEMU may be hung or overloaded");
        } catch (ExecutionException e) {
            throw new QmpConnectionClosedException("QMP command '" + command + "' was not answered: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QmpException("Interrupted while waiting for QMP command '" + command + "'", e);
        } finally {
            pending.forget(call);
        }
    }

    /** Calls {@code listener} for every event, in order, on a dedicated thread; exceptions are logged. */
    public void addEventListener(Consumer<QmpEvent> listener) {
        events.addListener(Objects.requireNonNull(listener, "listener"));
    }

    public void removeEventListener(Consumer<QmpEvent> listener) {
        events.removeListener(listener);
    }

    /**
     * Starts watching for an event before the caller does whatever triggers it, so it cannot be missed.
     * The predicate runs on the reader thread and must be quick.
     */
    public EventWaiter expectEvent(Predicate<QmpEvent> predicate) {
        return events.newWaiter(predicate);
    }

    /** Waits for the next matching event from now on; use {@link #expectEvent} if you trigger it yourself. */
    public QmpEvent awaitEvent(Predicate<QmpEvent> predicate, Duration timeout) {
        return expectEvent(predicate).await(timeout);
    }

    public boolean isOpen() {
        return !shutDown.get();
    }

    /** Commands currently awaiting a reply; lets tests observe a command in flight. */
    int pendingCommandCount() {
        return pending.size();
    }

    @Override
    public void close() {
        shutDown(new QmpConnectionClosedException("The QMP client for " + socket.path() + " was closed"));
    }

    /** A failed write means the socket is broken; shutting down fails the caller with the reason. */
    private void send(ObjectNode request) {
        try {
            socket.send(request);
        } catch (IOException e) {
            shutDown(new QmpConnectionClosedException("Writing to QMP socket " + socket.path() + " failed: " + e, e));
        }
    }

    /** Idempotent; whoever notices first (reader at EOF, or {@link #close}) names the cause. */
    private void shutDown(QmpConnectionClosedException cause) {
        if (!shutDown.compareAndSet(false, true)) {
            return;
        }
        log.debug("QMP connection at {} shutting down: {}", socket.path(), cause.getMessage());
        greeting.completeExceptionally(cause);
        pending.failAll(cause);
        events.close(cause);
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("Closing QMP socket {} failed", socket.path(), e);
        }
    }

    private static QmpGreeting awaitGreeting(Future<QmpGreeting> greeting, Path socket, Duration timeout,
                                             Instant deadline) {
        try {
            return greeting.get(remaining(deadline).toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new QmpTimeoutException("QEMU sent no QMP greeting on " + socket + " within " + timeout
                    + "; QEMU serves one QMP client per socket, is another client connected?");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof QmpException qmp ? qmp
                    : new QmpException("Reading the QMP greeting failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QmpException("Interrupted while waiting for the QMP greeting on " + socket, e);
        }
    }

    private static Duration remaining(Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
