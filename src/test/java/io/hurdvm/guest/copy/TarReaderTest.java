package io.hurdvm.guest.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crafted archives from a hostile guest: whatever they name, nothing may be written outside
 * {@code target/top}, and nothing may be written through a symbolic link.
 */
class TarReaderTest {
    @TempDir
    Path tmp;

    private Path target;
    private Path outside;

    @BeforeEach
    void dirs() throws IOException {
        target = Files.createDirectories(tmp.resolve("target"));
        outside = Files.createDirectories(tmp.resolve("outside"));
    }

    /** One archive entry: name, tar type flag, link name or content, mode. */
    private record Entry(String name, byte type, String linkOrContent, int mode) {
        static Entry dir(String name) {
            return new Entry(name, TarConstants.LF_DIR, null, 040755);
        }

        static Entry file(String name, String content) {
            return new Entry(name, TarConstants.LF_NORMAL, content, 0100644);
        }

        static Entry symlink(String name, String target) {
            return new Entry(name, TarConstants.LF_SYMLINK, target, 0120777);
        }

        static Entry hardLink(String name, String target) {
            return new Entry(name, TarConstants.LF_LINK, target, 0100644);
        }
    }

    private static byte[] archive(Entry... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
            for (Entry e : entries) {
                // preserveAbsolutePath: a hostile tar keeps its leading '/'.
                TarArchiveEntry te = new TarArchiveEntry(e.name(), e.type(), true);
                te.setMode(e.mode());
                byte[] content = new byte[0];
                if (e.type() == TarConstants.LF_NORMAL) {
                    content = e.linkOrContent().getBytes(StandardCharsets.UTF_8);
                    te.setSize(content.length);
                } else if (e.linkOrContent() != null) {
                    te.setLinkName(e.linkOrContent());
                }
                tar.putArchiveEntry(te);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private void extract(byte[] archive) throws IOException {
        SafeTreeWriter sink = new SafeTreeWriter(target, "top");
        TarReader.extract(new ByteArrayInputStream(archive), "top", sink);
        sink.finish();
    }

    private void assertNothingOutside() throws IOException {
        try (Stream<Path> s = Files.list(outside)) {
            assertThat(s).as("files outside the copy").isEmpty();
        }
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("target", "outside");
        }
    }

    @Test
    void wellFormedTree_isWrittenWithModesLinksAndHardLinks() throws Exception {
        extract(archive(Entry.dir("./top/"), Entry.file("./top/a.txt", "alpha"),
                new Entry("./top/run.sh", TarConstants.LF_NORMAL, "#!/bin/sh", 0100750),
                Entry.dir("./top/sub/"), Entry.symlink("./top/sub/link", "../a.txt"),
                Entry.hardLink("./top/sub/same", "./top/a.txt"),
                new Entry("./top/suid", TarConstants.LF_NORMAL, "x", 0104755)));

        Path top = target.resolve("top");
        assertThat(Files.readString(top.resolve("a.txt"))).isEqualTo("alpha");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(top.resolve("run.sh")))).isEqualTo("rwxr-x---");
        assertThat(Files.readSymbolicLink(top.resolve("sub/link"))).isEqualTo(Path.of("../a.txt"));
        assertThat(Files.isSameFile(top.resolve("sub/same"), top.resolve("a.txt"))).isTrue();
        assertThat(Files.getAttribute(top.resolve("suid"), "unix:mode", LinkOption.NOFOLLOW_LINKS))
                .as("set-user-ID from a guest is dropped").isEqualTo(0100755);
    }

    @Test
    void dotDotInAName_isRefused() throws Exception {
        assertThatThrownBy(() -> extract(archive(Entry.dir("top/"), Entry.file("top/../../outside/evil", "x"))))
                .isInstanceOf(CopyException.class)
                .hasMessage("refusing tar entry 'top/../../outside/evil' from the guest: it contains '..'");
        assertNothingOutside();
    }

    @Test
    void absoluteName_isRefused() throws Exception {
        String abs = outside.resolve("evil").toString();
        assertThatThrownBy(() -> extract(archive(Entry.file(abs, "x"))))
                .isInstanceOf(CopyException.class)
                .hasMessage("refusing tar entry '" + abs + "' from the guest: it is an absolute path");
        assertNothingOutside();
    }

    @Test
    void nameOutsideTheCopiedTree_isRefused() throws Exception {
        assertThatThrownBy(() -> extract(archive(Entry.dir("top/"), Entry.file("other/evil", "x"))))
                .isInstanceOf(CopyException.class)
                .hasMessage("refusing tar entry 'other/evil' from the guest: it is not below 'top'");
        assertThat(target.resolve("other")).doesNotExist();
        assertNothingOutside();
    }

    @Test
    void writingThroughASymlinkTheArchiveCreated_isRefused() throws Exception {
        assertThatThrownBy(() -> extract(archive(Entry.dir("top/"), Entry.symlink("top/escape", outside.toString()),
                Entry.file("top/escape/evil", "x"))))
                .isInstanceOf(CopyException.class)
                .hasMessageContaining("is a symbolic link, and nothing is written through it");
        assertNothingOutside();
    }

    @Test
    void topItselfAsSymlink_thenEntriesBelowIt_isRefused() throws Exception {
        assertThatThrownBy(() -> extract(archive(Entry.symlink("top", outside.toString()), Entry.file("top/evil", "x"))))
                .isInstanceOf(CopyException.class)
                .hasMessageContaining("nothing is written through it");
        assertNothingOutside();
    }

    @Test
    void fileOverASymlinkTheArchiveCreated_replacesTheLink_andDoesNotFollowIt() throws Exception {
        Path victim = Files.writeString(outside.resolve("victim"), "precious");
        extract(archive(Entry.dir("top/"), Entry.symlink("top/x", victim.toString()), Entry.file("top/x", "overwritten?")));

        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(Files.isSymbolicLink(target.resolve("top/x"))).isFalse();
        assertThat(Files.readString(target.resolve("top/x"))).isEqualTo("overwritten?");
    }

    @Test
    void hardLinkToAFileOutsideTheCopy_isRefused() throws Exception {
        Files.writeString(outside.resolve("secret"), "s");
        assertThatThrownBy(() -> extract(archive(Entry.dir("top/"), Entry.hardLink("top/h", "../outside/secret"))))
                .isInstanceOf(CopyException.class)
                .hasMessageContaining("it contains '..'");
        assertThatThrownBy(() -> extract(archive(Entry.dir("top/"), Entry.hardLink("top/h", outside.resolve("secret").toString()))))
                .isInstanceOf(CopyException.class)
                .hasMessageContaining("it is an absolute path");
        assertThat(target.resolve("top/h")).doesNotExist();
    }

    @Test
    void hardLinkToSomethingTheArchiveDidNotWrite_isRefused() throws Exception {
        Files.createDirectories(target.resolve("top"));
        Files.writeString(target.resolve("top/preexisting"), "mine");
        assertThatThrownBy(() -> extract(archive(Entry.dir("top/"), Entry.hardLink("top/h", "top/preexisting"))))
                .isInstanceOf(CopyException.class)
                .hasMessageContaining("does not point at a file of this copy");
    }

    @Test
    void deviceNode_isRefused() throws Exception {
        assertThatThrownBy(() -> extract(archive(Entry.dir("top/"), new Entry("top/disk", TarConstants.LF_BLK, null, 060600))))
                .isInstanceOf(CopyException.class)
                .hasMessage("cannot copy special file 'top/disk' from the guest (a device, FIFO or unknown type)");
    }

    @Test
    void controlCharactersInNames_doNotReachTheMessage() throws Exception {
        assertThatThrownBy(() -> extract(archive(Entry.file("top/../\u001b[2Jx", "x"))))
                .isInstanceOf(CopyException.class)
                .hasMessage("refusing tar entry 'top/../?[2Jx' from the guest: it contains '..'");
    }

    @Test
    void namesAreMappedBelowTheTop() {
        assertThat(TarReader.below("./top/a/b", "top")).isEqualTo(List.of("a", "b"));
        assertThat(TarReader.below("top//a/./b/", "top")).isEqualTo(List.of("a", "b"));
        assertThat(TarReader.below("top", "top")).isEmpty();
        assertThatThrownBy(() -> TarReader.below("./", "top")).isInstanceOf(CopyException.class);
        assertThatThrownBy(() -> TarReader.below("topx/a", "top")).isInstanceOf(CopyException.class);
    }
}
