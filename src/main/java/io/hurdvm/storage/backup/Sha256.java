package io.hurdvm.storage.backup;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.LongConsumer;

/** SHA-256 of bytes or of a stream (reporting progress), as lower-case hex where it is text. */
final class Sha256 {
    private Sha256() {
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    static byte[] of(byte[] data) {
        return digest().digest(data);
    }

    static String hexOf(InputStream in, LongConsumer bytesSoFar) throws IOException {
        MessageDigest md = digest();
        byte[] buf = new byte[1 << 20];
        long done = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            md.update(buf, 0, n);
            done += n;
            bytesSoFar.accept(done);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
