package io.hurdvm.job;

import io.hurdvm.guest.GuestSsh;
import io.hurdvm.guest.KnownHostsFile;
import io.hurdvm.guest.SshTarget;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.instance.InstanceState;
import io.hurdvm.instance.InstanceStore;
import io.hurdvm.secret.SshKeyPair;
import io.hurdvm.time.Backoff;
import io.hurdvm.time.Deadline;
import io.hurdvm.vm.InstanceName;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The job's own SSH session to a clone, opened while the clone's supervisor still checks its
 * readiness: as soon as the supervisor pins the clone's new host keys (its identity script has put
 * them and the clone's key in place), this connects with the clone's key against them, so the job
 * does not pay a third handshake with a TCG guest after "ready". The job still waits for "ready"
 * before it uses the session; when the early connection failed (e.g. an SSH server that had to be
 * restarted for its new host keys), it connects again as before.
 */
final class EarlySession implements AutoCloseable {
    private static final Duration LOOK = Duration.ofMillis(10);
    private static final Duration STEP = Duration.ofSeconds(15);
    /** Once the clone is ready, an early connection under way gets this long before the job connects anew. */
    private static final Duration TAKE_WAIT = Duration.ofSeconds(5);
    private final CompletableFuture<GuestSsh> session = new CompletableFuture<>();
    private final Duration takeWait;
    private volatile boolean closed;
    private final AtomicBoolean taken = new AtomicBoolean();

    private EarlySession(Duration takeWait) {
        this.takeWait = takeWait;
    }

    /** Starts watching a clone made from a template (its known_hosts holds the template's host keys). */
    static EarlySession start(InstanceStore store, InstanceName name, Duration limit) {
        return start(store, name, limit, TAKE_WAIT);
    }

    static EarlySession start(InstanceStore store, InstanceName name, Duration limit, Duration takeWait) {
        EarlySession early = new EarlySession(takeWait);
        InstancePaths paths = store.paths(name);
        KnownHostsFile known = new KnownHostsFile(paths.knownHosts());
        String alias = KnownHostsFile.aliasFor(name.value());
        List<String> templateKeys = known.keysFor(alias);
        Thread.ofPlatform().daemon().name("job-early-ssh").start(() -> {
            try {
                early.session.complete(early.open(store, name, paths, known, alias, templateKeys, Deadline.after(limit)));
            } catch (Throwable e) {
                early.session.completeExceptionally(e);
            }
        });
        return early;
    }

    private GuestSsh open(InstanceStore store, InstanceName name, InstancePaths paths, KnownHostsFile known, String alias,
            List<String> templateKeys, Deadline deadline) throws InterruptedException {
        Backoff look = new Backoff(LOOK, LOOK);
        while (!closed && !deadline.passed()) {
            List<String> now = known.keysFor(alias);
            Optional<Integer> port = store.readState(name).map(InstanceState::sshPort).filter(p -> p > 0);
            // The clone's key is made by its supervisor: never by this process (loadOrCreate would).
            if (!now.isEmpty() && !now.equals(templateKeys) && port.isPresent()
                    && Files.isRegularFile(paths.secretsDir().resolve(SshKeyPair.PRIVATE_KEY_NAME))) {
                SshKeyPair key = SshKeyPair.loadOrCreate(paths.secretsDir(), "hurdvm@" + name.value());
                GuestSsh ssh = GuestSsh.connect(SshTarget.withKey(name.value(), port.get(), key, paths.knownHosts()), STEP, STEP);
                if (closed) {
                    ssh.close();
                    break;
                }
                return ssh;
            }
            look.pause(deadline);
        }
        throw new IllegalStateException("no early session");
    }

    /** The session, once the clone is ready: empty when the early connection did not work out (connect again). */
    Optional<GuestSsh> take() {
        try {
            GuestSsh ssh = session.get(takeWait.toMillis(), TimeUnit.MILLISECONDS);
            taken.set(true);
            return Optional.of(ssh);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // connect anew
        }
        close();
        return Optional.empty();
    }

    /** Stops watching; closes a session nobody took. */
    @Override
    public void close() {
        closed = true;
        session.thenAccept(ssh -> {
            if (!taken.get()) {
                ssh.close();
            }
        });
    }
}
