package io.hurdvm.instance;

import io.hurdvm.proc.ProcStat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Is the instance's supervisor process still the one that wrote the pid file? A bare "pid exists"
 * check is fooled by pid reuse, so we also require the process to have started before the pid file
 * was written.
 */
public final class SupervisorLiveness {
    private SupervisorLiveness() {
    }

    public static Optional<ProcessHandle> liveSupervisor(InstancePaths paths) {
        Path pidFile = paths.supervisorPid();
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            Instant written = Files.getLastModifiedTime(pidFile).toInstant();
            return ProcessHandle.of(pid)
                    .filter(ProcStat::isRunning)
                    .filter(h -> h.info().startInstant().map(s -> !s.isAfter(written.plusSeconds(2))).orElse(true));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
