package io.hurdvm.image;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where an image comes from: the {@value #DEBIAN_HURD_AMD64} alias (the official dated Debian
 * GNU/Hurd amd64 image, optionally from a mirror), an http(s) URL, a file URL or a local path.
 *
 * @param uri      what is fetched
 * @param format   what the file is, by its name
 * @param names    the names it gets in the store unless the user picks one
 */
public record ImageSource(URI uri, SourceFormat format, List<ImageRef> names) {
    public static final String DEBIAN_HURD_AMD64 = "debian-hurd-amd64";
    /** Pinned on purpose: the dated file, never the rolling {@code debian-hurd.img.tar.gz} link. */
    public static final String DEBIAN_HURD_DATE = "20250807";
    public static final String OFFICIAL_BASE = "https://cdimage.debian.org/cdimage/";
    static final String DEBIAN_HURD_PATH =
            "ports/latest/hurd-amd64/debian-hurd-amd64-" + DEBIAN_HURD_DATE + ".img.tar.gz";
    /** A base URL standing in for {@link #OFFICIAL_BASE}, e.g. a local mirror of cdimage. */
    public static final String MIRROR_ENV = "HURDVM_IMAGE_MIRROR";

    public ImageSource {
        names = List.copyOf(names);
    }

    public static ImageSource parse(String text, Map<String, String> env) {
        String t = text.trim();
        if (isAlias(t)) {
            String base = env.getOrDefault(MIRROR_ENV, "").isBlank() ? OFFICIAL_BASE : env.get(MIRROR_ENV);
            URI uri = toUri(base.endsWith("/") ? base : base + "/").resolve(DEBIAN_HURD_PATH);
            checkScheme(uri, text);
            return new ImageSource(uri, SourceFormat.TAR_GZ, List.of(
                    new ImageRef(DEBIAN_HURD_AMD64, DEBIAN_HURD_DATE), new ImageRef(DEBIAN_HURD_AMD64, ImageRef.DEFAULT_TAG)));
        }
        URI uri = t.startsWith("/") || t.startsWith("./") || t.startsWith("../")
                ? Path.of(t).toAbsolutePath().normalize().toUri() : toUri(t);
        checkScheme(uri, text);
        String fileName = fileName(uri, text);
        SourceFormat format = SourceFormat.of(fileName);
        return new ImageSource(uri, format, List.of(ImageRef.fromFileStem(format.stem(fileName))));
    }

    /** Whether {@code text} names the official image rather than a URL or path. */
    public static boolean isAlias(String text) {
        String t = text.trim();
        return t.equals(DEBIAN_HURD_AMD64) || t.equals(DEBIAN_HURD_AMD64 + ":" + DEBIAN_HURD_DATE)
                || t.equals(DEBIAN_HURD_AMD64 + ":" + ImageRef.DEFAULT_TAG);
    }

    public boolean isLocalFile() {
        return "file".equals(uri.getScheme());
    }

    public String fileName() {
        return fileName(uri, uri.toString());
    }

    /** A publisher's checksum list in the same folder, e.g. {@code SHA256SUMS}. */
    public URI sibling(String name) {
        return uri.resolve(name);
    }

    private static String fileName(URI uri, String text) {
        String path = uri.getPath();
        if (path == null || path.isEmpty() || path.endsWith("/")) {
            throw ImageException.badInput("cannot pull '" + text + "': the URL names no file");
        }
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static void checkScheme(URI uri, String text) {
        String s = uri.getScheme();
        if (!"http".equals(s) && !"https".equals(s) && !"file".equals(s)) {
            throw ImageException.badInput("cannot pull '" + text + "': use " + DEBIAN_HURD_AMD64
                    + ", an http(s):// or file:// URL, or a path starting with / or ./");
        }
    }

    private static URI toUri(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw ImageException.badInput("'" + text + "' is not a valid URL: " + e.getReason());
        }
    }
}
