package io.hurdvm.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code qemu-img info --output=json} says about one image.
 *
 * @param backingFile    the backing file as QEMU resolves it (absolute), if any
 * @param backingFormat  the recorded backing format, if any
 * @param dataFile       a qcow2 external data file, if any (the image's data lives in another file)
 * @param dirty          the image was not closed cleanly (qcow2 lazy refcounts)
 * @param corrupt        qcow2 marked the image corrupt; QEMU refuses to write it
 * @param bitmaps        names of the qcow2 persistent dirty bitmaps (incremental backups read them)
 */
public record ImageInfo(String format, long virtualSize, long actualSize, Optional<Path> backingFile,
                        Optional<String> backingFormat, Optional<String> dataFile, boolean dirty, boolean corrupt,
                        List<ImageSnapshot> snapshots, List<String> bitmaps) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ImageInfo {
        snapshots = List.copyOf(snapshots);
        bitmaps = List.copyOf(bitmaps);
    }

    public boolean hasBackingFile() {
        return backingFile.isPresent();
    }

    /**
     * The other file this image makes QEMU open (its backing file or external data file), e.g.
     * {@code "backing file /etc/shadow"}; empty for a self-contained image. An image from elsewhere
     * (a download, a backup target) that names one could make QEMU read host files its publisher chose.
     */
    public Optional<String> externalFile() {
        return backingFile.map(b -> "backing file " + b).or(() -> dataFile.map(d -> "data file " + d));
    }

    static ImageInfo parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("qemu-img info printed no valid JSON: " + e.getMessage(), e);
        }
        List<ImageSnapshot> snapshots = new ArrayList<>();
        root.path("snapshots").forEach(s -> snapshots.add(ImageSnapshot.fromJson(s)));
        List<String> bitmaps = new ArrayList<>();
        root.path("format-specific").path("data").path("bitmaps").forEach(b -> bitmaps.add(b.path("name").asText()));
        // full-backing-filename is resolved against the image's folder; backing-filename may be relative.
        String backing = text(root, "full-backing-filename").or(() -> text(root, "backing-filename")).orElse(null);
        return new ImageInfo(
                root.path("format").asText(),
                root.path("virtual-size").asLong(),
                root.path("actual-size").asLong(),
                Optional.ofNullable(backing).map(Path::of),
                text(root, "backing-filename-format"),
                text(root.path("format-specific").path("data"), "data-file"),
                root.path("dirty-flag").asBoolean(false),
                root.path("format-specific").path("data").path("corrupt").asBoolean(false),
                snapshots, bitmaps);
    }

    private static Optional<String> text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node.asText());
    }
}
