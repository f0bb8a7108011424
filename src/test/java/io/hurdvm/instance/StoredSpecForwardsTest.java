package io.hurdvm.instance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import io.hurdvm.vm.PortForward;
import org.junit.jupiter.api.Test;

class StoredSpecForwardsTest {
    private static final String OLD = "{\"name\":\"vm\",\"profile\":\"hurd-amd64\",\"memoryMib\":512,\"cpus\":1,\"accel\":\"auto\","
            + "\"baseImage\":\"/img.qcow2\",\"diskSizeBytes\":0,\"sshBind\":\"127.0.0.1\",\"sshPort\":0,"
            + "\"forwards\":[{\"hostAddress\":\"127.0.0.1\",\"hostPort\":8080,\"guestPort\":80}],\"vnc\":false,\"unsafeCache\":false,"
            + "\"restart\":\"on-failure\"}";

    @Test
    void aForwardWithoutProtocol_fromAnOlderSpecFile_isTcp_evenForAStrictReader() throws Exception {
        StoredSpec s = JsonFiles.MAPPER.readerFor(StoredSpec.class)
                .with(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES).readValue(OLD);
        assertThat(s.toSpec().forwards()).containsExactly(new PortForward("127.0.0.1", 8080, 80, PortForward.Protocol.TCP));
    }

    @Test
    void udpForwards_roundTrip() throws Exception {
        var spec = StoredSpec.from(JsonFiles.MAPPER.readValue(OLD, StoredSpec.class).toSpec().toBuilder()
                .forwards(java.util.List.of(new PortForward("0.0.0.0", 5353, 53, PortForward.Protocol.UDP))).build());
        StoredSpec back = JsonFiles.MAPPER.readValue(JsonFiles.MAPPER.writeValueAsString(spec), StoredSpec.class);
        assertThat(back.toSpec().forwards()).containsExactly(new PortForward("0.0.0.0", 5353, 53, PortForward.Protocol.UDP));
    }
}
