package io.hurdvm.supervisor;

import io.hurdvm.guest.CloneIdentityCommands;
import io.hurdvm.guest.GuestHostKeys;
import io.hurdvm.guest.GuestSsh;
import io.hurdvm.guest.HostKeyChangedException;
import io.hurdvm.guest.KnownHostsFile;
import io.hurdvm.guest.SshTarget;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.readiness.ReadinessTarget;
import io.hurdvm.readiness.ReadinessTimeoutException;
import io.hurdvm.secret.InstanceSecrets;
import io.hurdvm.secret.Sha512Crypt;
import io.hurdvm.secret.SshKeyPair;
import io.hurdvm.template.CloneOrigin;
import io.hurdvm.time.Backoff;
import io.hurdvm.time.Deadline;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A clone's first minute: it resumed the template's saved state, so it runs with the template's
 * clock, random state, host keys, password and authorized key. Over SSH with the template's key (the
 * host key checked against the template's), one script: host random bytes are mixed into the guest's
 * pool and the clock is set to the host's; new host keys, made on the host while QEMU restored
 * ({@link GuestHostKeys}), go in and their public halves are pinned; a new root password hash and the
 * clone's own key as the only authorized key. Ready means the guest's SSH server, in a new
 * connection, proved it holds a new host key and accepted the clone's own key (see
 * {@link #checkOwnAccess}; it starts as soon as the script has put the keys in place, while the
 * script still sets the password) and the script ended well.
 */
final class CloneIdentity implements BootWatcher.GuestAccessStep {
    private static final Logger LOG = LoggerFactory.getLogger(CloneIdentity.class);
    private static final Duration CONNECT = Duration.ofSeconds(5);
    private static final Duration COMMAND = Duration.ofSeconds(60);
    /** The resumed guest answers within moments: look again soon, then less often. */
    private static final Duration RETRY = Duration.ofMillis(25);
    private static final Duration MAX_RETRY = Duration.ofMillis(100);
    /**
     * Written to the guest's /dev/urandom, which mixes them into its pool: 512 bits, twice the
     * pool's key. More only lengthens the line the guest's shell reads byte by byte.
     */
    private static final int ENTROPY_BYTES = 64;
    private final InstancePaths paths;
    private final StateRecorder recorder;
    private final CloneOrigin origin;
    /** The host keys the clone woke with (the template's), pinned for the first contact. */
    private List<String> templateHostKeys = List.of();

    CloneIdentity(InstancePaths paths, StateRecorder recorder, CloneOrigin origin) {
        this.paths = paths;
        this.recorder = recorder;
        this.origin = origin;
    }

    /** What the first contact needs, made while QEMU restores: a cold JVM spends a second or more on the crypto classes. */
    private record Keys(SshKeyPair template, SshKeyPair own, String passwordHash, GuestHostKeys hostKeys) {
    }

    private CompletableFuture<Keys> keys;

    /**
     * Starts, on two threads (a cold JVM spends most of it loading and interpreting crypto code):
     * loading the keys, BouncyCastle and the SSH client, then one round of the first handshake's
     * crypto (curve25519, the host key check, the ed25519 user signature), so the real handshake
     * runs warm code; and the password hash and the new host keys.
     */
    void warmUp() {
        CompletableFuture<HashAndHostKeys> made = CompletableFuture.supplyAsync(() -> {
            long t0 = System.nanoTime();
            String hash = Sha512Crypt.hash(new InstanceSecrets(paths).rootPassword(), origin.passwordHashRounds());
            long tHash = System.nanoTime();
            GuestHostKeys hostKeys = GuestHostKeys.generate();
            LOG.info("warm-up (ms: password hash {}, host keys {})", ms(tHash - t0), ms(System.nanoTime() - tHash));
            return new HashAndHostKeys(hash, hostKeys);
        }, runnable -> Thread.ofPlatform().daemon().name("clone-hash").start(runnable));
        keys = CompletableFuture.supplyAsync(() -> {
            long t0 = System.nanoTime();
            SshKeyPair template = templateKey();
            SshKeyPair own = new InstanceSecrets(paths).sshKey();
            long tLoaded = System.nanoTime();
            org.apache.sshd.client.SshClient.setUpDefaultClient();
            long tClient = System.nanoTime();
            HashAndHostKeys other = made.join();
            long tOther = System.nanoTime();
            HandshakeWarmUp.run(own, other.hostKeys());
            LOG.info("warm-up (ms: load keys {}, ssh client {}, waited for hash {}, handshake crypto {})", ms(tLoaded - t0),
                    ms(tClient - tLoaded), ms(tOther - tClient), ms(System.nanoTime() - tOther));
            return new Keys(template, own, other.hash(), other.hostKeys());
        }, runnable -> Thread.ofPlatform().daemon().name("clone-keys").start(runnable));
    }

