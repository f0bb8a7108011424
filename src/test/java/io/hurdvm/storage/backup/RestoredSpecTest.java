package io.hurdvm.storage.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.PortForward;
import io.hurdvm.vm.VmSpec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RestoredSpecTest {
    private static final InstanceName NEW = InstanceName.of("restored");
    private static final String OPEN = """
            {"name":"web","profile":"hurd-amd64","memoryMib":512,"cpus":1,"accel":"tcg","baseImage":"/var/lib/hurdvm/base.qcow2",
             "diskSizeBytes":0,"sshBind":"0.0.0.0","sshPort":2222,"forwards":[{"hostAddress":"0.0.0.0","hostPort":8080,"guestPort":80}],
             "vnc":true,"unsafeCache":false,"restart":"never"}""";

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void networkSettings_areTheDefaults_unlessTrusted() {
        RestoredSpec.Result narrowed = RestoredSpec.restore(utf8(OPEN), NEW, false);
        VmSpec s = narrowed.spec();
        assertThat(s.name()).isEqualTo(NEW);
        assertThat(s.ssh()).isEqualTo(PortForward.loopbackSsh(0));
        assertThat(s.forwards()).isEmpty();
        assertThat(s.vnc()).isFalse();
        assertThat(s.memoryMib()).isEqualTo(512);
        assertThat(s.restart().mode().name()).isEqualTo("NEVER");
        assertThat(narrowed.notTaken()).containsExactly("SSH on 0.0.0.0:2222", "forward 0.0.0.0:8080 to guest port 80", "VNC");

        RestoredSpec.Result trusted = RestoredSpec.restore(utf8(OPEN), NEW, true);
        assertThat(trusted.spec().ssh()).isEqualTo(new PortForward("0.0.0.0", 2222, 22));
        assertThat(trusted.spec().forwards()).containsExactly(new PortForward("0.0.0.0", 8080, 80));
        assertThat(trusted.notTaken()).isEmpty();
    }

    @Test
    void aSpecWithTheDefaults_losesNothing() {
        String plain = OPEN.replace("\"0.0.0.0\",\"sshPort\":2222", "\"127.0.0.1\",\"sshPort\":0").replace("\"vnc\":true", "\"vnc\":false")
                .replaceAll("\"forwards\":\\[[^]]*]", "\"forwards\":[]");
        assertThat(RestoredSpec.restore(utf8(plain), NEW, false).notTaken()).isEmpty();
    }

    /** Validated like user input: each of these is refused with one line naming spec.json. */
    @ParameterizedTest
    @ValueSource(strings = {
            "\"memoryMib\":512|\"memoryMib\":1",
            "\"cpus\":1|\"cpus\":99",
            "\"sshBind\":\"0.0.0.0\"|\"sshBind\":\"evil.example\"",
            "\"hostPort\":8080|\"hostPort\":70000",
            "\"baseImage\":\"/var/lib/hurdvm/base.qcow2\"|\"baseImage\":\"https://evil.example/x.qcow2\"",
            "\"baseImage\":\"/var/lib/hurdvm/base.qcow2\"|\"baseImage\":\"base.qcow2\"",
            "\"baseImage\":\"/var/lib/hurdvm/base.qcow2\"|\"baseImage\":\"/var/../etc/shadow\"",
            "\"profile\":\"hurd-amd64\"|\"profile\":\"pc\"",
            "\"restart\":\"never\"|\"restart\":null",
            "\"vnc\":true|\"vnc\":true,\"qemuArgs\":[\"-device\"]",
            "\"accel\":\"tcg\"|\"accel\":7",
            "}|} {}"})
    void invalidValues_areRefused(String change) {
        String[] fromTo = change.split("\\|", 2);
        String json = OPEN.replace(fromTo[0], fromTo[1]);
        assertThat(json).isNotEqualTo(OPEN);
        assertThatThrownBy(() -> RestoredSpec.restore(utf8(json), NEW, true)).isInstanceOf(BackupException.class)
                .hasMessageStartingWith("the backup's spec.json is invalid: ").satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void anOversizedSpec_isRefusedUnread() {
        byte[] big = new byte[RestoredSpec.MAX_BYTES + 1];
        assertThatThrownBy(() -> RestoredSpec.restore(big, NEW, false)).hasMessageContaining("larger than");
    }
}
