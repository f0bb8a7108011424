package io.hurdvm.supervisor;

import io.hurdvm.vm.InstanceName;
import java.util.List;

/**
 * The arguments {@link SupervisorSpawner} gives a detached supervisor:
 * {@code NAME --run-id ID [--log-file]}. Written and read here only, so both ends agree.
 */
record SupervisorArguments(InstanceName name, String runId, boolean logFile) {

    List<String> toArgs() {
        List<String> args = new java.util.ArrayList<>(List.of(name.value(), "--run-id", runId));
        if (logFile) {
            args.add("--log-file");
        }
        return args;
    }

    static SupervisorArguments parse(String[] args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: NAME --run-id ID [--log-file] (started by 'hurdvm up')");
        }
        InstanceName name = InstanceName.of(args[0]);
        String runId = null;
        boolean logFile = false;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--run-id" -> runId = value(args, ++i, "--run-id");
                case "--log-file" -> logFile = true;
                default -> throw new IllegalArgumentException("unknown supervisor argument '" + args[i] + "'");
            }
        }
        return new SupervisorArguments(name, runId != null ? runId : SupervisorSpawner.newRunId(), logFile);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
