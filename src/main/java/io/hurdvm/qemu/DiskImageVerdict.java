package io.hurdvm.qemu;

import java.util.Optional;

/**
 * Whether a file can serve as a base disk image.
 *
 * @param format      the format qemu-img detected, when the file is an image
 * @param reason      one line saying why not, when it is not
 * @param virtualSize the image's virtual size in bytes as qemu-img read it with the format (0 when it is not an image)
 */
public record DiskImageVerdict(Optional<String> format, Optional<String> reason, long virtualSize) {
    public DiskImageVerdict {
        if (format.isPresent() == reason.isPresent()) {
            throw new IllegalArgumentException("a verdict has either a format or a reason");
        }
    }

    public static DiskImageVerdict image(String format, long virtualSize) {
        return new DiskImageVerdict(Optional.of(format), Optional.empty(), virtualSize);
    }

    public static DiskImageVerdict notAnImage(String reason) {
        return new DiskImageVerdict(Optional.empty(), Optional.of(reason), 0);
    }

    public boolean isDiskImage() {
        return format.isPresent();
    }
}
