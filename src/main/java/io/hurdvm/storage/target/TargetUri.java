package io.hurdvm.storage.target;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** A parsed {@code --target}: {@code file:///dir} or {@code s3://bucket/prefix}. */
public sealed interface TargetUri {
    record LocalDir(Path dir) implements TargetUri {
        public LocalDir {
            if (!dir.isAbsolute()) {
                throw new IllegalArgumentException("backup directory must be absolute: " + dir);
            }
        }

        @Override
        public String toString() {
            return dir.toUri().toString();
        }
    }

    /** @param prefix key prefix without leading or trailing slash; may be empty */
    record S3(String bucket, String prefix) implements TargetUri {
        public S3 {
            if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
                throw new IllegalArgumentException("invalid S3 bucket name '" + bucket + "': use 3-63 lower-case letters, digits, '.' or '-'");
            }
            prefix = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
        }

        @Override
        public String toString() {
            return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
        }
    }

    static TargetUri parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("backup target is empty: use file:///dir or s3://bucket/prefix");
        }
        if (text.startsWith("/")) {
            return new LocalDir(Path.of(text).normalize());
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid backup target '" + text + "': " + e.getReason());
        }
        if (uri.getUserInfo() != null) {
            throw new IllegalArgumentException("backup target must not carry credentials: use --s3-credentials-file or the environment");
        }
        return switch (uri.getScheme() == null ? "" : uri.getScheme()) {
            case "file" -> new LocalDir(Path.of(uri).normalize());
            case "s3" -> new S3(uri.getHost(), uri.getPath());
            default -> throw new IllegalArgumentException("unsupported backup target '" + text + "': use file:///dir or s3://bucket/prefix");
        };
    }
}
