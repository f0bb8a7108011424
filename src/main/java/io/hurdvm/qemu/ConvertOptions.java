package io.hurdvm.qemu;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How {@code qemu-img convert} runs.
 *
 * @param sourceFormat format of the source; empty means "let qemu-img probe" (only safe for trusted files)
 * @param targetFormat output format, e.g. qcow2 or raw
 * @param compress     compress qcow2 clusters (smaller, slower to write)
 * @param createOptions the target format's {@code -o} options as {@code key=value} items, e.g.
 *                     {@code cluster_size=65536}; empty for the format's defaults
 * @param timeout      converting a large image takes minutes; the caller states how long is too long
 */
public record ConvertOptions(Optional<String> sourceFormat, String targetFormat, boolean compress, List<String> createOptions,
                             Duration timeout) {
    private static final Pattern FORMAT = Pattern.compile("[a-z0-9]{2,16}");
    /** No commas in values: qemu-img would read a comma as the start of the next option. */
    private static final Pattern CREATE_OPTION = Pattern.compile("[a-z0-9_.-]+=[A-Za-z0-9_.-]+");

    public ConvertOptions {
        Objects.requireNonNull(sourceFormat, "sourceFormat");
        Objects.requireNonNull(timeout, "timeout");
        sourceFormat.ifPresent(ConvertOptions::checkFormat);
        checkFormat(targetFormat);
        createOptions = List.copyOf(createOptions);
        for (String o : createOptions) {
            if (!CREATE_OPTION.matcher(o).matches()) {
                throw new IllegalArgumentException("invalid qemu-img create option '" + o + "': use key=value without commas");
            }
        }
        if (compress && !targetFormat.equals("qcow2")) {
            throw new IllegalArgumentException("compression needs target format qcow2, not " + targetFormat);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("convert timeout must be positive");
        }
    }

    public static ConvertOptions toQcow2(String sourceFormat, Duration timeout) {
        return new ConvertOptions(Optional.of(sourceFormat), "qcow2", false, List.of(), timeout);
    }

    static void checkFormat(String format) {
        if (format == null || !FORMAT.matcher(format).matches()) {
            throw new IllegalArgumentException("invalid image format '" + format + "': use a qemu-img format name such as qcow2 or raw");
        }
    }
}
