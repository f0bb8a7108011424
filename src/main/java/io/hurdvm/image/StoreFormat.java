package io.hurdvm.image;

import io.hurdvm.qemu.ConvertOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How store images are written. Defaults come from the measurements in docs/images.md.
 *
 * @param compressed       compress clusters ({@code qemu-img convert -c}); guest writes go to the overlay,
 *                         so a compressed base costs only decompression on reads
 * @param compressionType  {@code zlib} or {@code zstd}
 * @param clusterSizeBytes a power of two from 512 B to 2 MiB
 * @param preallocation    {@code off} or {@code metadata} (QEMU refuses metadata with compression)
 */
public record StoreFormat(boolean compressed, String compressionType, long clusterSizeBytes, String preallocation) {
    public StoreFormat {
        if (!Set.of("zlib", "zstd").contains(compressionType)) {
            throw ImageException.badInput("unknown compression type '" + compressionType + "': use zlib or zstd");
        }
        if (clusterSizeBytes < 512 || clusterSizeBytes > (2 << 20) || Long.bitCount(clusterSizeBytes) != 1) {
            throw ImageException.badInput("invalid cluster size " + clusterSizeBytes + ": use a power of two from 512 to 2M");
        }
        if (!Set.of("off", "metadata").contains(preallocation)) {
            throw ImageException.badInput("unknown preallocation '" + preallocation + "': use off or metadata");
        }
        if (compressed && !preallocation.equals("off")) {
            throw ImageException.badInput("compressed images cannot be preallocated: use preallocation=off");
        }
    }

    public static StoreFormat defaults() {
        return new StoreFormat(true, "zstd", 64 * 1024, "off");
    }

    /** How to convert a {@code sourceFormat} image into this form. */
    public ConvertOptions toQemu(String sourceFormat, Duration timeout) {
        return new ConvertOptions(Optional.of(sourceFormat), "qcow2", compressed, createOptions(), timeout);
    }

    /** The {@code qemu-img convert} options, as recorded with each stored image. */
    public String describe() {
        return (compressed ? "-c " : "") + "-o " + String.join(",", createOptions());
    }

    private List<String> createOptions() {
        return List.of("compat=1.1", "compression_type=" + compressionType, "cluster_size=" + clusterSizeBytes,
                "preallocation=" + preallocation);
    }
}
