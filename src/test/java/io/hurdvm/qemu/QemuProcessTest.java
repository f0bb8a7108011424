package io.hurdvm.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How QEMU's log output of one start is boiled down to one line. */
class QemuProcessTest {
    private static final String PROGRAM = "qemu-system-x86_64";

    @Test
    void failureLine_dropsTimestampProgramAndOptionEcho() {
        String log = "2026-11-27T09:51:37.269270Z qemu-system-x86_64: -netdev user,id=net0,hostfwd=tcp:127.0.0.1:2222-:22:"
                + " Could not set up host forwarding rule 'tcp:127.0.0.1:2222-:22'\n";
        assertThat(QemuProcess.failureLine(log, PROGRAM)).contains("Could not set up host forwarding rule 'tcp:127.0.0.1:2222-:22'");
    }

    @Test
    void failureLine_prefersTheErrorOverLaterWarnings() {
        String log = "qemu-system-x86_64: failed to initialize kvm: Permission denied\n"
                + "qemu-system-x86_64: warning: host doesn't support requested feature: CPUID.01H:ECX.pni [bit 0]\n";
        assertThat(QemuProcess.failureLine(log, PROGRAM)).contains("failed to initialize kvm: Permission denied");
    }

    @Test
    void failureLine_fallsBackToAWarning_andIsEmptyForNoOutput() {
        assertThat(QemuProcess.failureLine("qemu-system-x86_64: warning: odd\n", PROGRAM)).contains("warning: odd");
        assertThat(QemuProcess.failureLine("\n\n", PROGRAM)).isEmpty();
    }

    @Test
    void failureLine_keepsMessagesThatAreNotFromQemu() {
        assertThat(QemuProcess.failureLine("setsid: failed to execute qemu-system-x86_64: No such file or directory\n", PROGRAM))
                .contains("setsid: failed to execute qemu-system-x86_64: No such file or directory");
    }
}
