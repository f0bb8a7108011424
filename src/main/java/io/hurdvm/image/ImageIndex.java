package io.hurdvm.image;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The store's table of images and tags; immutable, each change returns a new index. */
public record ImageIndex(int version, List<ImageRecord> images) {
    public static final int VERSION = 1;
    private static final int MIN_DIGEST_PREFIX = 6;

    public ImageIndex {
        images = List.copyOf(images == null ? List.of() : images);
    }

    public static ImageIndex empty() {
        return new ImageIndex(VERSION, List.of());
    }

    /** Finds {@code name[:tag]} or {@code sha256:<hex or unique prefix>}. */
    public Optional<ImageRecord> resolve(String ref) {
        if (ref.startsWith("sha256:")) {
            String prefix = ref.toLowerCase(java.util.Locale.ROOT);
            if (prefix.length() < "sha256:".length() + MIN_DIGEST_PREFIX) {
                throw ImageException.badInput("digest '" + ref + "' is too short: give at least " + MIN_DIGEST_PREFIX + " hex digits");
            }
            List<ImageRecord> hits = images.stream().filter(r -> r.digest().startsWith(prefix)).toList();
            if (hits.size() > 1) {
                throw ImageException.badInput("digest '" + ref + "' matches " + hits.size() + " images: give more digits");
            }
            return hits.stream().findFirst();
        }
        String tag = ImageRef.parse(ref).toString();
        return images.stream().filter(r -> r.tags().contains(tag)).findFirst();
    }

    /** Adds or updates {@code record}; its tags move to it from any other image. */
    public ImageIndex put(ImageRecord record) {
        List<ImageRecord> out = new ArrayList<>();
        Set<String> tags = new LinkedHashSet<>();
        for (ImageRecord r : images) {
            if (r.digest().equals(record.digest())) {
                tags.addAll(r.tags()); // a re-pull keeps the names the image already had
            } else {
                out.add(r.withTags(r.tags().stream().filter(t -> !record.tags().contains(t)).toList()));
            }
        }
        tags.addAll(record.tags());
        out.add(record.withTags(List.copyOf(tags)));
        return new ImageIndex(version, out);
    }

    public ImageIndex untag(String digest, String tag) {
        return new ImageIndex(version, images.stream()
                .map(r -> r.digest().equals(digest) ? r.withTags(r.tags().stream().filter(t -> !t.equals(tag)).toList()) : r)
                .toList());
    }

    public ImageIndex remove(String digest) {
        return new ImageIndex(version, images.stream().filter(r -> !r.digest().equals(digest)).toList());
    }
}
