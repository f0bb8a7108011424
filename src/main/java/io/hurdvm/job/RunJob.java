package io.hurdvm.job;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.config.SettingKey;
import io.hurdvm.guest.GuestSsh;
import io.hurdvm.guest.GuestSshException;
import io.hurdvm.guest.SshTarget;
import io.hurdvm.guest.copy.GuestCopier;
import io.hurdvm.lifecycle.InstanceService;
import io.hurdvm.lifecycle.UpRequest;
import io.hurdvm.lifecycle.UpResult;
import io.hurdvm.secret.InstanceSecrets;
import io.hurdvm.time.Deadline;
import io.hurdvm.vm.InstanceName;
import java.io.OutputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code hurdvm run}: one command in a fresh, throwaway VM. The clone (or cold instance) is removed
 * afterwards whatever happens: success, failure, timeout, Ctrl-C or SIGTERM (a shutdown hook stops
 * the job's own SSH session and waits for the cleanup, which stops only the supervisor and QEMU of
 * the instance this job made). {@code --keep} keeps it and says how to reach it.
 */
public final class RunJob {
    /** How long SIGTERM/Ctrl-C waits for the instance to be stopped and removed. */
    private static final Duration CLEANUP_WAIT = Duration.ofSeconds(60);
    private static final Duration STEP = Duration.ofSeconds(15);
    private static final Duration NO_LIMIT = Duration.ofDays(365);
    /** A cold Hurd boot under TCG on a busy runner can take many minutes; a clone takes seconds. */
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(30);
    private static final String ENV_FILE = "/tmp/.hurdvm-run-env";
    private final InstanceService service;
    private final Consumer<String> progress;
    private final OutputStream out;
    private final OutputStream err;
    private final CountDownLatch cleanedUp = new CountDownLatch(1);
    private volatile GuestSsh session;
    private volatile Thread worker;
    /** A clone's job session, connecting while the clone's readiness is checked (null for a cold instance). */
    private EarlySession early;

    public RunJob(InstanceService service, Consumer<String> progress, OutputStream out, OutputStream err) {
        this.service = service;
        this.progress = progress;
        this.out = out;
        this.err = err;
    }

