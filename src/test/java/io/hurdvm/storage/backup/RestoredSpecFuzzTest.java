package io.hurdvm.storage.backup;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.BeforeAll;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.PortForward;
import io.hurdvm.vm.VmSpec;

/**
 * Fuzzes the reading of a backup's {@code spec.json}: the only allowed failure is a one-line
 * {@link BackupException}, and whatever is accepted without --trust-backup-network is never open
 * beyond the defaults (SSH on 127.0.0.1, a free port; no forwards; no VNC) and has an absolute base
 * image path. Seeds: {@code RestoredSpecFuzzTestInputs/spec/}.
 */
class RestoredSpecFuzzTest {

    /** See {@link JazzerClassesPreload}: before the first fuzz test installs Jazzer's agent. */
    @BeforeAll
    static void loadJazzerClassesFirst() throws Exception {
        JazzerClassesPreload.loadAll();
    }
    private static final InstanceName NAME = InstanceName.of("fuzz");

    @FuzzTest(maxDuration = "5s")
    void spec(byte[] data) {
        VmSpec s;
        try {
            s = RestoredSpec.restore(data, NAME, false).spec();
        } catch (BackupException refused) {
            if (refused.getMessage().contains("\n")) {
                throw new IllegalStateException("refusal is not one line: " + refused.getMessage(), refused);
            }
            return;
        }
        if (!s.name().equals(NAME) || !s.ssh().equals(PortForward.loopbackSsh(0)) || !s.forwards().isEmpty() || s.vnc()
                || !s.baseImage().isAbsolute()) {
            throw new IllegalStateException("a restored spec is wider open than the defaults: " + s);
        }
    }
}
