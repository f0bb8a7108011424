package io.hurdvm.storage.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.hurdvm.instance.JsonFiles;
import io.hurdvm.qemu.CommandFailedException;
import io.hurdvm.qemu.CommandResult;
import io.hurdvm.qemu.CommandRunner;
import io.hurdvm.qemu.ImageInfo;
import io.hurdvm.qemu.ProcessCommandRunner;
import io.hurdvm.qemu.QemuImgCli;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The qemu-img steps of backup and restore. Every call is bounded by a timeout. */
public final class BackupImages {
    /** The persistent dirty bitmap on the instance's overlay that incremental backups read. */
    public static final String BITMAP = "hurdvm-backup";

    private final CommandRunner runner;
    private final Duration timeout;

    public BackupImages() {
        this(new ProcessCommandRunner(), Duration.ofHours(2));
    }

    public BackupImages(CommandRunner runner, Duration timeout) {
        this.runner = runner;
        this.timeout = timeout;
    }

    /** An empty qcow2 for QEMU to back up into; zstd makes its compressed clusters smaller and faster than zlib. */
    public void createTarget(Path image, long virtualSize) {
        run("create", "-q", "-f", "qcow2", "-o", "compression_type=zstd", image.toString(), Long.toString(virtualSize));
    }

    /** Offline full backup: the whole disk as seen by the guest (overlay plus base), compressed. */
    public void convertCompressed(Path source, Path target) {
        run("convert", "-q", "-f", "qcow2", "-O", "qcow2", "-c", "-o", "compression_type=zstd", source.toString(), target.toString());
    }

    /**
     * After an offline full backup: (re)create the bitmap empty, so the next online backup can be
     * incremental relative to it. Fails if a VM has the disk open, which the caller treats as
     * "start a new chain next time".
     */
    public void resetBitmap(Path overlay, boolean exists) {
        if (exists) {
            run("bitmap", "--clear", "-f", "qcow2", overlay.toString(), BITMAP);
        } else {
            run("bitmap", "--add", "-f", "qcow2", overlay.toString(), BITMAP);
        }
    }

    public boolean hasBitmap(Path overlay) {
        CommandResult r = runner.run(List.of("qemu-img", "info", "-U", "--output=json", overlay.toString()), timeout);
        return r.succeeded() && r.stdout().contains("\"name\": \"" + BITMAP + "\"");
    }

    /**
     * Refuses a fetched backup image that is not a self-contained qcow2: one naming a backing or data
     * file (as image pull refuses them, {@link ImageInfo#externalFile}) would make the restore read
     * host files the target's writer chose.
     */
    public void requireSelfContainedQcow2(Path image, String what) {
        ImageInfo info;
        try {
            info = new QemuImgCli(runner, "qemu-img", timeout).info(image);
        } catch (CommandFailedException | IllegalArgumentException e) {
            throw new BackupException(what + " is not a readable disk image: " + e.getMessage());
        }
        if (!"qcow2".equals(info.format())) {
            throw new BackupException(what + " is not a qcow2 image but " + info.format() + ": refused");
        }
        info.externalFile().ifPresent(other -> {
            throw new BackupException(what + " refers to another file (" + other + "): refused, a backup's disk is self-contained");
        });
    }

    /** Points an incremental at its parent without touching data (the parent holds what it lacks). */
    public void rebaseOnto(Path image, Path parent) {
        run("rebase", "-u", "-f", "qcow2", "-F", "qcow2", "-b", parent.toAbsolutePath().toString(), image.toString());
    }

    /** Flattens a chain into one standalone qcow2 (no backing file). */
    public void flatten(Path top, Path standalone) {
        run("convert", "-q", "-f", "qcow2", "-O", "qcow2", top.toString(), standalone.toString());
    }

    public long virtualSize(Path image) {
        CommandResult r = runner.run(List.of("qemu-img", "info", "-U", "--output=json", image.toString()), timeout);
        if (!r.succeeded()) {
            throw CommandFailedException.exited(r);
        }
        return json(r.stdout()).path("virtual-size").asLong();
    }

    private static JsonNode json(String text) {
        try {
            return JsonFiles.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("qemu-img printed JSON we cannot read: " + e.getOriginalMessage(), e);
        }
    }

    private void run(String... args) {
        List<String> argv = new ArrayList<>();
        argv.add("qemu-img");
        argv.addAll(List.of(args));
        CommandResult r = runner.run(argv, timeout);
        if (!r.succeeded()) {
            throw CommandFailedException.exited(r);
        }
    }
}
