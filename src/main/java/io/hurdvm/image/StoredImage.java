package io.hurdvm.image;

import java.nio.file.Path;

/** An image in the store: its index record and the read-only qcow2 file instances are backed by. */
public record StoredImage(ImageRecord record, Path blob) {
    public String digest() {
        return record.digest();
    }
}
