package io.hurdvm.guest;

import io.hurdvm.console.ExpectSession;
import io.hurdvm.console.ExpectTimeoutException;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.secret.Secret;
import io.hurdvm.secret.Sha512Crypt;
import io.hurdvm.secret.SshKeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * First-boot provisioning over the serial console. Stock Debian GNU/Hurd lets root in without a
 * password, which sshd refuses; so we log in on the console, set root's password (as a hash: the
 * plaintext never crosses the console), install the instance's public key, make sure sshd accepts it,
 * and leave a marker in the guest. The host record is written only once every step succeeded.
 */
public final class ConsoleProvisioner {
    private final ExpectSession console;
    private final Secret rootPassword;
    private final String authorizedKeyLine;
    private final Path recordFile;
    private final ProvisioningTimeouts timeouts;
    private final Clock clock;
    private final ConsoleShell shell;
    private final ConsoleLogin login;

    public ConsoleProvisioner(ExpectSession console, Secret rootPassword, String authorizedKeyLine, Path recordFile,
                              ProvisioningTimeouts timeouts, Clock clock) {
        this.console = Objects.requireNonNull(console, "console");
        this.rootPassword = Objects.requireNonNull(rootPassword, "rootPassword");
        this.authorizedKeyLine = Objects.requireNonNull(authorizedKeyLine, "authorizedKeyLine");
        this.recordFile = Objects.requireNonNull(recordFile, "recordFile");
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.shell = new ConsoleShell(console);
        this.login = new ConsoleLogin(console, timeouts.resendEvery());
        console.addSecret(rootPassword.reveal());
    }

    /** Provisioning with the default deadlines; the record goes to {@code <instance>/provisioned.json}. */
    public static ConsoleProvisioner forInstance(ExpectSession console, InstancePaths paths, Secret rootPassword, SshKeyPair key) {
        return new ConsoleProvisioner(console, rootPassword, key.publicKeyLine(), ProvisioningRecord.fileIn(paths.dir()),
                ProvisioningTimeouts.defaults(), Clock.systemUTC());
    }

    /** What the DETECT step learns about the guest. */
    private record GuestFacts(boolean provisioned, GuestKind kind, SshServerKind sshServer) {
    }

    /** Runs all steps; a guest that carries the marker already is left alone. */
    public ProvisioningRecord provision() {
        return provision(false);
    }

    /**
     * Runs every step even on a guest that carries the marker: for a guest whose SSH refuses the
     * instance key although it was provisioned (its key was removed, its disk reverted). Every step
     * is idempotent, so a repair of a healthy guest changes nothing.
     */
    public ProvisioningRecord repair() {
        return provision(true);
    }

    private ProvisioningRecord provision(boolean evenIfMarked) {
        List<ProvisioningStep> done = new ArrayList<>();
        step(done, ProvisioningStep.WAKE, () -> login.awaitLoginPrompt(timeouts.loginPrompt()));
        step(done, ProvisioningStep.LOGIN, this::logIn);
        GuestFacts facts = step(done, ProvisioningStep.DETECT, this::detect);
        if (facts.provisioned() && !evenIfMarked) {
            step(done, ProvisioningStep.LOGOUT, () -> login.logOut(timeouts.step()));
            ProvisioningRecord record = new ProvisioningRecord(clock.instant(), done, facts.kind(), facts.sshServer(), true);
            if (!Files.exists(recordFile)) {
                record.writeTo(recordFile);
            }
            return record;
        }
        step(done, ProvisioningStep.ROOT_PASSWORD, this::setRootPassword);
        step(done, ProvisioningStep.AUTHORIZED_KEY,
                () -> checked("append to authorized_keys", ProvisioningCommands.installAuthorizedKey(authorizedKeyLine)));
        step(done, ProvisioningStep.SSH_SERVER, () -> configureSshServer(facts.sshServer()));
        step(done, ProvisioningStep.MARK, () -> checked("write the marker", ProvisioningCommands.markProvisioned()));
        step(done, ProvisioningStep.LOGOUT, () -> login.logOut(timeouts.step()));
        ProvisioningRecord record = new ProvisioningRecord(clock.instant(), done, facts.kind(), facts.sshServer(), false);
        record.writeTo(recordFile);
        return record;
    }

    private void logIn() {
        login.logInAsRoot(rootPassword, timeouts.step());
        if (!shell.answers(timeouts.step(), timeouts.resendEvery())) {
            fail(ProvisioningStep.LOGIN, "logged in, but no shell answered within " + ExpectTimeoutException.human(timeouts.step()));
        }
    }

    private GuestFacts detect() {
        boolean provisioned = checked("test -f marker", ProvisioningCommands.isProvisioned(), 0, 1).exitStatus() == 0;
        GuestKind kind = GuestKind.fromUname(checked("uname", ProvisioningCommands.kernelName()).output());
        String server = checked("command -v sshd/dropbear", ProvisioningCommands.sshServer()).output();
        return new GuestFacts(provisioned, kind, SshServerKind.fromDetection(server));
    }

    private void setRootPassword() {
        String hash = Sha512Crypt.hash(rootPassword);
        // Not the password, but a crackable stand-in for it: keep it out of transcripts and errors too.
        console.addSecret(hash);
        // Echo off, so the hash is not printed back onto the console (and into its log).
        checked("stty -echo", "stty -echo");
        try {
            checked("chpasswd -e", ProvisioningCommands.setRootPassword(hash));
        } finally {
            shell.exec("stty echo", timeouts.step());
        }
    }

    private void configureSshServer(SshServerKind server) {
        switch (server) {
            case DROPBEAR -> { /* dropbear lets root in with a key unless told otherwise */ }
            case NONE -> fail(ProvisioningStep.SSH_SERVER, "the guest has no SSH server (neither sshd nor dropbear):"
                    + " install openssh-server in the guest");
            case OPENSSH -> {
                if (shell.exec(ProvisioningCommands.openSshAcceptsRootKeys(), timeouts.step()).exitStatus() != 0) {
                    checked("configure sshd", ProvisioningCommands.configureOpenSsh());
                    checked("restart sshd", ProvisioningCommands.restartOpenSsh());
                }
            }
        }
    }

    /**
     * Runs a command and fails the current step unless it exits with one of {@code ok} (default 0).
     * The message names the command by {@code what}: a full command line may hold the hash.
     */
    private CommandResult checked(String what, String command, int... ok) {
        CommandResult r = shell.exec(command, timeouts.step());
        int[] accepted = ok.length == 0 ? new int[] {0} : ok;
        for (int status : accepted) {
            if (r.exitStatus() == status) {
                return r;
            }
        }
        throw new IllegalStateException("guest command '" + what + "' exited with status " + r.exitStatus()
                + ExpectTimeoutException.tail(console.transcript().lastLines(ExpectSession.TAIL_LINES)));
    }

    private void step(List<ProvisioningStep> done, ProvisioningStep step, Runnable action) {
        step(done, step, () -> {
            action.run();
            return null;
        });
    }

    /** Runs one step; any failure becomes a {@link ProvisioningException} naming the step. */
    private <T> T step(List<ProvisioningStep> done, ProvisioningStep step, Supplier<T> action) {
        try {
            T result = action.get();
            done.add(step);
            return result;
        } catch (ProvisioningException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ProvisioningException(step, "provisioning failed at step '" + step.description() + "': "
                    + e.getMessage(), console.transcript(), e);
        }
    }

    private void fail(ProvisioningStep step, String message) {
        throw new ProvisioningException(step, message, console.transcript());
    }

}