    private record HashAndHostKeys(String hash, GuestHostKeys hostKeys) {
    }

    private Keys keys() throws InterruptedException {
        if (keys == null) {
            warmUp();
        }
        try {
            return keys.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                    ? c.getCause() : e.getCause();
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        }
    }

    @Override
    public boolean establish(ReadinessTarget target, Duration timeout) throws InterruptedException {
        Deadline deadline = Deadline.after(timeout);
        long t0 = System.nanoTime();
        Keys k = keys();
        long tKeys = System.nanoTime();
        long tConnected;
        long tScript;
        SshKeyPair own = k.own();
        String alias = KnownHostsFile.aliasFor(paths.name());
        templateHostKeys = new KnownHostsFile(paths.knownHosts()).keysFor(alias);
        OwnKeyCheck ownCheck = new OwnKeyCheck(target, own, k.hostKeys(), deadline);
        try (GuestSsh ssh = connect(target, k.template(), deadline)) {
            tConnected = System.nanoTime();
            byte[] entropy = new byte[ENTROPY_BYTES];
            new SecureRandom().nextBytes(entropy);
            String input = CloneIdentityCommands.input(k.passwordHash(), entropy, k.hostKeys());
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int made = ssh.exec(CloneIdentityCommands.newIdentity(Instant.now(), own.publicKeyLine()),
                    new ByteArrayInputStream(input.getBytes(StandardCharsets.US_ASCII)),
                    new LineWatch(CloneIdentityCommands.KEYS_IN_PLACE, ownCheck::start), err, COMMAND);
            if (made != 0) {
                throw new IllegalStateException("making the clone's identity failed (exit " + made + "): "
                        + err.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("no message"));
            }
            tScript = System.nanoTime();
        }
        try {
            ownCheck.start(); // a no-op when the script's line started it already
            ownCheck.await();
        } catch (HostKeyChangedException stillOld) {
            restartSshServer(target, own, deadline);
            checkOwnAccess(target, own, deadline);
        }
        long tOwn = System.nanoTime();
        origin.restored().writeTo(paths.dir());
        LOG.info("clone of template {} has its own clock, entropy, host keys, password and key (ms: keys {}, connect {},"
                + " identity script {} (keys in place after {}), own-key check {} (connected after {}), {} of it after the script)",
                origin.template(), ms(tKeys - t0), ms(tConnected - tKeys), ms(tScript - tConnected),
                ms(ownCheck.startedAt() - tConnected), ms(tOwn - ownCheck.startedAt()), ms(ownCheck.connectedAt() - ownCheck.startedAt()),
                ms(tOwn - tScript));
        return true;
    }

    /**
     * The readiness check, started as soon as the identity script says the new host keys and the
     * clone's authorized key are in place, on its own thread: it connects while the script still
     * sets the password, and the clone is ready when both ended well.
     */
    private final class OwnKeyCheck {
        private final ReadinessTarget target;
        private final SshKeyPair own;
        private final GuestHostKeys hostKeys;
        private final Deadline deadline;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private final AtomicBoolean started = new AtomicBoolean();
        private volatile long startedAt;
        private volatile long connectedAt;

        OwnKeyCheck(ReadinessTarget target, SshKeyPair own, GuestHostKeys hostKeys, Deadline deadline) {
            this.target = target;
            this.own = own;
            this.hostKeys = hostKeys;
            this.deadline = deadline;
        }

        /** Called from the SSH client's I/O thread: the work goes to a thread of its own. */
        void start() {
            if (!started.compareAndSet(false, true)) {
                return;
            }
            startedAt = System.nanoTime();
            Thread.ofPlatform().daemon().name("clone-own-key").start(() -> {
                try {
                    new KnownHostsFile(paths.knownHosts()).replace(KnownHostsFile.aliasFor(paths.name()), hostKeys.publicKeys());
                    recorder.update(b -> b.message("waiting for SSH with the clone's own key"));
                    checkOwnAccess(target, own, deadline, t -> connectedAt = t);
                    done.complete(null);
                } catch (Throwable e) {
                    done.completeExceptionally(e);
                }
            });
        }

