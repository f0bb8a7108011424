package io.hurdvm.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The supervisors and QEMUs that belong to one test's HURDVM_HOME, found in /proc (not from what
 * hurdvm recorded, which is what the tests check): a QEMU names the home in its disk path, a
 * supervisor carries it in its environment.
 */
public final class HomeProcesses {
    private HomeProcesses() {
    }

    public static List<Long> qemus(Path home) throws IOException {
        return matching(cmdline -> cmdline.get(0).endsWith("qemu-system-x86_64") && String.join(" ", cmdline).contains(home.toString()),
                null);
    }

    public static List<Long> supervisors(Path home) throws IOException {
        return matching(cmdline -> cmdline.contains("io.hurdvm.lifecycle.SupervisorProcess"), "HURDVM_HOME=" + home);
    }

    private interface CmdlineTest {
        boolean test(List<String> argv);
    }

    private static List<Long> matching(CmdlineTest test, String environEntry) throws IOException {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path proc : procs) {
                try {
                    List<String> argv = nulSeparated(proc.resolve("cmdline"));
                    if (argv.isEmpty() || !test.test(argv)) {
                        continue;
                    }
                    if (environEntry == null || nulSeparated(proc.resolve("environ")).contains(environEntry)) {
                        pids.add(Long.parseLong(proc.getFileName().toString()));
                    }
                } catch (IOException ignored) {
                    // the process ended while we looked
                }
            }
        }
        return pids;
    }

    private static List<String> nulSeparated(Path file) throws IOException {
        String all = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        return all.isEmpty() ? List.of() : List.of(all.split("\0"));
    }
}
