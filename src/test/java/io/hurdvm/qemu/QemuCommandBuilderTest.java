package io.hurdvm.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.instance.InstancePaths;
import io.hurdvm.vm.Accel;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.InvalidSpecException;
import io.hurdvm.vm.PortForward;
import io.hurdvm.vm.Profile;
import io.hurdvm.vm.VmSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QemuCommandBuilderTest {
    private static final InstancePaths PATHS = InstancePaths.forDir(Path.of("/srv/hv/demo"));
    private static final AccelDecision TCG = AccelDecision.tcg("test");
    private final QemuCommandBuilder builder = new QemuCommandBuilder();

    private static VmSpec.Builder spec() {
        return VmSpec.builder(InstanceName.of("demo"), Path.of("/srv/base.img"));
    }

    private List<String> argv(VmSpec spec) {
        return builder.build(spec, TCG, PATHS, 2222);
    }

    /** The value after the only occurrence of {@code option}. */
    private static String valueOf(List<String> argv, String option) {
        List<String> values = valuesOf(argv, option);
        assertThat(values).as("occurrences of %s", option).hasSize(1);
        return values.getFirst();
    }

    private static List<String> valuesOf(List<String> argv, String option) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i < argv.size() - 1; i++) {
            if (argv.get(i).equals(option)) {
                values.add(argv.get(i + 1));
            }
        }
        return values;
    }

    @Test
    void defaultSpec_producesTheDocumentedArgv() {
        assertThat(argv(spec().build())).containsExactly(
                "qemu-system-x86_64",
                "-name", "guest=demo,process=hurdvm-demo",
                "-machine", "q35",
                "-accel", "tcg,thread=single",
                "-cpu", "qemu64",
                "-m", "2048M",
                "-smp", "1",
                "-nodefaults",
                "-no-user-config",
                "-msg", "timestamp=on",
                "-display", "none",
                "-vga", "none",
                "-blockdev", "driver=file,node-name=disk0-file,filename=/srv/hv/demo/disk.qcow2,cache.direct=off,cache.no-flush=off,discard=unmap",
                "-blockdev", "driver=qcow2,node-name=disk0,file=disk0-file,cache.direct=off,cache.no-flush=off,discard=unmap,detect-zeroes=unmap",
                "-device", "ahci,id=ahci0",
                "-device", "ide-hd,drive=disk0,bus=ahci0.0",
                "-netdev", "user,id=net0,hostfwd=tcp:127.0.0.1:2222-:22",
                "-device", "e1000,netdev=net0",
                "-chardev", "socket,id=serial0,path=/srv/hv/demo/serial.sock,server=on,wait=off",
                "-serial", "chardev:serial0",
                "-chardev", "socket,id=qmp0,path=/srv/hv/demo/qmp.sock,server=on,wait=off",
                "-mon", "chardev=qmp0,mode=control",
                "-sandbox", "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny");
    }

    @Test
    void hurdAmd64_usesQ35WithDiskOnAhci() {
        List<String> argv = argv(spec().profile(Profile.HURD_AMD64).build());
        assertThat(valueOf(argv, "-machine")).isEqualTo("q35");
        assertThat(valuesOf(argv, "-device")).contains("ahci,id=ahci0", "ide-hd,drive=disk0,bus=ahci0.0")
                .noneMatch(d -> d.contains("bus=ide.0"));
    }

    @Test
    void i440fxIde_usesPcWithDiskOnIdeAndNoAhci() {
        List<String> argv = argv(spec().profile(Profile.I440FX_IDE).memoryMib(1024).build());
        assertThat(valueOf(argv, "-machine")).isEqualTo("pc");
        assertThat(valuesOf(argv, "-device")).contains("ide-hd,drive=disk0,bus=ide.0")
                .noneMatch(d -> d.startsWith("ahci"));
    }

    @Test
    void netdev_forwardsSshOnTheGivenPortPlusExtraForwards() {
        VmSpec spec = spec().forwards(List.of(new PortForward("127.0.0.1", 8080, 80), new PortForward("0.0.0.0", 4443, 443))).build();
        assertThat(valueOf(argv(spec), "-netdev"))
                .isEqualTo("user,id=net0,hostfwd=tcp:127.0.0.1:2222-:22,hostfwd=tcp:127.0.0.1:8080-:80,hostfwd=tcp:0.0.0.0:4443-:443");
    }

    @Test
    void udpForward_isAHostfwdOfItsOwnProtocol() {
        VmSpec spec = spec().forwards(List.of(new PortForward("127.0.0.1", 5353, 53, PortForward.Protocol.UDP),
                new PortForward("127.0.0.1", 5353, 53, PortForward.Protocol.TCP))).build();
        assertThat(valueOf(argv(spec), "-netdev"))
                .isEqualTo("user,id=net0,hostfwd=tcp:127.0.0.1:2222-:22,hostfwd=udp:127.0.0.1:5353-:53,hostfwd=tcp:127.0.0.1:5353-:53");
    }

    @Test
    void extraForwardWithoutConcretePort_isRejectedByTheSpec() {
        assertThatThrownBy(() -> spec().forwards(List.of(new PortForward("127.0.0.1", 0, 80))).build())
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("127.0.0.1:0:80/tcp has host port 0");
    }

    @Test
    void nic_isE1000_becauseHurdHasNoVirtio() {
        List<String> argv = argv(spec().build());
        assertThat(valuesOf(argv, "-device")).contains("e1000,netdev=net0");
        assertThat(argv).noneMatch(a -> a.contains("virtio"));
    }

    @Test
    void monitorAndConsole_areUnixSocketsOnly_noTelnetNoTcpNoStdio() {
        List<String> argv = argv(spec().vnc(true).build());
        assertThat(argv).doesNotContain("-monitor", "-qmp", "-nographic", "-daemonize");
        assertThat(argv).noneMatch(a -> a.contains("telnet") || a.contains("stdio"));
        assertThat(argv).filteredOn(a -> a.contains("tcp:")).containsExactly("user,id=net0,hostfwd=tcp:127.0.0.1:2222-:22");
        assertThat(valueOf(argv, "-mon")).isEqualTo("chardev=qmp0,mode=control");
        assertThat(valuesOf(argv, "-chardev")).allMatch(c -> c.startsWith("socket,") && c.contains(",path=/")
                && c.endsWith(",server=on,wait=off") && !c.contains("host=") && !c.contains("port="));
        assertThat(valueOf(argv, "-vnc")).isEqualTo("unix:/srv/hv/demo/vnc.sock");
    }

    @Test
    void vnc_addsStdVgaOnUnixSocket_otherwiseNoVga() {
        assertThat(valueOf(argv(spec().vnc(true).build()), "-vga")).isEqualTo("std");
        List<String> headless = argv(spec().build());
        assertThat(valueOf(headless, "-vga")).isEqualTo("none");
        assertThat(headless).doesNotContain("-vnc");
    }

    @Test
    void unsafeCache_disablesFlushesOnlyWhenRequested() {
        assertThat(valuesOf(argv(spec().build()), "-blockdev")).allMatch(b -> b.contains("cache.no-flush=off"));
        assertThat(valuesOf(argv(spec().unsafeCache(true).build()), "-blockdev")).hasSize(2)
                .allMatch(b -> b.contains("cache.direct=off,cache.no-flush=on"));
        assertThat(argv(spec().build())).noneMatch(a -> a.contains("cache=unsafe") || a.contains("no-flush=on"));
    }

    @Test
    void tcgWithSeveralCpus_usesMultiThreadedTcg() {
        List<String> argv = argv(spec().cpus(4).build());
        assertThat(valueOf(argv, "-accel")).isEqualTo("tcg,thread=multi");
        assertThat(valueOf(argv, "-smp")).isEqualTo("4");
    }

    @Test
    void kvm_usesHostCpuWithoutArchCapabilities_andNoAccelOnMachine() {
        List<String> argv = builder.build(spec().build(), AccelDecision.kvm("test"), PATHS, 2222);
        assertThat(valueOf(argv, "-accel")).isEqualTo("kvm");
        assertThat(valueOf(argv, "-cpu")).isEqualTo("host,arch-capabilities=off");
        assertThat(valueOf(argv, "-machine")).doesNotContain("accel");
    }

    @Test
    void commasInPaths_areDoubledSoQemuDoesNotSplitThem() {
        InstancePaths paths = InstancePaths.forDir(Path.of("/srv/a,b/demo"));
        List<String> argv = builder.build(spec().build(), TCG, paths, 2222);
        assertThat(valuesOf(argv, "-blockdev").getFirst()).contains("filename=/srv/a,,b/demo/disk.qcow2,");
        assertThat(valuesOf(argv, "-chardev").getFirst()).contains("path=/srv/a,,b/demo/serial.sock,");
    }

    @Test
    void socketPathLongerThanSunPath_isRejected() {
        Path longDir = Path.of("/tmp/" + "x".repeat(110));
        InstancePaths paths = new InstancePaths(Path.of("/srv/hv/demo"), longDir);
        assertThatThrownBy(() -> builder.build(spec().build(), TCG, paths, 2222))
                .hasMessageContaining("longer than 107 bytes");
    }

    @Test
    void binaryAndSandbox_areConfigurable() {
        List<String> argv = new QemuCommandBuilder("/opt/qemu/bin/qemu-system-x86_64", false)
                .build(spec().build(), TCG, PATHS, 2222);
        assertThat(argv.getFirst()).isEqualTo("/opt/qemu/bin/qemu-system-x86_64");
        assertThat(argv).doesNotContain("-sandbox");
    }

    @Test
    void autoAccel_cannotReachTheBuilder() {
        assertThatThrownBy(() -> new AccelDecision(Accel.AUTO, "x")).hasMessageContaining("must be resolved");
    }

    @Test
    void memoryAndName_comeFromTheSpec() {
        List<String> argv = argv(spec().memoryMib(512).build());
        assertThat(valueOf(argv, "-m")).isEqualTo("512M");
        assertThat(valueOf(argv, "-name")).isEqualTo("guest=demo,process=hurdvm-demo");
    }

    @Test
    void accelProbe_isTheSameCpuOnADisklessQ35_reportingOnTheDebugPort() {
        assertThat(new QemuCommandBuilder("qemu-system-x86_64", false).buildAccelProbe(Accel.TCG)).containsExactly(
                "qemu-system-x86_64", "-accel", "tcg", "-cpu", "qemu64", "-machine", "q35", "-m", "64M", "-nodefaults",
                "-no-user-config", "-display", "none", "-no-reboot", "-debugcon", "stdio", "-global", "isa-debugcon.iobase=0x402");
        assertThat(new QemuCommandBuilder().buildAccelProbe(Accel.KVM)).containsSequence("-cpu", "host,arch-capabilities=off");
    }

    @Test
    void incoming_startsPausedWaitingForAStateOverQmp_last_andOnlyWhenAsked() {
        List<String> restoring = builder.build(spec().build(), TCG, PATHS, 2222, true);
        assertThat(restoring.subList(restoring.size() - 2, restoring.size())).containsExactly("-incoming", "defer");
        assertThat(restoring.subList(0, restoring.size() - 2)).isEqualTo(argv(spec().build()));
        assertThat(argv(spec().build())).doesNotContain("-incoming");
    }

    @Test
    void unprivilegedUser_addsRunas_andLetsQemuDropItsPrivilegesUnderTheSandbox() {
        QemuCommandBuilder dropping = new QemuCommandBuilder("qemu-system-x86_64", true,
                java.util.Optional.of(new QemuUser("hurdvm-qemu", 999, 999)));
        List<String> argv = dropping.build(spec().build(), TCG, PATHS, 2222);
        assertThat(valueOf(argv, "-runas")).isEqualTo("hurdvm-qemu");
        assertThat(valueOf(argv, "-sandbox")).isEqualTo("on,obsolete=deny,elevateprivileges=allow,spawn=deny,resourcecontrol=deny");
        assertThat(argv(spec().build())).doesNotContain("-runas");
        assertThat(valueOf(argv(spec().build()), "-sandbox")).contains("elevateprivileges=deny");
    }

    @Test
    void hostDiskIo_ioUringAndODirect_goOnTheFileNode_directOnBoth() {
        DiskIo io = DiskIo.fromEnvironment(Map.of("HURDVM_QEMU_AIO", "io_uring", "HURDVM_QEMU_CACHE_DIRECT", "on"));
        List<String> argv = new QemuCommandBuilder(QemuCommandBuilder.DEFAULT_BINARY, true, java.util.Optional.empty(), io).build(spec().build(), TCG, PATHS, 2222);
        assertThat(valuesOf(argv, "-blockdev")).containsExactly(
                "driver=file,node-name=disk0-file,filename=/srv/hv/demo/disk.qcow2,cache.direct=on,cache.no-flush=off,aio=io_uring,discard=unmap",
                "driver=qcow2,node-name=disk0,file=disk0-file,cache.direct=on,cache.no-flush=off,discard=unmap,detect-zeroes=unmap");
        assertThat(DiskIo.fromEnvironment(Map.of())).isEqualTo(DiskIo.DEFAULT);
    }

    @Test
    void hostDiskIo_nonsenseIsBadInput_andLinuxAioNeedsODirect() {
        assertThatThrownBy(() -> DiskIo.fromEnvironment(Map.of("HURDVM_QEMU_AIO", "fast"))).isInstanceOf(InvalidSpecException.class)
                .hasMessage("invalid HURDVM_QEMU_AIO 'fast': use threads, io_uring or native");
        assertThatThrownBy(() -> DiskIo.fromEnvironment(Map.of("HURDVM_QEMU_AIO", "native"))).hasMessageContaining("needs HURDVM_QEMU_CACHE_DIRECT=on");
        assertThatThrownBy(() -> DiskIo.fromEnvironment(Map.of("HURDVM_QEMU_CACHE_DIRECT", "maybe"))).hasMessageContaining("use on or off");
    }
}
