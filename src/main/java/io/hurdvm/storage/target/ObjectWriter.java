package io.hurdvm.storage.target;

import java.io.IOException;
import java.io.OutputStream;

/** Produces the bytes of one object into the stream a target gives it (see {@link BackupTarget#write}). */
@FunctionalInterface
public interface ObjectWriter {
    void writeTo(OutputStream out) throws IOException;
}
