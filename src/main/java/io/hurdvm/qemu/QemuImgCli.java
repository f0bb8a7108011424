package io.hurdvm.qemu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@link QemuImg} by running the {@code qemu-img} binary through a {@link CommandRunner}. */
public final class QemuImgCli implements QemuImg {
    /** qemu-img exits 63 from {@code check} when the format has no consistency metadata (raw). */
    private static final int CHECK_NOT_SUPPORTED = 63;
    /** Exit 2 = corruptions, 3 = leaks: the JSON report is still printed. */
    private static final int CHECK_FOUND_PROBLEMS_MIN = 2;
    /** What {@code convert -p} prints, e.g. {@code "    (42.00/100%)"}. */
    private static final Pattern PROGRESS = Pattern.compile("\\((\\d+(?:\\.\\d+)?)/100%\\)");
    private static final Pattern SNAPSHOT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private final CommandRunner runner;
    private final String binary;
    private final Duration timeout;

    public QemuImgCli() {
        this(new ProcessCommandRunner(), "qemu-img", Duration.ofMinutes(2));
    }

    public QemuImgCli(CommandRunner runner, String binary, Duration timeout) {
        this.runner = runner;
        this.binary = binary;
        this.timeout = timeout;
    }

    @Override
    public ImageInfo info(Path image) {
        // -U (force share): readable while a running QEMU holds the image's write lock.
        return ImageInfo.parse(runChecked(List.of("info", "-U", "--output=json", image.toString()), timeout).stdout());
    }

    @Override
    public void createOverlay(Path base, String baseFormat, Path overlay, long sizeBytesOrZero) {
        ConvertOptions.checkFormat(baseFormat);
        Path absoluteBase = requireNotOverlay(base, overlay);
        ImageInfo baseInfo = info(absoluteBase);
        if (!baseInfo.format().equals(baseFormat)) {
            // Trusting a wrong format is unsafe: a "raw" that is really qcow2 could point at any host file.
            throw new IllegalArgumentException("base image " + base + " is " + baseInfo.format() + ", not " + baseFormat);
        }
        create(absoluteBase, baseFormat, baseInfo.virtualSize(), overlay, sizeBytesOrZero);
    }

    @Override
    public void createOverlay(Path base, DiskImageVerdict checked, Path overlay, long sizeBytesOrZero) {
        String format = checked.format().orElseThrow(() -> new IllegalArgumentException(base + " is not a disk image"));
        ConvertOptions.checkFormat(format);
        create(requireNotOverlay(base, overlay), format, checked.virtualSize(), overlay, sizeBytesOrZero);
    }

