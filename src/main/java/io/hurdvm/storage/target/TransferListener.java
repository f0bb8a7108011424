package io.hurdvm.storage.target;

/** Told how far a transfer of one object has got; called from the transferring thread. */
@FunctionalInterface
public interface TransferListener {
    TransferListener NONE = (name, done, total) -> { };

    void transferred(String name, long doneBytes, long totalBytes);
}
