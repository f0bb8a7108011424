package io.hurdvm.qemu;

import io.hurdvm.instance.InstancePaths;
import io.hurdvm.vm.Accel;
import io.hurdvm.vm.PortForward;
import io.hurdvm.vm.Profile;
import io.hurdvm.vm.VmSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place that turns a {@link VmSpec} into a QEMU 7.2 argv (a list, never a shell string).
 *
 * <p>Device choices follow what Debian GNU/Hurd amd64 can drive: it has no virtio drivers, so the NIC
 * is an e1000 and the disk sits on AHCI (q35) or IDE (i440fx), both served by rumpdisk.
 */
public final class QemuCommandBuilder {
    public static final String DEFAULT_BINARY = "qemu-system-x86_64";
    /**
     * seccomp filter: QEMU never needs to spawn, setuid or change scheduling/affinity for this
     * device set. Note {@code spawn=deny} also forbids {@code exec:} migration targets.
     */
    static final String SANDBOX = "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny";
    /**
     * With {@code -runas}, QEMU itself calls setuid/setgid after it opened its files, which
     * {@code elevateprivileges=deny} kills ("Bad system call"); once it runs as that user it cannot regain
     * root, and spawning stays denied.
     */
    static final String SANDBOX_RUNAS = "on,obsolete=deny,elevateprivileges=allow,spawn=deny,resourcecontrol=deny";

    private final String binary;
    private final boolean sandbox;
    private final Optional<QemuUser> runAs;
    private final DiskIo diskIo;

    public QemuCommandBuilder() {
        this(DEFAULT_BINARY, true);
    }

    public QemuCommandBuilder(String binary, boolean sandbox) {
        this(binary, sandbox, Optional.empty());
    }

    /** @param runAs the unprivileged user QEMU drops to after opening its files (when hurdvm runs as root) */
    public QemuCommandBuilder(String binary, boolean sandbox, Optional<QemuUser> runAs) {
        this(binary, sandbox, runAs, DiskIo.DEFAULT);
    }

    /** @param diskIo how QEMU does disk I/O on this host ({@link DiskIo#fromEnvironment}) */
    public QemuCommandBuilder(String binary, boolean sandbox, Optional<QemuUser> runAs, DiskIo diskIo) {
        if (binary == null || binary.isBlank()) {
            throw new IllegalArgumentException("QEMU binary must not be empty");
        }
        this.binary = binary;
        this.sandbox = sandbox;
        this.runAs = runAs;
        this.diskIo = Objects.requireNonNull(diskIo, "diskIo");
    }

    /** The production builder: the default binary, sandboxed, dropping to {@code runAs} if given, with the host's disk I/O. */
    public static QemuCommandBuilder dropping(Optional<QemuUser> runAs, DiskIo diskIo) {
        return new QemuCommandBuilder(DEFAULT_BINARY, true, runAs, diskIo);
    }

    /**
     * CPU model per accelerator. TCG: {@code qemu64}, QEMU's default and what Debian's Hurd images are
     * run with; {@code max} would advertise AVX2 that 7.2's TCG only just learnt to emulate. KVM:
     * {@code host} minus {@code arch-capabilities}: on nested KVM both {@code host} and {@code max}
     * abort at start ("failed to set MSR 0x10a", IA32_ARCH_CAPABILITIES); gnumach never reads that MSR.
     */
    public static String cpuModel(Accel accel) {
        return switch (accel) {
            case KVM -> "host,arch-capabilities=off";
            case TCG -> "qemu64";
            case AUTO -> throw new IllegalArgumentException("resolve accel 'auto' before choosing a CPU model");
        };
    }

    /**
     * @param sshHostPort the concrete host port for the SSH forward (already checked to be free)
     */
    public List<String> build(VmSpec spec, AccelDecision accel, InstancePaths paths, int sshHostPort) {
        return build(spec, accel, paths, sshHostPort, false);
    }

