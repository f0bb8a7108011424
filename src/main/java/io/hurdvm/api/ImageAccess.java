package io.hurdvm.api;

import io.hurdvm.image.ImageException;
import io.hurdvm.image.ImageSource;
import io.hurdvm.image.ImageStore;
import io.hurdvm.image.StoredImage;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which images an API client may name as {@code image} in an {@code up} body. The daemon opens the
 * image as its own user (often root) and QEMU reads it, so a client may not choose any host file or
 * URL: only an image of the store (name, {@code name:tag}, {@code sha256:...}), the official
 * {@value ImageSource#DEBIAN_HURD_AMD64} image (pulled and checksum-verified from the source the
 * operator configured), a file below a folder the operator allowed ({@code serve --allow-image-dir}),
 * or an http(s) URL below a prefix the operator allowed ({@code serve --allow-image-url-prefix}).
 *
 * @param dirs        allowed folders, absolute (a file below one of them, or below its real path, is allowed
 *                    if its own real path is below a folder's real path)
 * @param urlPrefixes allowed URL prefixes, each an http(s) URL whose path ends with '/'
 */
public record ImageAccess(List<Path> dirs, List<URI> urlPrefixes) {
    public ImageAccess {
        dirs = List.copyOf(dirs);
        urlPrefixes = List.copyOf(urlPrefixes);
    }

    /** Store images and the official image only. */
    public static ImageAccess storeOnly() {
        return new ImageAccess(List.of(), List.of());
    }

    /** From {@code serve}'s options; a folder that does not exist or a prefix that is no http(s) URL is bad input. */
    public static ImageAccess of(List<Path> dirs, List<String> urlPrefixes) {
        dirs.forEach(ImageAccess::realDir);
        List<URI> prefixes = urlPrefixes.stream().map(ImageAccess::prefix).toList();
        return new ImageAccess(dirs.stream().map(d -> d.toAbsolutePath().normalize()).toList(), prefixes);
    }

    /**
     * The value to hand the lifecycle service for {@code image}: a store image becomes its blob's
     * path and an allowed file its real path, so what was checked is what gets opened.
     */
    String admit(String image, ImageStore store) {
        String t = image.strip();
        if (t.isEmpty()) {
            throw ApiException.badRequest("'image' is empty: name an image of the store (see 'hurdvm image list')");
        }
        if (ImageSource.isAlias(t)) {
            return t;
        }
        if (t.contains("://")) {
            return admitUrl(t);
        }
        if (t.startsWith("/")) {
            return admitFile(t);
        }
        if (t.contains("/")) {
            throw ApiException.badRequest("image '" + t + "': give a store image name or an absolute path (a relative path means nothing to the daemon)");
        }
        Optional<StoredImage> stored;
        try {
            stored = store.find(t);
        } catch (ImageException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        return stored.map(s -> s.blob().toString()).orElseThrow(() -> ApiException.badRequest("no image '" + t
                + "' in the daemon's store: pull it there first ('hurdvm image pull' on the daemon's host)"));
    }

    private String admitFile(String t) {
        Path lexical = Path.of(t).normalize();
        String hint = dirs.isEmpty() ? "this daemon allows no image folder (serve --allow-image-dir DIR)"
                : "allowed folders: " + String.join(", ", dirs.stream().map(Path::toString).toList());
        List<Path> realDirs = dirs.stream().map(ImageAccess::realDir).toList();
        // Checked before the file is looked at, so the answer does not tell which host files exist.
        if (dirs.stream().noneMatch(lexical::startsWith) && realDirs.stream().noneMatch(lexical::startsWith)) {
            throw new ApiException(403, "image " + t + " is not below a folder the operator allowed: " + hint);
        }
        Path real;
        try {
            real = lexical.toRealPath();
        } catch (NoSuchFileException e) {
            throw ApiException.badRequest("image " + t + " does not exist");
        } catch (IOException e) {
            throw ApiException.badRequest("image " + t + " cannot be read: " + e.getClass().getSimpleName());
        }
        if (realDirs.stream().noneMatch(real::startsWith)) {
            throw new ApiException(403, "image " + t + " leads to " + real + " (a symbolic link), which is not below a folder the operator allowed: " + hint);
        }
        if (!Files.isRegularFile(real)) {
            throw ApiException.badRequest("image " + t + " is not a regular file");
        }
        return real.toString();
    }

    private String admitUrl(String t) {
        URI uri;
        try {
            uri = new URI(t).normalize();
        } catch (URISyntaxException e) {
            throw ApiException.badRequest("image '" + t + "' is not a valid URL: " + e.getReason());
        }
        if (urlPrefixes.stream().noneMatch(p -> isBelow(uri, p))) {
            throw new ApiException(403, "image URL " + t + " is not below a prefix the operator allowed: "
                    + (urlPrefixes.isEmpty() ? "this daemon allows no image URL (serve --allow-image-url-prefix URL)"
                    : "allowed prefixes: " + String.join(", ", urlPrefixes.stream().map(URI::toString).toList())));
        }
        return uri.toString();
    }

    /** Same scheme, host and port, no user info, and a path below the prefix's with no encoded dot or slash. */
    private static boolean isBelow(URI uri, URI prefix) {
        String path = uri.getRawPath();
        return uri.getScheme() != null && uri.getScheme().equalsIgnoreCase(prefix.getScheme())
                && uri.getHost() != null && uri.getHost().equalsIgnoreCase(prefix.getHost())
                && port(uri) == port(prefix) && uri.getRawUserInfo() == null
                && path != null && path.startsWith(prefix.getRawPath()) && !path.contains("/../")
                && !path.toLowerCase(Locale.ROOT).matches(".*%(2e|2f|5c).*");
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private static Path realDir(Path dir) {
        try {
            Path real = dir.toAbsolutePath().toRealPath();
            if (!Files.isDirectory(real)) {
                throw new IllegalArgumentException("--allow-image-dir " + dir + " is not a folder");
            }
            return real;
        } catch (IOException e) {
            throw new IllegalArgumentException("--allow-image-dir " + dir + " does not exist: create it or fix the path");
        }
    }

    private static URI prefix(String text) {
        URI uri;
        try {
            uri = new URI(text.strip()).normalize();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid --allow-image-url-prefix '" + text + "': " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("invalid --allow-image-url-prefix '" + text + "': use an http(s) URL such as https://images.example.org/hurd/");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        // A prefix is a folder: https://h/img must not allow https://h/img-private/...
        return URI.create(scheme + "://" + uri.getRawAuthority() + (path.endsWith("/") ? path : path + "/"));
    }
}