    /** Runs the job; returns the command's exit code (128+n after signal n). */
    public int run(RunSpec spec) {
        InstanceName name = InstanceName.of("run-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
        Deadline deadline = Deadline.after(spec.timeout().isZero() ? NO_LIMIT : spec.timeout());
        worker = Thread.currentThread();
        Thread hook = new Thread(this::onSignal, "run-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        GuestSsh.warmUp(); // while the VM starts
        try {
            up(name, spec, deadline);
            Optional<GuestSsh> opened = early == null ? Optional.empty() : early.take();
            try (GuestSsh ssh = opened.orElseGet(() -> connect(name))) {
                session = ssh;
                spec.sync().ifPresent(s -> sync(ssh, s));
                int exit = command(ssh, spec, deadline);
                copyBack(ssh, spec, exit);
                return exit;
            }
        } catch (GuestSshException e) {
            if (deadline.passed() || String.valueOf(e.getMessage()).contains("did not finish within")) {
                throw new JobException(ErrorKind.TIMEOUT, "the job did not finish within " + spec.timeout().toSeconds()
                        + " s (--timeout): " + e.getMessage());
            }
            throw new JobException(ErrorKind.FAILURE, e.getMessage(), e);
        } finally {
            session = null;
            if (early != null) {
                early.close();
            }
            finish(name, spec.keep());
            cleanedUp.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs right now and waits for the countDown above
            }
        }
    }

    private void up(InstanceName name, RunSpec spec, Deadline deadline) {
        Map<SettingKey, String> settings = new EnumMap<>(SettingKey.class);
        settings.put(SettingKey.WAIT, "ssh");
        settings.put(SettingKey.RESTART, "never");
        long left = deadline.remaining().toSeconds();
        settings.put(SettingKey.TIMEOUT, Math.max(1, Math.min(left, UP_TIMEOUT.toSeconds())) + "s");
        spec.image().ifPresent(i -> settings.put(SettingKey.IMAGE, i));
        UpRequest request = new UpRequest(name.value(), settings, Optional.empty(), Optional.empty());
        if (spec.template().isPresent()) {
            request = request.withTemplate(spec.template().get());
        }
        UpResult result;
        try {
            InstanceService.PreparedUp prepared = service.prepare(request, progress);
            if (spec.template().isPresent()) {
                early = EarlySession.start(service.store(), name, UP_TIMEOUT);
            }
            progress.accept((spec.template().isPresent() ? "resuming a clone of template " + spec.template().get()
                    : "booting " + spec.image().get()) + " as " + name);
            result = service.startAndWait(prepared, line -> { }, p -> { });
        } catch (InterruptedException e) {
            throw new JobException(ErrorKind.FAILURE, "interrupted while " + name + " was starting");
        }
        switch (result.outcome()) {
            case READY, ALREADY_RUNNING -> progress.accept(name + " is ready");
            case TIMEOUT -> throw new JobException(ErrorKind.TIMEOUT, result.message());
            case FAILED -> throw new JobException(ErrorKind.VM_FAILED, result.message());
            case PROVISION_FAILED -> throw new JobException(ErrorKind.FAILURE, result.message());
        }
    }

    private GuestSsh connect(InstanceName name) {
        var paths = service.store().paths(name);
        int port = service.store().readState(name).orElseThrow().sshPort();
        return GuestSsh.connect(SshTarget.withKey(name.value(), port, new InstanceSecrets(paths).sshKey(), paths.knownHosts()), STEP, STEP);
    }

    /** GUESTDIR becomes a copy of DIR's content (a fresh clone has nothing there that matters). */
    private void sync(GuestSsh ssh, RunSpec.Sync s) {
        progress.accept("copying " + s.hostDir() + " to " + s.guestDir());
        new GuestCopier(ssh).replaceTree(s.hostDir(), s.guestDir());
    }

    private int command(GuestSsh ssh, RunSpec spec, Deadline deadline) {
        if (!spec.env().isEmpty()) {
            int wrote = ssh.exec(GuestCommands.writePrivateFile(ENV_FILE), new java.io.ByteArrayInputStream(
                    GuestCommands.exports(spec.env()).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    OutputStream.nullOutputStream(), OutputStream.nullOutputStream(), STEP);
            if (wrote != 0) {
                throw new JobException(ErrorKind.FAILURE, "cannot hand the --env variables to the guest (exit " + wrote + ")");
            }
        }
        String dir = spec.sync().map(RunSpec.Sync::guestDir).orElse("/root");
        String line = GuestCommands.commandLine(dir, spec.env().isEmpty() ? null : ENV_FILE, spec.command());
        progress.accept("running: " + String.join(" ", spec.command()));
        Duration left = deadline.remaining();
        if (left.isNegative() || left.isZero()) {
            throw new JobException(ErrorKind.TIMEOUT, "the job's --timeout " + spec.timeout().toSeconds() + " s ran out before the command started");
        }
        return ssh.exec(line, null, out, err, left);
    }

    /** Artifacts come back after every command that ended, failed or not: a failed test's logs matter most. */
    private void copyBack(GuestSsh ssh, RunSpec spec, int exit) {
        for (RunSpec.CopyBack c : spec.copyBack()) {
            progress.accept("copying " + c.guestPath() + " to " + c.hostDir());
            try {
                Files.createDirectories(c.hostDir());
                new GuestCopier(ssh).download(c.guestPath(), c.hostDir());
            } catch (java.io.IOException | RuntimeException e) {
                String why = "--copy-back " + c.guestPath() + ": " + e.getMessage();
                if (exit == 0) {
                    throw new JobException(ErrorKind.FAILURE, why, e);
                }
                progress.accept("warning: " + why);
            }
        }
    }

    private void finish(InstanceName name, boolean keep) {
        Thread.interrupted(); // a signal interrupted the job; the cleanup must still wait for what it stops
        if (!service.store().exists(name)) {
            return;
        }
        if (keep) {
            progress.accept("kept " + name + ": 'hurdvm ssh " + name + "' to look around; 'hurdvm down " + name
                    + "' and 'hurdvm rm " + name + "' to remove it");
            return;
        }
        new JobCleanup(service, progress).remove(name);
    }

    /** SIGTERM or Ctrl-C: end the command's session so the job's own cleanup runs, and wait for it. */
    private void onSignal() {
        if (cleanedUp.getCount() == 0) {
            return;
        }
        progress.accept("interrupted: removing the job's instance");
        Thread w = worker;
        if (w != null) {
            w.interrupt();
        }
        GuestSsh s = session;
        if (s != null) {
            s.close();
        }
        try {
            cleanedUp.await(CLEANUP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
