package io.hurdvm.cli.backup;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.cli.HostOption;
import io.hurdvm.cli.Instances;
import io.hurdvm.api.BackupReplies;
import io.hurdvm.cli.CliException;
import io.hurdvm.cli.ExitCodes;
import io.hurdvm.config.SettingKey;
import io.hurdvm.lifecycle.UpResult;
import io.hurdvm.vm.InstanceName;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "restore", description = {"Rebuild a standalone disk from a backup chain into a new instance (then 'hurdvm up NEW').",
        "--boot-check boots it and waits for its readiness check: the disaster-recovery drill in one command."},
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm backup restore vm latest --as vm-restored",
                "  hurdvm backup restore vm latest --as vm --replace --boot-check"})
final class BackupRestoreCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The instance the backup was taken of.") String name;
    @Parameters(index = "1", paramLabel = "BACKUP_ID", description = "A backup id from 'hurdvm backup list', or 'latest'.") String id;
    @Option(names = "--as", required = true, paramLabel = "NEW", description = "Name of the instance to create.") String as;
    @Option(names = "--replace", description = "Overwrite instance NEW if it exists (it must be stopped).") boolean replace;
    @Option(names = "--boot-check", description = "Boot the restored instance and wait for its readiness check.") boolean bootCheck;
    @Option(names = "--wait", description = "Readiness for --boot-check: console or ssh (default: the instance's own setting).") String waitFor;
    @Option(names = "--timeout", defaultValue = "5m", description = "How long --boot-check may wait (default: ${DEFAULT-VALUE}).") String timeout;
    @Option(names = "--keep-running", description = "Leave the instance running after a successful --boot-check.") boolean keepRunning;
    @Option(names = "--trust-backup-network", description = {"Keep the backup's SSH bind and port, port forwards and VNC.",
            "Without it the restored instance gets the defaults (SSH on 127.0.0.1, a free port; no forwards; no VNC)."}) boolean trustNetwork;
    @Option(names = "--allow-unencrypted", description = "Without a key: accept unencrypted backups although the target also holds"
            + " encrypted ones of this instance (only if you made them yourself).") boolean allowUnencrypted;
    @Mixin TargetOptions targetOptions;
    @Mixin HostOption host;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        InstanceName source = InstanceName.of(name);
        InstanceName target = InstanceName.of(as);
        PrintWriter out = spec.commandLine().getOut();
        BackupReplies.Restored r = Backups.of(host, targetOptions, spec.commandLine().getErr()).restore(
                new Backups.RestoreOptions(source, id, target, replace, trustNetwork, allowUnencrypted), out);
        out.println("restored " + source + " backup " + r.backup() + " (chain of " + r.chain().size() + ") as instance " + target
                + "; start it with 'hurdvm up " + target + "'");
        out.println(r.summary().toSummary().describe());
        out.flush();
        return bootCheck ? bootCheck(target, out) : ExitCodes.OK;
    }

    /** Boots the restored instance where it was restored (here, or on the daemon's host with --host). */
    private int bootCheck(InstanceName target, PrintWriter out) throws Exception {
        Map<SettingKey, String> settings = new EnumMap<>(SettingKey.class);
        settings.put(SettingKey.TIMEOUT, timeout);
        Optional.ofNullable(waitFor).ifPresent(w -> settings.put(SettingKey.WAIT, w));
        Instances instances = Instances.of(host);
        UpResult up = instances.up(target.value(), settings, out::println);
        out.flush();
        if (up.outcome() != UpResult.Outcome.READY) {
            throw new CliException(up.outcome() == UpResult.Outcome.TIMEOUT ? ErrorKind.TIMEOUT : ErrorKind.VM_FAILED,
                    "boot check of " + target + " failed: " + up.message() + " (the instance is kept for inspection)");
        }
        out.println("boot check passed: " + target + " reached " + up.waitedFor() + " in "
                + (up.bootSeconds() == null ? "?" : String.format(java.util.Locale.ROOT, "%.1f", up.bootSeconds())) + " s");
        if (!keepRunning) {
            Duration stop = io.hurdvm.vm.Profile.DEFAULT_STOP_TIMEOUT;
            instances.down(target.value(), stop, false, out::println);
            out.println(target + " stopped again (pass --keep-running to leave it up)");
        }
        out.flush();
        return ExitCodes.OK;
    }
}
