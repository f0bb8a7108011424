package io.hurdvm.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Converts a probed disk image into the store's qcow2 form with {@code qemu-img convert}. */
public final class ImageConverter {
    private static final Pattern PROGRESS = Pattern.compile("\\((\\d+(?:\\.\\d+)?)/100%\\)");

    private final QemuImg qemuImg;
    private final ConvertOptions options;
    private final Duration timeout;

    public ImageConverter(QemuImg qemuImg, ConvertOptions options, Duration timeout) {
        this.qemuImg = qemuImg;
        this.options = options;
        this.timeout = timeout;
    }

    public ConvertOptions options() {
        return options;
    }

    /** Writes {@code out}; returns the image's virtual size in bytes. */
    public long convert(Path in, DiskFormat format, String displayName, Path out, ProgressReporter progress) {
        JsonNode info = qemuImg.info(in, false);
        if (format == DiskFormat.QCOW2) {
            refuseExternalFiles(info, displayName);
        }
        long virtualSize = info.path("virtual-size").asLong(-1);
        List<String> args = new ArrayList<>(List.of("convert", "-p", "-f", format.qemuFormat(), "-O", "qcow2"));
        args.addAll(options.qemuArgs());
        args.add(in.toString());
        args.add(out.toString());
        progress.start("convert to qcow2", virtualSize);
        try {
            qemuImg.run(args, timeout, line -> {
                Matcher m = PROGRESS.matcher(line);
                if (m.find() && virtualSize > 0) {
                    progress.advance((long) (Double.parseDouble(m.group(1)) / 100 * virtualSize));
                }
            });
        } catch (RuntimeException e) {
            progress.abort();
            throw e;
        }
        progress.finish();
        return virtualSize;
    }

    /**
     * A qcow2 naming a backing file or an external data file would make the store read host files the
     * image's publisher chose; such images are refused rather than followed.
     */
    private static void refuseExternalFiles(JsonNode info, String displayName) {
        String backing = info.path("backing-filename").asText("");
        String dataFile = info.path("format-specific").path("data").path("data-file").asText("");
        if (!backing.isEmpty() || !dataFile.isEmpty()) {
            throw ImageException.badInput(displayName + " refers to another file (" + (backing.isEmpty() ? "data file "
                    + dataFile : "backing file " + backing) + "): flatten it first with qemu-img convert -O qcow2");
        }
    }
}
