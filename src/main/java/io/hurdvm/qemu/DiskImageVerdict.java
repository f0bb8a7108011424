package io.hurdvm.qemu;

import java.util.Optional;

/**
 * Whether a file can serve as a base disk image.
 *
 * @param format the format qemu-img detected, when the file is an image
 * @param reason one line saying why not, when it is not
 */
public record DiskImageVerdict(Optional<String> format, Optional<String> reason) {
    public DiskImageVerdict {
        if (format.isPresent() == reason.isPresent()) {
            throw new IllegalArgumentException("a verdict has either a format or a reason");
        }
    }

    public static DiskImageVerdict image(String format) {
        return new DiskImageVerdict(Optional.of(format), Optional.empty());
    }

    public static DiskImageVerdict notAnImage(String reason) {
        return new DiskImageVerdict(Optional.empty(), Optional.of(reason));
    }

    public boolean isDiskImage() {
        return format.isPresent();
    }
}
