package io.hurdvm.lifecycle;

import io.hurdvm.config.ByteSize;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.InvalidSpecException;
import io.hurdvm.vm.PortForward;
import io.hurdvm.vm.RestartPolicy;
import io.hurdvm.vm.VmSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What an {@code up} would change on an existing instance: its saved settings against the settings
 * of this request (flags, environment, config file over the saved ones). A stopped instance takes
 * the changes at this start and the user is told which; a running one cannot (QEMU's machine is
 * fixed while it runs), so {@code up} refuses and names the command that applies them.
 */
public final class SettingsDiff {
    private SettingsDiff() {
    }

    public static List<SettingChange> between(VmSpec saved, VmSpec wanted) {
        if (saved.diskSizeBytes() != wanted.diskSizeBytes()) {
            // The overlay exists: its virtual size was set when it was created and is not grown here.
            throw new InvalidSpecException("the disk size of instance " + saved.name() + " (" + diskSize(saved.diskSizeBytes())
                    + ") was set when it was created and cannot change: leave out --disk-size (and HURDVM_DISK_SIZE,"
                    + " 'disk-size:'), or create a new instance");
        }
        List<SettingChange> changes = new ArrayList<>();
        add(changes, "profile", saved.profile().cliName(), wanted.profile().cliName(), "--profile " + wanted.profile().cliName());
        add(changes, "memory", saved.memoryMib() + " MiB", wanted.memoryMib() + " MiB", "--memory " + wanted.memoryMib());
        add(changes, "cpus", String.valueOf(saved.cpus()), String.valueOf(wanted.cpus()), "--cpus " + wanted.cpus());
        add(changes, "accel", saved.accel().cliName(), wanted.accel().cliName(), "--accel " + wanted.accel().cliName());
        add(changes, "ssh-bind", saved.ssh().hostAddress(), wanted.ssh().hostAddress(), "--ssh-bind " + wanted.ssh().hostAddress());
        add(changes, "ssh-port", sshPort(saved), sshPort(wanted), "--ssh-port " + wanted.ssh().hostPort());
        add(changes, "forwards", forwards(saved.forwards()), forwards(wanted.forwards()), forwardFlags(wanted.forwards()));
        add(changes, "vnc", String.valueOf(saved.vnc()), String.valueOf(wanted.vnc()), "--vnc=" + wanted.vnc());
        add(changes, "unsafe-cache", String.valueOf(saved.unsafeCache()), String.valueOf(wanted.unsafeCache()),
                "--unsafe-cache=" + wanted.unsafeCache());
        add(changes, "restart", restart(saved.restart()), restart(wanted.restart()), "--restart " + restart(wanted.restart()));
        return List.copyOf(changes);
    }

    /** One line: which settings differ, and the command that applies them at the next start. */
    static String refusalWhileRunning(InstanceName name, List<SettingChange> changes, String runningHow) {
        String flags = changes.stream().map(SettingChange::flags).collect(Collectors.joining(" "));
        return "instance " + name + " is " + runningHow + " with other settings (" + describe(changes)
                + "); they apply at its next start: 'hurdvm down " + name + " && hurdvm up " + name + " " + flags + "'";
    }

    static String describe(List<SettingChange> changes) {
        return changes.stream().map(SettingChange::describe).collect(Collectors.joining(", "));
    }

    private static void add(List<SettingChange> changes, String setting, String from, String to, String flags) {
        if (!Objects.equals(from, to)) {
            changes.add(new SettingChange(setting, from, to, flags));
        }
    }

    private static String sshPort(VmSpec s) {
        return s.ssh().hostPort() == 0 ? "any free port" : String.valueOf(s.ssh().hostPort());
    }

    private static String forwards(List<PortForward> forwards) {
        return forwards.isEmpty() ? "none" : forwards.stream().map(PortForward::describe).collect(Collectors.joining(" "));
    }

    private static String forwardFlags(List<PortForward> forwards) {
        return forwards.isEmpty() ? "--forward none"
                : forwards.stream().map(f -> "--forward " + f.describe()).collect(Collectors.joining(" "));
    }

    private static String restart(RestartPolicy p) {
        return p.mode() == RestartPolicy.Mode.NEVER ? "never" : "on-failure";
    }

    private static String diskSize(long bytes) {
        return bytes == 0 ? "the base image's" : ByteSize.human(bytes);
    }
}
