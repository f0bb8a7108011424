package io.hurdvm.guest.copy;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.guest.ShellQuoting;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command run's --sync gives the guest's shell, run by this host's sh and busybox sh (the Linux test guest's). */
class TarFilesReplaceCommandTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"missing parent", "empty parent", "old tree", "dangling link"})
    void theTargetBecomesACopyOfTheSource_whateverWasThere(String before) throws Exception {
        Path source = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(source.resolve("a.txt"), "new");
        Path parent = tmp.resolve("guest/root");
        Path target = parent.resolve("work");
        switch (before) {
            case "empty parent" -> Files.createDirectories(parent);
            case "old tree" -> Files.writeString(Files.createDirectories(target).resolve("old.txt"), "old");
            case "dangling link" -> Files.createSymbolicLink(Files.createDirectories(parent).resolve("work"), tmp.resolve("nowhere"));
            default -> { }
        }
        for (List<String> shell : shells()) {
            List<String> argv = new ArrayList<>(shell);
            argv.addAll(List.of("-c", TarFiles.replaceCommand(ShellQuoting.quote(parent.toString()), ShellQuoting.quote(target.toString()))));
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                TarWriter.write(source, "work", in);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            p.getInputStream().transferTo(out);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("%s: %s", shell, out).isZero();
            assertThat(Files.readString(target.resolve("a.txt"))).isEqualTo("new");
            assertThat(target.resolve("old.txt")).doesNotExist();
            assertThat(Files.isSymbolicLink(target)).isFalse();
        }
    }

    private static List<List<String>> shells() {
        List<List<String>> shells = new ArrayList<>(List.of(List.of("/bin/sh")));
        if (Files.isExecutable(Path.of("/usr/bin/busybox"))) {
            shells.add(List.of("/usr/bin/busybox", "sh"));
        }
        return shells;
    }
}
