package io.hurdvm.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QemuBuildCacheTest {
    @TempDir
    Path dir;

    private final AtomicInteger asked = new AtomicInteger();
    private String answer = "QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)\n";
    private final CommandRunner runner = (argv, timeout) -> {
        asked.incrementAndGet();
        return new CommandResult(argv, 0, answer, "");
    };

    @Test
    void theBinaryIsAskedOnce_whileItStaysTheSameFile() throws Exception {
        Path qemu = binary();
        QemuBuildCache cache = new QemuBuildCache(dir.resolve("qemu-build.cache"), "/usr/bin");
        assertThat(cache.probe(runner, qemu.toString()).text()).isEqualTo("7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)");
        assertThat(new QemuBuildCache(dir.resolve("qemu-build.cache"), "/usr/bin").probe(runner, qemu.toString()).text())
                .isEqualTo("7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)");
        assertThat(asked).hasValue(1);
    }

    @Test
    void aReplacedBinary_isAskedAgain() throws Exception {
        Path qemu = binary();
        QemuBuildCache cache = new QemuBuildCache(dir.resolve("qemu-build.cache"), "/usr/bin");
        cache.probe(runner, qemu.toString());
        Files.writeString(qemu, "#!/bin/sh\n# upgraded\n");
        Files.setLastModifiedTime(qemu, FileTime.from(Instant.now().plusSeconds(60)));
        answer = "QEMU emulator version 8.0.0\n";
        assertThat(cache.probe(runner, qemu.toString()).text()).isEqualTo("8.0.0");
        assertThat(asked).hasValue(2);
    }

    @Test
    void aCorruptCacheFile_isIgnored() throws Exception {
        Path qemu = binary();
        Files.writeString(dir.resolve("qemu-build.cache"), "garbage");
        assertThat(new QemuBuildCache(dir.resolve("qemu-build.cache"), "/usr/bin").probe(runner, qemu.toString()).text()).startsWith("7.2.22");
        assertThat(asked).hasValue(1);
    }

    @Test
    void aBinaryNamedWithoutFolder_isFoundOnTheGivenPath() throws Exception {
        Path qemu = binary();
        QemuBuildCache cache = new QemuBuildCache(dir.resolve("qemu-build.cache"), "/nonexistent:" + dir);
        cache.probe(runner, "qemu-system-x86_64");
        cache.probe(runner, "qemu-system-x86_64");
        assertThat(asked).hasValue(1);
        assertThat(QemuBuildCache.identity("qemu-system-x86_64", "/nonexistent")).isEmpty();
    }

    private Path binary() throws Exception {
        Path qemu = dir.resolve("qemu-system-x86_64");
        Files.writeString(qemu, "#!/bin/sh\n");
        Files.setPosixFilePermissions(qemu, PosixFilePermissions.fromString("rwx------"));
        return qemu;
    }
}
