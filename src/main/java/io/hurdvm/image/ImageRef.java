package io.hurdvm.image;

import java.util.regex.Pattern;

/** A human name for a stored image, {@code name:tag}; the tag defaults to {@code latest}. */
public record ImageRef(String name, String tag) {
    public static final String DEFAULT_TAG = "latest";
    private static final Pattern PART = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");

    public ImageRef {
        if (name == null || !PART.matcher(name).matches() || tag == null || !PART.matcher(tag).matches()) {
            throw ImageException.badInput("invalid image name '" + name + ":" + tag
                    + "': use lower-case letters, digits, '.', '_' or '-' for name and tag (name[:tag])");
        }
    }

    public static ImageRef parse(String text) {
        int colon = text.lastIndexOf(':');
        return colon < 0 ? new ImageRef(text, DEFAULT_TAG)
                : new ImageRef(text.substring(0, colon), text.substring(colon + 1));
    }

    /** A name derived from a file name: lower-cased, unsafe characters replaced. */
    public static ImageRef fromFileStem(String stem) {
        String name = stem.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9._-]", "-").replaceAll("^[._-]+", "");
        return new ImageRef(name.isEmpty() ? "image" : name.substring(0, Math.min(name.length(), 128)), DEFAULT_TAG);
    }

    public ImageRef withTag(String newTag) {
        return new ImageRef(name, newTag);
    }

    @Override
    public String toString() {
        return name + ":" + tag;
    }
}
