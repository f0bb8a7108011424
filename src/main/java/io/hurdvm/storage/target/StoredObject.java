package io.hurdvm.storage.target;

/** One object in a target: its key relative to the target root and its size in bytes. */
public record StoredObject(String key, long size) {
    public StoredObject {
        if (key == null || key.isBlank() || key.startsWith("/")) {
            throw new IllegalArgumentException("object key must be relative and not blank: " + key);
        }
        if (size < 0) {
            throw new IllegalArgumentException("object size must not be negative: " + size);
        }
    }
}