    /**
     * @param incoming start paused, waiting for a saved machine state ({@code -incoming defer}: the
     *                 supervisor then names the socket with QMP {@code migrate-incoming} and streams
     *                 the state in; a URI on the command line would need a file QEMU may not spawn for)
     */
    public List<String> build(VmSpec spec, AccelDecision accel, InstancePaths paths, int sshHostPort, boolean incoming) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(accel, "accel");
        Objects.requireNonNull(paths, "paths");
        List<String> argv = new ArrayList<>();
        argv.add(binary);
        // process= sets the thread name (comm), so `ps` shows which instance a QEMU belongs to.
        add(argv, "-name", "guest=" + spec.name() + ",process=hurdvm-" + spec.name());
        add(argv, "-machine", spec.profile().machine());
        add(argv, "-accel", accelArgument(accel.chosen(), spec.cpus()));
        add(argv, "-cpu", cpuModel(accel.chosen()));
        add(argv, "-m", spec.memoryMib() + "M");
        add(argv, "-smp", Integer.toString(spec.cpus()));
        // No default devices or config files: the argv below is the complete machine.
        argv.add("-nodefaults");
        argv.add("-no-user-config");
        // Timestamps in QEMU's own messages: its log is appended to across restarts.
        add(argv, "-msg", "timestamp=on");
        add(argv, "-display", "none");
        addDisplay(argv, spec, paths);
        addDisk(argv, spec, paths);
        add(argv, "-netdev", netdevArgument(spec, sshHostPort));
        add(argv, "-device", "e1000,netdev=net0");
        add(argv, "-chardev", socketChardev("serial0", paths.serialSocket()));
        add(argv, "-serial", "chardev:serial0");
        add(argv, "-chardev", socketChardev("qmp0", paths.qmpSocket()));
        add(argv, "-mon", "chardev=qmp0,mode=control");
        runAs.ifPresent(user -> add(argv, "-runas", user.name()));
        if (sandbox) {
            add(argv, "-sandbox", runAs.isPresent() ? SANDBOX_RUNAS : SANDBOX);
        }
        if (incoming) {
            add(argv, "-incoming", "defer");
        }
        return List.copyOf(argv);
    }

    /**
     * The accelerator probe's machine: SeaBIOS's power-on self test on a diskless q35 with the same
     * CPU model as real VMs, reporting on its debug port (0x402, written to stdout), no reboot.
     */
    public List<String> buildAccelProbe(Accel accel) {
        List<String> argv = new ArrayList<>();
        argv.add(binary);
        add(argv, "-accel", accel.cliName());
        add(argv, "-cpu", cpuModel(accel));
        add(argv, "-machine", "q35");
        add(argv, "-m", "64M");
        argv.add("-nodefaults");
        argv.add("-no-user-config");
        add(argv, "-display", "none");
        argv.add("-no-reboot");
        add(argv, "-debugcon", "stdio");
        add(argv, "-global", "isa-debugcon.iobase=0x402");
        return List.copyOf(argv);
    }

    /** Several vCPUs under TCG only run in parallel with multi-threaded TCG. */
    private static String accelArgument(Accel accel, int cpus) {
        return accel == Accel.TCG ? "tcg,thread=" + (cpus > 1 ? "multi" : "single") : "kvm";
    }

    /**
     * A VGA card only when someone can look at it (VNC, on a Unix socket, never TCP). Without VNC the
     * serial port is the console; Hurd runs fine without a VGA and SeaBIOS skips the VGA ROM.
     */
    private static void addDisplay(List<String> argv, VmSpec spec, InstancePaths paths) {
        if (spec.vnc()) {
            add(argv, "-vga", "std");
            add(argv, "-vnc", "unix:" + escape(checkedSocket(paths.vncSocket()).toString()));
        } else {
            add(argv, "-vga", "none");
        }
    }

    /**
     * Two -blockdev nodes (protocol, then qcow2); explicit nodes do not inherit cache options, so both
     * carry them. Writeback through the host's page cache unless the host chose O_DIRECT ({@link DiskIo});
     * flushes unless the spec asked for unsafe. Zero writes and guest TRIM become holes in the overlay.
     * {@code aio=} belongs to the file node and is left out for QEMU's default (threads). The backing
     * base image is opened read-only by QEMU.
     */
    private void addDisk(List<String> argv, VmSpec spec, InstancePaths paths) {
        String cache = "cache.direct=" + (diskIo.cacheDirect() ? "on" : "off") + ",cache.no-flush=" + (spec.unsafeCache() ? "on" : "off");
        String aio = diskIo.aio().equals(DiskIo.DEFAULT.aio()) ? "" : ",aio=" + diskIo.aio();
        add(argv, "-blockdev", "driver=file,node-name=disk0-file,filename=" + escape(paths.disk().toString())
                + "," + cache + aio + ",discard=unmap");
        add(argv, "-blockdev", "driver=qcow2,node-name=disk0,file=disk0-file," + cache
                + ",discard=unmap,detect-zeroes=unmap");
        if (spec.profile() == Profile.HURD_AMD64) {
            add(argv, "-device", "ahci,id=ahci0");
            add(argv, "-device", "ide-hd,drive=disk0,bus=ahci0.0");
        } else {
            add(argv, "-device", "ide-hd,drive=disk0,bus=ide.0");
        }
    }

    private static String netdevArgument(VmSpec spec, int sshHostPort) {
        StringBuilder netdev = new StringBuilder("user,id=net0,hostfwd=").append(spec.ssh().withHostPort(sshHostPort).qemuHostfwd());
        for (PortForward forward : spec.forwards()) {
            if (forward.hostPort() == 0) {
                throw new IllegalArgumentException("forward to guest port " + forward.guestPort()
                        + " has host port 0: pick a concrete port before building the QEMU command");
            }
            netdev.append(",hostfwd=").append(forward.qemuHostfwd());
        }
        return netdev.toString();
    }

    /** A listening Unix socket that does not wait for a client: QEMU starts the guest at once. */
    private static String socketChardev(String id, Path socket) {
        return "socket,id=" + id + ",path=" + escape(checkedSocket(socket).toString()) + ",server=on,wait=off";
    }

    private static Path checkedSocket(Path socket) {
        if (!InstancePaths.socketPathFits(socket)) {
            throw new IllegalArgumentException("socket path " + socket + " is longer than "
                    + InstancePaths.MAX_SOCKET_PATH + " bytes: use a shorter instance folder");
        }
        return socket;
    }

    /** QEMU option values use ',' as separator; a literal comma is written ",,". */
    static String escape(String value) {
        return value.replace(",", ",,");
    }

    private static void add(List<String> argv, String option, String value) {
        argv.add(option);
        argv.add(value);
    }
}