        long startedAt() {
            return startedAt;
        }

        long connectedAt() {
            return connectedAt;
        }

        void await() throws InterruptedException {
            try {
                done.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof InterruptedException i) {
                    throw i;
                }
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
    }

    /** Output that runs {@code action} once when a line equal to {@code line} goes by; the rest is dropped. */
    private static final class LineWatch extends OutputStream {
        private final byte[] wanted;
        private final Runnable action;
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();
        private boolean seen;

        LineWatch(String line, Runnable action) {
            this.wanted = line.getBytes(StandardCharsets.US_ASCII);
            this.action = action;
        }

        @Override
        public void write(int b) {
            if (seen) {
                return;
            }
            if (b != '\n') {
                if (current.size() <= wanted.length) { // a longer line is not it: no need to keep it
                    current.write(b);
                }
                return;
            }
            if (Arrays.equals(current.toByteArray(), wanted)) {
                seen = true;
                action.run();
            }
            current.reset();
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    /**
     * Ready: a new connection whose key exchange the guest signed with a new host key (the pinned
     * one; a server that kept the template's fails here) and whose user authentication accepted the
     * clone's own key. No command runs in it: the identity script, run by the same SSH server as
     * the same user, already showed that commands run, and a session's shell cost the guest's one
     * emulated CPU a third of this connection (QEMU's CPU per OpenSSH connection to a running clone,
     * n=6 each: 0.27 s with {@code true}, 0.18 s without).
     */
    private void checkOwnAccess(ReadinessTarget target, SshKeyPair own, Deadline deadline) throws InterruptedException {
        checkOwnAccess(target, own, deadline, t -> { });
    }

    private void checkOwnAccess(ReadinessTarget target, SshKeyPair own, Deadline deadline, java.util.function.LongConsumer connected)
            throws InterruptedException {
        try (GuestSsh ssh = connect(target, own, deadline)) {
            connected.accept(System.nanoTime());
        }
    }

    /**
     * The SSH server still presents the template's host key (a dropbear that does not re-execute per
     * connection keeps the keys it started with): restart it over a connection that checks that old
     * key, then pin the new ones again.
     */
    private void restartSshServer(ReadinessTarget target, SshKeyPair own, Deadline deadline) throws InterruptedException {
        KnownHostsFile known = new KnownHostsFile(paths.knownHosts());
        String alias = KnownHostsFile.aliasFor(paths.name());
        List<String> fresh = known.keysFor(alias);
        known.replace(alias, templateHostKeys);
        recorder.update(b -> b.message("restarting the guest's SSH server for its new host keys"));
        try (GuestSsh ssh = connect(target, own, deadline)) {
            ssh.run(CloneIdentityCommands.restartSshServer(), COMMAND);
        } finally {
            known.replace(alias, fresh);
        }
    }

    private SshKeyPair templateKey() {
        if (!java.nio.file.Files.isRegularFile(origin.templatePaths().secretsDir().resolve(SshKeyPair.PRIVATE_KEY_NAME))) {
            throw new IllegalStateException("template " + origin.template() + " has no key in " + origin.templatePaths().secretsDir());
        }
        return SshKeyPair.loadOrCreate(origin.templatePaths().secretsDir(), "hurdvm@template-" + origin.template());
    }

    /**
     * The guest runs already; only its SSH server may be restarting (after new host keys) or the port
     * forward may answer before it. Retries until the deadline.
     */
    private GuestSsh connect(ReadinessTarget target, SshKeyPair key, Deadline deadline) throws InterruptedException {
        RuntimeException last = null;
        Backoff backoff = new Backoff(RETRY, MAX_RETRY);
        while (!deadline.passed()) {
            if (!target.processAlive()) {
                throw new IllegalStateException("QEMU exited");
            }
            try {
                return GuestSsh.connect(SshTarget.withKey(paths.name(), target.sshPort(), key, paths.knownHosts()), CONNECT, CONNECT);
            } catch (io.hurdvm.guest.HostKeyChangedException e) {
                throw e;
            } catch (RuntimeException e) {
                last = e;
                backoff.pause(deadline);
            }
        }
        throw new ReadinessTimeoutException("SSH to the resumed clone", deadline.timeout(), last == null ? "timed out" : last.getMessage());
    }
}