    private static Path requireNotOverlay(Path base, Path overlay) {
        Path absoluteBase = base.toAbsolutePath().normalize();
        if (absoluteBase.equals(overlay.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("overlay " + overlay + " must not be its own base image");
        }
        return absoluteBase;
    }

    private void create(Path absoluteBase, String baseFormat, long baseVirtualSize, Path overlay, long sizeBytesOrZero) {
        if (sizeBytesOrZero != 0 && sizeBytesOrZero < baseVirtualSize) {
            throw new IllegalArgumentException("disk size " + sizeBytesOrZero + " bytes is smaller than base image "
                    + absoluteBase + " (" + baseVirtualSize + " bytes): use at least the base's size");
        }
        List<String> args = new ArrayList<>(List.of("create", "-q", "-f", "qcow2",
                "-b", absoluteBase.toString(), "-F", baseFormat));
        NoClobberFile.create(overlay, temp -> {
            args.add(temp.toString());
            if (sizeBytesOrZero != 0) {
                args.add(Long.toString(sizeBytesOrZero));
            }
            runChecked(args, timeout);
        });
    }

    @Override
    public ImageCheck check(Path image) {
        CommandResult result = run(List.of("check", "-U", "--output=json", image.toString()), timeout);
        if (result.exitCode() == CHECK_NOT_SUPPORTED) {
            return ImageCheck.notSupported();
        }
        if (result.exitCode() != 0 && result.exitCode() < CHECK_FOUND_PROBLEMS_MIN) {
            throw CommandFailedException.exited(result);
        }
        return ImageCheck.parse(result.stdout());
    }

    @Override
    public DiskImageVerdict isDiskImage(Path file) {
        if (!Files.exists(file)) {
            return DiskImageVerdict.notAnImage(file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            return DiskImageVerdict.notAnImage(file + " is not a regular file, so not a disk image");
        }
        if (!Files.isReadable(file)) {
            return DiskImageVerdict.notAnImage(file + " is not readable by this user");
        }
        CommandResult result = run(List.of("info", "-U", "--output=json", file.toString()), timeout);
        if (!result.succeeded()) {
            return DiskImageVerdict.notAnImage(file + " is not a usable disk image (" + result.lastErrorLine() + ")");
        }
        ImageInfo info = ImageInfo.parse(result.stdout());
        if (info.corrupt()) {
            return DiskImageVerdict.notAnImage(file + " is a corrupt " + info.format() + " image: repair it with qemu-img check -r all");
        }
        if (!info.format().equals("raw")) {
            return DiskImageVerdict.image(info.format(), info.virtualSize());
        }
        return RawImageSniffer.whyNotRawDisk(file).map(DiskImageVerdict::notAnImage)
                .orElseGet(() -> DiskImageVerdict.image("raw", info.virtualSize()));
    }

    @Override
    public List<ImageSnapshot> snapshotList(Path image) {
        // `snapshot -l` has no JSON output in 7.2; info's JSON lists the same snapshots.
        return info(image).snapshots();
    }

    @Override
    public void snapshotCreate(Path image, String name) {
        checkSnapshotName(name);
        // qcow2 happily stores two snapshots with one name; refuse so names stay unambiguous.
        if (snapshotList(image).stream().anyMatch(s -> s.name().equals(name))) {
            throw new IllegalArgumentException("snapshot '" + name + "' already exists in " + image
                    + ": delete it first or choose another name");
        }
        runChecked(List.of("snapshot", "-c", name, image.toString()), timeout);
    }

    @Override
    public void snapshotApply(Path image, String name) {
        requireSnapshot(image, name);
        // qemu-img refuses to revert under dirty bitmaps ("Device has active dirty bitmaps"), rightly: they
        // would describe changes to content that is gone, and an incremental backup read from them would be
        // wrong. They go first; the next backup is a full one.
        for (String bitmap : info(image).bitmaps()) {
            runChecked(List.of("bitmap", "--remove", image.toString(), bitmap), timeout);
        }
        runChecked(List.of("snapshot", "-a", name, image.toString()), timeout);
    }

    @Override
    public void snapshotDelete(Path image, String name) {
        requireSnapshot(image, name);
        runChecked(List.of("snapshot", "-d", name, image.toString()), timeout);
    }

    @Override
    public void convert(Path source, Path target, ConvertOptions options, DoubleConsumer percentDone) {
        List<String> args = new ArrayList<>(List.of("convert", "-p"));
        options.sourceFormat().ifPresent(f -> args.addAll(List.of("-f", f)));
        args.addAll(List.of("-O", options.targetFormat()));
        if (options.compress()) {
            args.add("-c");
        }
        if (!options.createOptions().isEmpty()) {
            args.addAll(List.of("-o", String.join(",", options.createOptions())));
        }
        args.add(source.toString());
        NoClobberFile.create(target, temp -> {
            args.add(temp.toString());
            List<String> argv = new ArrayList<>(List.of(binary));
            argv.addAll(args);
            CommandResult result = runner.run(argv, options.timeout(), line -> {
                Matcher m = PROGRESS.matcher(line);
                if (m.find()) {
                    percentDone.accept(Double.parseDouble(m.group(1)));
                }
            });
            if (!result.succeeded()) {
                throw CommandFailedException.exited(result);
            }
        });
    }

    /**
     * Snapshot names are looked up by id first, then by name: an all-digit name could hit another
     * snapshot's id, so names need at least one non-digit.
     */
    static void checkSnapshotName(String name) {
        if (name == null || !SNAPSHOT_NAME.matcher(name).matches() || name.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("invalid snapshot name '" + name
                    + "': use 1-64 letters, digits, '.', '_' or '-', not only digits");
        }
    }

    private void requireSnapshot(Path image, String name) {
        checkSnapshotName(name);
        List<ImageSnapshot> existing = snapshotList(image);
        if (existing.stream().noneMatch(s -> s.name().equals(name))) {
            throw new IllegalArgumentException("snapshot '" + name + "' does not exist in " + image + " (existing: "
                    + (existing.isEmpty() ? "none" : String.join(", ", existing.stream().map(ImageSnapshot::name).toList())) + ")");
        }
    }

    private CommandResult run(List<String> args, Duration limit) {
        List<String> argv = new ArrayList<>(List.of(binary));
        argv.addAll(args);
        return runner.run(argv, limit);
    }

    private CommandResult runChecked(List<String> args, Duration limit) {
        CommandResult result = run(args, limit);
        if (!result.succeeded()) {
            throw CommandFailedException.exited(result);
        }
        return result;
    }
}
