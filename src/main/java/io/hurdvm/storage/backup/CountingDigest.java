package io.hurdvm.storage.backup;

/** The SHA-256 (lower-case hex) and length of a stream, read once. */
record CountingDigest(String sha256, long bytes) {
}
