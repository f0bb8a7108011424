package io.hurdvm.qemu;

import java.nio.file.Path;
import java.util.List;

/** Starts a VM process from its argv, output appended to a log; {@link QemuLauncher} in production. */
@FunctionalInterface
public interface VmLauncher {
    VmProcess launch(List<String> argv, Path logFile);
}
