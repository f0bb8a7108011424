package io.hurdvm.image;

import java.util.List;
import java.util.Locale;

/** What a pulled file is, judged by its name; the content is checked later by {@link DiskImageProbe}. */
public enum SourceFormat {
    TAR_GZ(".img.tar.gz", ".tar.gz", ".tgz"),
    TAR_XZ(".img.tar.xz", ".tar.xz", ".txz"),
    RAW(".img", ".raw"),
    QCOW2(".qcow2"),
    ISO(".iso");

    private final List<String> suffixes;

    SourceFormat(String... suffixes) {
        this.suffixes = List.of(suffixes);
    }

    public boolean isArchive() {
        return this == TAR_GZ || this == TAR_XZ;
    }

    /** The file name without this format's suffix, e.g. {@code debian-hurd-amd64-20250807}. */
    public String stem(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return suffixes.stream().filter(lower::endsWith).findFirst()
                .map(s -> fileName.substring(0, fileName.length() - s.length())).orElse(fileName);
    }

    public static SourceFormat of(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (SourceFormat f : values()) {
            if (f.suffixes.stream().anyMatch(lower::endsWith)) {
                return f;
            }
        }
        throw ImageException.badInput("cannot pull '" + fileName
                + "': unsupported file type; use a .img, .img.tar.gz, .img.tar.xz, .qcow2 or .iso file");
    }
}
