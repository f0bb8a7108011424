package io.hurdvm.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.guest.GuestHostKeys;
import io.hurdvm.secret.SshKeyPair;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandshakeWarmUpTest {
    @Test
    void runsEveryStepOfTheHandshakeCrypto_withAClonesKeys(@TempDir Path secrets) {
        SshKeyPair own = SshKeyPair.loadOrCreate(secrets, "hurdvm@c1");
        assertThat(HandshakeWarmUp.run(own, GuestHostKeys.generate())).isTrue();
    }
}
