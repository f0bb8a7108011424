package io.hurdvm.instance;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.hurdvm.vm.Accel;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.PortForward;
import io.hurdvm.vm.Profile;
import io.hurdvm.vm.RestartPolicy;
import io.hurdvm.vm.VmSpec;
import java.nio.file.Path;
import java.util.List;

/** The JSON shape of {@code spec.json}; keeps the domain types free of serialisation concerns. */
public record StoredSpec(
        String name,
        String profile,
        int memoryMib,
        int cpus,
        String accel,
        String baseImage,
        long diskSizeBytes,
        String sshBind,
        int sshPort,
        List<Forward> forwards,
        boolean vnc,
        boolean unsafeCache,
        String restart) {

    /**
     * @param protocol {@code tcp} or {@code udp}; absent in files written before UDP forwards, read as
     *                 "" (not null: strict readers of backed-up specs refuse null properties): tcp
     */
    public record Forward(String hostAddress, int hostPort, int guestPort,
                          @JsonSetter(nulls = Nulls.AS_EMPTY) String protocol) {
        static Forward of(PortForward f) {
            return new Forward(f.hostAddress(), f.hostPort(), f.guestPort(), f.protocol().cliName());
        }

        PortForward toPortForward() {
            return new PortForward(hostAddress, hostPort, guestPort,
                    protocol == null || protocol.isEmpty() ? PortForward.Protocol.TCP : PortForward.Protocol.parse(protocol));
        }
    }

    public static StoredSpec from(VmSpec s) {
        return new StoredSpec(s.name().value(), s.profile().cliName(), s.memoryMib(), s.cpus(), s.accel().cliName(),
                s.baseImage().toString(), s.diskSizeBytes(), s.ssh().hostAddress(), s.ssh().hostPort(),
                s.forwards().stream().map(Forward::of).toList(),
                s.vnc(), s.unsafeCache(),
                s.restart().mode() == RestartPolicy.Mode.NEVER ? "never" : "on-failure");
    }

    /** The extra forwards, validated. */
    public List<PortForward> portForwards() {
        return forwards == null ? List.of() : forwards.stream().map(Forward::toPortForward).toList();
    }

    public VmSpec toSpec() {
        return VmSpec.builder(InstanceName.of(name), Path.of(baseImage))
                .profile(Profile.parse(profile))
                .memoryMib(memoryMib)
                .cpus(cpus)
                .accel(Accel.parse(accel))
                .diskSizeBytes(diskSizeBytes)
                .ssh(new PortForward(sshBind, sshPort, 22))
                .forwards(portForwards())
                .vnc(vnc)
                .unsafeCache(unsafeCache)
                .restart(RestartPolicy.parse(restart))
                .build();
    }
}
