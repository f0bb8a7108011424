package io.hurdvm.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the real qemu-img 7.2, on files in a temp dir. */
class QemuImgCliTest {
    private static final long MIB = 1024 * 1024;
    @TempDir
    Path dir;
    private final QemuImgCli img = new QemuImgCli();
    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    private Path qcow2(String name, long size) {
        Path file = dir.resolve(name);
        runner.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", file.toString(), Long.toString(size)), Duration.ofSeconds(30));
        return file;
    }

    private Path rawWithBytes(String name, long size, long offset, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate((int) size).limit((int) size), 0);
            channel.write(ByteBuffer.wrap(bytes), offset);
        }
        return file;
    }

    /** Writes a pattern into the image with qemu-io and reads it back; returns qemu-io's verdict. */
    private boolean holdsPattern(Path image, int pattern) {
        CommandResult read = runner.run(List.of("qemu-io", "-f", "qcow2", "-c", "read -P " + pattern + " 0 64k", image.toString()),
                Duration.ofSeconds(30));
        return read.stdout().contains("read 65536/65536") && !read.stdout().contains("Pattern verification failed");
    }

    private void writePattern(Path image, int pattern) {
        CommandResult write = runner.run(List.of("qemu-io", "-f", "qcow2", "-c", "write -P " + pattern + " 0 64k", image.toString()),
                Duration.ofSeconds(30));
        assertThat(write.exitCode()).as(write.stderr()).isZero();
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void info_readsFormatSizesBackingAndFlags() {
        Path base = qcow2("base.qcow2", 64 * MIB);
        Path overlay = dir.resolve("disk.qcow2");
        img.createOverlay(base, "qcow2", overlay, 0);

        ImageInfo info = img.info(overlay);

        assertThat(info.format()).isEqualTo("qcow2");
        assertThat(info.virtualSize()).isEqualTo(64 * MIB);
        assertThat(info.actualSize()).isPositive();
        assertThat(info.backingFile()).contains(base.toAbsolutePath());
        assertThat(info.backingFormat()).contains("qcow2");
        assertThat(info.dirty()).isFalse();
        assertThat(info.corrupt()).isFalse();
        assertThat(info.snapshots()).isEmpty();
    }

    @Test
    void info_onMissingFile_failsNamingTheCommandAndQemuImgsReason() {
        Path missing = dir.resolve("nope.qcow2");
        assertThatThrownBy(() -> img.info(missing)).isInstanceOf(CommandFailedException.class)
                .hasMessageStartingWith("`qemu-img info -U --output=json " + missing + "` failed (exit 1): ")
                .hasMessageContaining("No such file or directory");
    }

    @Test
    void createOverlay_neverWritesTheBase() throws Exception {
        Path base = qcow2("base.qcow2", 64 * MIB);
        writePattern(base, 0x5a);
        Files.setLastModifiedTime(base, FileTime.fromMillis(1_000_000_000_000L));
        String before = sha256(base);

        Path overlay = dir.resolve("disk.qcow2");
        img.createOverlay(base, "qcow2", overlay, 0);
        writePattern(overlay, 0x11);

        assertThat(sha256(base)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(base).toMillis()).isEqualTo(1_000_000_000_000L);
        assertThat(holdsPattern(base, 0x5a)).isTrue();
        assertThat(holdsPattern(overlay, 0x11)).isTrue();
    }

    @Test
    void createOverlay_growsToRequestedSize_andLeavesNoTempFiles() throws IOException {
        Path base = qcow2("base.qcow2", 64 * MIB);
        Path overlay = dir.resolve("disk.qcow2");
        img.createOverlay(base, "qcow2", overlay, 128 * MIB);
        assertThat(img.info(overlay).virtualSize()).isEqualTo(128 * MIB);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("base.qcow2", "disk.qcow2");
        }
    }

    @Test
    void createOverlay_smallerThanBase_isRejected() {
        Path base = qcow2("base.qcow2", 64 * MIB);
        assertThatThrownBy(() -> img.createOverlay(base, "qcow2", dir.resolve("disk.qcow2"), 32 * MIB))
                .hasMessageContaining("smaller than base image");
        assertThat(dir.resolve("disk.qcow2")).doesNotExist();
    }

    @Test
    void createOverlay_withTheVerdictOfItsBase_usesItsFormatAndSize() {
        Path base = qcow2("base.qcow2", 64 * MIB);
        DiskImageVerdict checked = img.isDiskImage(base);
        assertThat(checked.virtualSize()).isEqualTo(64 * MIB);

        assertThatThrownBy(() -> img.createOverlay(base, checked, dir.resolve("small.qcow2"), 32 * MIB))
                .hasMessageContaining("smaller than base image");
        assertThatThrownBy(() -> img.createOverlay(base, DiskImageVerdict.notAnImage("no"), dir.resolve("none.qcow2"), 0))
                .hasMessageContaining("is not a disk image");
        Path overlay = dir.resolve("disk.qcow2");
        img.createOverlay(base, checked, overlay, 0);

        ImageInfo info = img.info(overlay);
        assertThat(info.virtualSize()).isEqualTo(64 * MIB);
        assertThat(info.backingFormat()).contains("qcow2");
        assertThat(dir.resolve("small.qcow2")).doesNotExist();
    }

    @Test
    void createOverlay_refusesToReplaceAnExistingFile() throws IOException {
        Path base = qcow2("base.qcow2", 64 * MIB);
        Path overlay = Files.writeString(dir.resolve("disk.qcow2"), "precious");
        assertThatThrownBy(() -> img.createOverlay(base, "qcow2", overlay, 0)).hasMessageContaining("already exists");
        assertThat(overlay).hasContent("precious");
    }

    @Test
    void createOverlay_withWrongBaseFormat_isRejected() {
        Path base = qcow2("base.qcow2", 64 * MIB);
        assertThatThrownBy(() -> img.createOverlay(base, "raw", dir.resolve("disk.qcow2"), 0))
                .hasMessage("base image " + base + " is qcow2, not raw");
    }

    @Test
    void check_reportsACleanQcow2_andRawAsNotCheckable() throws IOException {
        assertThat(img.check(qcow2("a.qcow2", MIB))).isEqualTo(new ImageCheck(true, 0, 0, 0));
        Path raw = rawWithBytes("disk.img", 1024 * 1024, 510, new byte[] {0x55, (byte) 0xAA});
        assertThat(img.check(raw).supported()).isFalse();
    }

    @Test
    void check_onTruncatedQcow2_failsWithQemuImgsReason() throws IOException {
        Path good = qcow2("a.qcow2", MIB);
        Path truncated = Files.write(dir.resolve("t.qcow2"), java.util.Arrays.copyOf(Files.readAllBytes(good), 100));
        assertThatThrownBy(() -> img.check(truncated)).isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("qemu-img check").hasMessageContaining("qcow2 header too short");
    }

    @Test
    void isDiskImage_rejectsATextFileWithAOneLineReason() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello\n");
        assertThat(img.isDiskImage(text).reason()).contains(text + " is not a disk image (raw file of 6 bytes, not a whole number of 512-byte sectors)");
        Path padded = Files.writeString(dir.resolve("padded.txt"), "x".repeat(1024));
        assertThat(img.isDiskImage(padded).reason())
                .contains(padded + " is not a disk image (raw file without a partition table or boot sector)");
    }

    @Test
    void isDiskImage_acceptsQcow2AndBootableRawAndIso() throws IOException {
        assertThat(img.isDiskImage(qcow2("a.qcow2", MIB)).format()).contains("qcow2");
        assertThat(img.isDiskImage(rawWithBytes("mbr.img", MIB, 510, new byte[] {0x55, (byte) 0xAA})).format()).contains("raw");
        byte[] iso = "CD001".getBytes(StandardCharsets.US_ASCII);
        assertThat(img.isDiskImage(rawWithBytes("cd.iso", 64 * 2048, 0x8001, iso)).format()).contains("raw");
    }

    @Test
    void isDiskImage_rejectsBlankRawEmptyMissingAndDirectory() throws IOException {
        assertThat(img.isDiskImage(rawWithBytes("blank.img", MIB, 0, new byte[0])).reason().orElseThrow())
                .endsWith("(raw file without a partition table or boot sector)");
        assertThat(img.isDiskImage(Files.createFile(dir.resolve("empty.img"))).reason().orElseThrow()).endsWith("(empty file)");
        assertThat(img.isDiskImage(dir.resolve("missing.img")).reason()).contains(dir.resolve("missing.img") + " does not exist");
        assertThat(img.isDiskImage(dir).reason().orElseThrow()).contains("not a regular file");
    }

    @Test
    void snapshots_createListApplyDelete_restoreTheDiskContent() {
        Path disk = qcow2("disk.qcow2", 8 * MIB);
        writePattern(disk, 0x01);
        img.snapshotCreate(disk, "clean");
        writePattern(disk, 0x02);

        List<ImageSnapshot> list = img.snapshotList(disk);
        assertThat(list).extracting(ImageSnapshot::name).containsExactly("clean");
        assertThat(list.getFirst().id()).isEqualTo("1");
        assertThat(list.getFirst().vmStateSize()).isZero();

        img.snapshotApply(disk, "clean");
        assertThat(holdsPattern(disk, 0x01)).isTrue();

        img.snapshotDelete(disk, "clean");
        assertThat(img.snapshotList(disk)).isEmpty();
    }

    @Test
    void snapshotCreate_refusesADuplicateName_whichQcow2WouldAccept() {
        Path disk = qcow2("disk.qcow2", MIB);
        img.snapshotCreate(disk, "s1");
        assertThatThrownBy(() -> img.snapshotCreate(disk, "s1")).hasMessageContaining("'s1' already exists");
        assertThat(img.snapshotList(disk)).hasSize(1);
    }

    @Test
    void snapshotApply_ofUnknownName_listsTheExistingOnes() {
        Path disk = qcow2("disk.qcow2", MIB);
        img.snapshotCreate(disk, "before-upgrade");
        assertThatThrownBy(() -> img.snapshotApply(disk, "nope"))
                .hasMessage("snapshot 'nope' does not exist in " + disk + " (existing: before-upgrade)");
    }

    @Test
    void snapshotNames_thatCouldBeMistakenForIdsOrOptions_areRejected() {
        assertThatThrownBy(() -> QemuImgCli.checkSnapshotName("12")).hasMessageContaining("not only digits");
        assertThatThrownBy(() -> QemuImgCli.checkSnapshotName("-a")).hasMessageContaining("invalid snapshot name");
        assertThatThrownBy(() -> QemuImgCli.checkSnapshotName("a b")).hasMessageContaining("invalid snapshot name");
        QemuImgCli.checkSnapshotName("v1.2_pre-upgrade");
    }

    @Test
    void convert_writesTheTargetAtomically_andRefusesAnExistingOne() throws IOException {
        Path disk = qcow2("disk.qcow2", 8 * MIB);
        writePattern(disk, 0x33);
        Path raw = dir.resolve("disk.raw");
        img.convert(disk, raw, new ConvertOptions(Optional.of("qcow2"), "raw", false, List.of(), Duration.ofMinutes(1)));
        assertThat(Files.size(raw)).isEqualTo(8 * MIB);
        assertThat(Files.readAllBytes(raw)[100]).isEqualTo((byte) 0x33);

        Path back = dir.resolve("back.qcow2");
        List<Double> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
        img.convert(raw, back, new ConvertOptions(Optional.of("raw"), "qcow2", true, List.of("cluster_size=65536"), Duration.ofMinutes(1)),
                progress::add);
        assertThat(img.info(back).format()).isEqualTo("qcow2");
        assertThat(progress).isNotEmpty().isSorted().last().isEqualTo(100.0);
        assertThatThrownBy(() -> img.convert(disk, raw, ConvertOptions.toQcow2("qcow2", Duration.ofMinutes(1))))
                .hasMessageContaining("already exists");
    }

    @Test
    void convertOptions_withACommaInAValue_areRefused_becauseQemuImgWouldSplitThem() {
        assertThatThrownBy(() -> new ConvertOptions(Optional.of("raw"), "qcow2", false, List.of("cluster_size=65536,backing_file=/etc/x"),
                Duration.ofMinutes(1))).hasMessageContaining("invalid qemu-img create option");
    }

    @Test
    void failure_carriesStderrAndCommand_withFakeRunner() {
        CommandRunner fake = (argv, timeout) -> new CommandResult(argv, 1, "", "warning: x\nqemu-img: Failed to get \"write\" lock\n");
        QemuImgCli withFake = new QemuImgCli(fake, "qemu-img", Duration.ofSeconds(5));
        assertThatThrownBy(() -> withFake.snapshotDelete(dir.resolve("d.qcow2"), "s"))
                .isInstanceOf(CommandFailedException.class)
                .hasMessage("`qemu-img info -U --output=json " + dir.resolve("d.qcow2") + "` failed (exit 1): qemu-img: Failed to get \"write\" lock");
    }
}
