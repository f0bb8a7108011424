package io.hurdvm.readiness;

import io.hurdvm.console.ConsoleBuffer;

/** A readiness target made of real parts: a console buffer, a loopback port and a real OS process. */
record TestTarget(ConsoleBuffer console, String host, int sshPort, Process process) implements ReadinessTarget {
    @Override
    public boolean processAlive() {
        return process.isAlive();
    }
}
