package io.hurdvm.config;

import io.hurdvm.instance.StoredSpec;
import io.hurdvm.vm.Accel;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.InvalidSpecException;
import io.hurdvm.vm.PortForward;
import io.hurdvm.vm.Profile;
import io.hurdvm.vm.RestartPolicy;
import io.hurdvm.vm.VmSpec;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/** Turns merged {@link Settings} into a validated {@link VmSpec}. */
public final class SpecResolver {
    private SpecResolver() {
    }

    /** Built-in defaults: the hurd-amd64 profile as upstream runs Debian GNU/Hurd 2025 amd64. */
    public static Map<SettingKey, String> defaults() {
        Map<SettingKey, String> d = new EnumMap<>(SettingKey.class);
        d.put(SettingKey.MEMORY, String.valueOf(VmSpec.DEFAULT_MEMORY_MIB));
        d.put(SettingKey.CPUS, "1");
        d.put(SettingKey.ACCEL, "auto");
        d.put(SettingKey.PROFILE, Profile.HURD_AMD64.cliName());
        d.put(SettingKey.SSH_PORT, "0");
        d.put(SettingKey.SSH_BIND, "127.0.0.1");
        d.put(SettingKey.FORWARDS, ForwardParser.NONE);
        d.put(SettingKey.DISK_SIZE, "0");
        d.put(SettingKey.VNC, "false");
        d.put(SettingKey.UNSAFE_CACHE, "false");
        d.put(SettingKey.RESTART, "on-failure");
        d.put(SettingKey.WAIT, "ssh");
        d.put(SettingKey.TIMEOUT, "5m");
        return d;
    }

    /** The layer an existing instance contributes: what it was created (or last started) with. */
    public static Map<SettingKey, String> instanceLayer(StoredSpec s) {
        Map<SettingKey, String> m = new EnumMap<>(SettingKey.class);
        m.put(SettingKey.IMAGE, s.baseImage());
        m.put(SettingKey.MEMORY, String.valueOf(s.memoryMib()));
        m.put(SettingKey.CPUS, String.valueOf(s.cpus()));
        m.put(SettingKey.ACCEL, s.accel());
        m.put(SettingKey.PROFILE, s.profile());
        m.put(SettingKey.SSH_PORT, String.valueOf(s.sshPort()));
        m.put(SettingKey.SSH_BIND, s.sshBind());
        m.put(SettingKey.FORWARDS, ForwardParser.format(s.portForwards()));
        m.put(SettingKey.DISK_SIZE, String.valueOf(s.diskSizeBytes()));
        m.put(SettingKey.VNC, String.valueOf(s.vnc()));
        m.put(SettingKey.UNSAFE_CACHE, String.valueOf(s.unsafeCache()));
        m.put(SettingKey.RESTART, s.restart());
        return m;
    }

    public static VmSpec resolve(InstanceName name, Settings s) {
        String image = s.text(SettingKey.IMAGE).orElseThrow(() -> new InvalidSpecException(
                "--image is required to create instance " + name + " (a Debian GNU/Hurd disk image: raw, qcow2 or iso)"));
        return VmSpec.builder(name, Path.of(image).toAbsolutePath().normalize())
                .memoryMib(SizeParser.mebibytes("--memory", req(s, SettingKey.MEMORY)))
                .cpus(SizeParser.count("--cpus", req(s, SettingKey.CPUS)))
                .accel(Accel.parse(req(s, SettingKey.ACCEL)))
                .profile(Profile.parse(req(s, SettingKey.PROFILE)))
                .ssh(new PortForward(PortForward.requireIpv4("ssh-bind", req(s, SettingKey.SSH_BIND)),
                        SizeParser.count("--ssh-port", req(s, SettingKey.SSH_PORT)), 22))
                .forwards(ForwardParser.parseList(req(s, SettingKey.FORWARDS)))
                .diskSizeBytes(SizeParser.bytes("--disk-size", req(s, SettingKey.DISK_SIZE), VmSpec.MAX_DISK_BYTES))
                .vnc(SizeParser.flag("vnc", req(s, SettingKey.VNC)))
                .unsafeCache(SizeParser.flag("unsafe-cache", req(s, SettingKey.UNSAFE_CACHE)))
                .restart(RestartPolicy.parse(req(s, SettingKey.RESTART)))
                .build();
    }

    private static String req(Settings s, SettingKey k) {
        return s.text(k).orElseGet(() -> defaults().get(k));
    }
}
