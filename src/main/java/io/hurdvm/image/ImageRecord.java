package io.hurdvm.image;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One stored image as {@code index.json} records it.
 *
 * @param digest           {@code sha256:<hex>} of the stored qcow2 file: the blob's name
 * @param tags             {@code name:tag} references pointing at it (may be empty once retagged)
 * @param source           where it was pulled from
 * @param upstreamChecksum the publisher's checksum of the downloaded file, or empty when unverified
 * @param pulledAt         when it entered the store
 * @param downloadBytes    size of what was downloaded (archive or image)
 * @param fileBytes        size of the stored qcow2
 * @param virtualBytes     disk size the guest sees
 * @param sourceFormat     what the image was before conversion, e.g. {@code raw disk, MBR}
 * @param convertOptions   the {@code qemu-img convert} options it was written with
 */
public record ImageRecord(String digest, List<String> tags, String source, String upstreamChecksum, Instant pulledAt,
                          long downloadBytes, long fileBytes, long virtualBytes, String sourceFormat,
                          String convertOptions) {
    public ImageRecord {
        Objects.requireNonNull(digest, "digest");
        tags = List.copyOf(tags == null ? List.of() : tags);
        upstreamChecksum = upstreamChecksum == null ? "" : upstreamChecksum;
    }

    public ImageRecord withTags(List<String> newTags) {
        return new ImageRecord(digest, newTags, source, upstreamChecksum, pulledAt, downloadBytes, fileBytes,
                virtualBytes, sourceFormat, convertOptions);
    }

    /** The hex part of the digest, which names the blob file. */
    public String digestHex() {
        return digest.substring(digest.indexOf(':') + 1);
    }
}
