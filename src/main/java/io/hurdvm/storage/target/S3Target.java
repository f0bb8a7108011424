package io.hurdvm.storage.target;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3-compatible bucket as backup target (AWS SDK v2, endpoint override, path-style addressing).
 * Large files go up as multipart uploads, which S3 makes visible only on completion; a failed
 * upload is aborted. Every request carries a Content-MD5 the server checks (the one integrity check
 * every S3-compatible server implements); the manifest's SHA-256 is checked again by {@code verify}.
 */
public final class S3Target implements BackupTarget {
    static final long MIN_PART = 8L << 20;
    private static final int MAX_PARTS = 9_000;
    /** How old an unfinished upload must be to be taken for abandoned; beyond clock skew and the lock's reach. */
    static final Duration ABANDONED_AFTER = Duration.ofHours(1);
    private static final Pattern OUR_KEY = Pattern.compile("[a-z0-9][a-z0-9_.-]*/\\d{8}T\\d{6}Z-[0-9a-f]{4}/[a-z0-9.]+");

    private final S3Client s3;
    private final TargetUri.S3 location;
    private final String where;

    public S3Target(TargetUri.S3 location, S3Settings settings) {
        this.location = location;
        this.where = location + settings.endpoint().map(e -> " (" + e + ")").orElse("");
        var builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey().reveal())))
                .forcePathStyle(settings.pathStyle())
                // Plain (non aws-chunked) bodies: the whole payload's SHA-256 is part of the SigV4
                // signature the server checks, and servers that do not decode aws-chunked (s3rver)
                // would otherwise store the chunk framing as data.
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                // Many S3-compatible servers reject the SDK's newer default (chunked uploads with
                // trailing CRC checksums); Content-MD5 below is checked by all of them.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds(5)).socketTimeout(Duration.ofMinutes(2)))
                .overrideConfiguration(o -> o.apiCallAttemptTimeout(Duration.ofMinutes(5)));
        settings.endpoint().ifPresent(builder::endpointOverride);
        this.s3 = builder.build();
    }

    @Override
    public String uri() {
        return location.toString();
    }

    private String fullKey(String key) {
        return location.prefix().isEmpty() ? key : location.prefix() + "/" + key;
    }

    @Override
    public void put(String key, Path source, TransferListener listener) {
        try {
            long size = Files.size(source);
            long partSize = Math.max(MIN_PART, (size + MAX_PARTS - 1) / MAX_PARTS);
            if (size <= 2 * partSize) {
                byte[] all = Files.readAllBytes(source);
                s3.putObject(b -> b.bucket(location.bucket()).key(fullKey(key)).contentMD5(md5(all, all.length)), RequestBody.fromBytes(all));
                listener.transferred(key, size, size);
            } else {
                multipart(key, source, size, partSize, listener);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + " for upload: " + e.getMessage(), e);
        } catch (SdkException e) {
            throw S3Errors.translate("cannot upload " + key, where, e);
        }
    }

    private void multipart(String key, Path source, long size, long partSize, TransferListener listener) throws IOException {
        String k = fullKey(key);
        String uploadId = s3.createMultipartUpload(b -> b.bucket(location.bucket()).key(k)).uploadId();
        boolean completed = false;
        try (InputStream in = Files.newInputStream(source)) {
            List<CompletedPart> parts = new ArrayList<>();
            byte[] buf = new byte[(int) partSize];
            long done = 0;
            for (int partNumber = 1; done < size; partNumber++) {
                int n = in.readNBytes(buf, 0, buf.length);
                int pn = partNumber;
                String etag = s3.uploadPart(b -> b.bucket(location.bucket()).key(k).uploadId(uploadId).partNumber(pn)
                        .contentLength((long) n).contentMD5(md5(buf, n)), RequestBody.fromByteBuffer(java.nio.ByteBuffer.wrap(buf, 0, n))).eTag();
                parts.add(CompletedPart.builder().partNumber(pn).eTag(etag).build());
                done += n;
                listener.transferred(key, done, size);
            }
            s3.completeMultipartUpload(b -> b.bucket(location.bucket()).key(k).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
            completed = true;
        } finally {
            if (!completed) {
                abortQuietly(k, uploadId);
            }
        }
    }

    private void abortQuietly(String k, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(location.bucket()).key(k).uploadId(uploadId));
        } catch (SdkException ignored) {
            // the store expires abandoned uploads by its lifecycle rules; nothing visible was created
        }
    }

    @Override
    public void get(String key, Path destination, TransferListener listener) {
        try (InputStream in = open(key); OutputStream out = Files.newOutputStream(destination)) {
            long total = in instanceof software.amazon.awssdk.core.ResponseInputStream<?> r
                    && r.response() instanceof software.amazon.awssdk.services.s3.model.GetObjectResponse g
                    && g.contentLength() != null ? g.contentLength() : -1;
            byte[] buf = new byte[1 << 20];
            long done = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
                done += n;
                listener.transferred(key, done, total);
            }
        } catch (IOException e) {
            throw new BackupTargetException(BackupTargetException.Reason.UNREACHABLE, "cannot download " + key + " from " + where + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(String key) {
        try {
            return s3.getObject(b -> b.bucket(location.bucket()).key(fullKey(key)));
        } catch (SdkException e) {
            throw S3Errors.translate("cannot download " + key, where, e);
        }
    }

    @Override
    public List<StoredObject> list(String prefix) {
        String root = location.prefix().isEmpty() ? "" : location.prefix() + "/";
        try {
            List<StoredObject> found = new ArrayList<>();
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(location.bucket()).prefix(root + prefix)).contents()) {
                found.add(new StoredObject(o.key().substring(root.length()), o.size()));
            }
            return found;
        } catch (SdkException e) {
            throw S3Errors.translate("cannot list backups", where, e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            s3.deleteObject(b -> b.bucket(location.bucket()).key(fullKey(key)));
        } catch (SdkException e) {
            throw S3Errors.translate("cannot delete " + key, where, e);
        }
    }

    /**
     * Aborts unfinished multipart uploads under {@code prefix} that a killed backup left (S3 keeps and
     * bills their parts until then). S3 has no lock to tell a dead upload from a slow one, so only
     * uploads of our own key layout ({@code instance/backup-id/file}) started more than
     * {@link #ABANDONED_AFTER} ago count as abandoned. A store that cannot list uploads (s3rver) is
     * skipped; its lifecycle rules (AbortIncompleteMultipartUpload) are then the only cleaner.
     */
    @Override
    public int removeAbandonedUploads(String prefix) {
        String root = location.prefix().isEmpty() ? "" : location.prefix() + "/";
        Instant cutoff = Instant.now().minus(ABANDONED_AFTER);
        int removed = 0;
        try {
            for (MultipartUpload u : s3.listMultipartUploadsPaginator(b -> b.bucket(location.bucket()).prefix(root + prefix)).uploads()) {
                String key = u.key().substring(root.length());
                if (OUR_KEY.matcher(key).matches() && u.initiated() != null && u.initiated().isBefore(cutoff)) {
                    s3.abortMultipartUpload(b -> b.bucket(location.bucket()).key(u.key()).uploadId(u.uploadId()));
                    removed++;
                }
            }
        } catch (S3Exception e) {
            if (e.statusCode() == 501 || (e.awsErrorDetails() != null && "NotImplemented".equals(e.awsErrorDetails().errorCode()))) {
                return removed;
            }
            throw S3Errors.translate("cannot clean up interrupted uploads", where, e);
        } catch (SdkException e) {
            throw S3Errors.translate("cannot clean up interrupted uploads", where, e);
        }
        return removed;
    }

    @Override
    public void close() {
        s3.close();
    }

    private static String md5(byte[] data, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            md.update(data, 0, length);
            return Base64.getEncoder().encodeToString(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
