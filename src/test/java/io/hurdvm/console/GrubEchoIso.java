package io.hurdvm.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A tiny real guest for console input tests: a GRUB (BIOS) ISO whose grub.cfg talks on COM1 in a loop,
 * printing {@code hvecho> }, reading a line and answering {@code hvecho got [LINE]}. GRUB echoes the
 * characters it reads, so what a client types shows up in the console output too.
 */
final class GrubEchoIso {
    static final String PROMPT = "hvecho> ";
    private static final Path GRUB_PC = Path.of("/usr/lib/grub/i386-pc");
    private static final String GRUB_CFG = """
            serial --unit=0 --speed=115200
            terminal_input serial
            terminal_output serial
            echo "hvecho ready"
            while true; do
              echo -n "hvecho> "
              read line
              echo ""
              echo "hvecho got [$line]"
            done
            """;

    private GrubEchoIso() {
    }

    /** Why it cannot be built here, or null when grub-mkrescue, xorriso and GRUB's BIOS modules exist. */
    static String missingTools() {
        if (!Files.isDirectory(GRUB_PC)) {
            return GRUB_PC + " missing (apt-get install grub-pc-bin)";
        }
        for (String tool : new String[] {"grub-mkrescue", "xorriso"}) {
            if (!Files.isExecutable(Path.of("/usr/bin", tool))) {
                return tool + " missing (apt-get install " + (tool.equals("xorriso") ? "xorriso" : "grub-common") + ")";
            }
        }
        return null;
    }

    static Path build(Path workDir) throws IOException, InterruptedException {
        Path tree = workDir.resolve("iso");
        Files.createDirectories(tree.resolve("boot/grub"));
        Files.writeString(tree.resolve("boot/grub/grub.cfg"), GRUB_CFG);
        Path iso = workDir.resolve("echo.iso");
        Path log = workDir.resolve("grub-mkrescue.log");
        Process p = new ProcessBuilder("grub-mkrescue", "-d", GRUB_PC.toString(), "-o", iso.toString(), tree.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("grub-mkrescue took over 120 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException("grub-mkrescue failed: " + Files.readString(log));
        }
        return iso;
    }
}
