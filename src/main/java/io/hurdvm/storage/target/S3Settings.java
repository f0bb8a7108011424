package io.hurdvm.storage.target;

import io.hurdvm.secret.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach an S3-compatible store. The secret key comes from a file or the environment, never
 * from a flag (argv is visible to every user of the host); {@link #toString()} masks it.
 *
 * @param endpoint  e.g. {@code http://127.0.0.1:9000}; empty means AWS itself
 * @param pathStyle {@code http://host/bucket/key} rather than {@code http://bucket.host/key};
 *                  most self-hosted servers need it
 */
public record S3Settings(Optional<URI> endpoint, String region, String accessKeyId, Secret secretAccessKey, boolean pathStyle) {
    public S3Settings {
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("S3 region must not be empty");
        }
        if (accessKeyId == null || accessKeyId.isBlank() || secretAccessKey == null) {
            throw new IllegalArgumentException("S3 credentials missing: set --s3-credentials-file FILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
        }
    }

    /**
     * Precedence: flags (endpoint, region, credentials file) > environment
     * ({@code HURDVM_S3_ENDPOINT}, {@code HURDVM_S3_REGION}, {@code HURDVM_S3_CREDENTIALS_FILE},
     * {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}) > values inside the credentials file.
     */
    public static S3Settings resolve(Optional<String> endpointFlag, Optional<String> regionFlag,
                                     Optional<Path> credentialsFileFlag, Map<String, String> env) {
        Optional<Path> credFile = credentialsFileFlag.or(() -> Optional.ofNullable(env.get("HURDVM_S3_CREDENTIALS_FILE")).map(Path::of));
        Map<String, String> file = credFile.map(S3Settings::readKeyValues).orElse(Map.of());
        String endpoint = endpointFlag.or(() -> Optional.ofNullable(env.get("HURDVM_S3_ENDPOINT"))).orElse(file.get("endpoint"));
        String region = regionFlag.or(() -> Optional.ofNullable(env.get("HURDVM_S3_REGION")))
                .or(() -> Optional.ofNullable(file.get("region"))).orElse("us-east-1");
        String id = file.containsKey("access_key_id") ? file.get("access_key_id") : env.get("AWS_ACCESS_KEY_ID");
        String secret = file.containsKey("secret_access_key") ? file.get("secret_access_key") : env.get("AWS_SECRET_ACCESS_KEY");
        if (id == null || secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("S3 credentials missing: set --s3-credentials-file FILE (access_key_id=..., secret_access_key=...) "
                    + "or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
        }
        Optional<URI> ep = Optional.ofNullable(endpoint).filter(s -> !s.isBlank()).map(S3Settings::endpointUri);
        return new S3Settings(ep, region, id, Secret.of(secret), ep.isPresent());
    }

    private static URI endpointUri(String text) {
        URI uri = URI.create(text);
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("invalid S3 endpoint '" + text + "': use http://host:port or https://host");
        }
        return uri;
    }

    /** {@code key=value} lines; blank lines and {@code #} comments are skipped. */
    static Map<String, String> readKeyValues(Path file) {
        Map<String, String> values = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String t = line.strip();
                int eq = t.indexOf('=');
                if (t.isEmpty() || t.startsWith("#") || eq < 1) {
                    continue;
                }
                values.put(t.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT), t.substring(eq + 1).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read S3 credentials file " + file + ": " + e.getMessage(), e);
        }
        return values;
    }

    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint.map(URI::toString).orElse("aws") + ", region=" + region
                + ", accessKeyId=" + accessKeyId + ", secretAccessKey=" + Secret.MASK + ", pathStyle=" + pathStyle + "]";
    }
}
