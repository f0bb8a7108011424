package io.hurdvm.guest.copy;

import java.nio.file.Path;
import java.util.List;

/** The guest's files as the copy needs them, over SFTP or over tar in an exec channel. */
interface RemoteFiles extends AutoCloseable {
    /** Facts about each path, in order; one round trip where the transport allows. */
    List<PathFacts> stat(List<String> paths);

    /** Copies the host's {@code source} to {@code parent/name} in the guest. */
    void upload(Path source, String parent, String name);

    /** Copies the guest's {@code parent/name} into {@code sink}. */
    void download(String parent, String name, SafeTreeWriter sink);

    @Override
    void close();
}
