package io.hurdvm.guest.copy;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks a tar stream from the guest ({@code tar -c ./NAME}) into a {@link SafeTreeWriter}. The
 * stream is hostile: every name must lie below the expected top ({@code NAME} or {@code ./NAME}),
 * absolute names and {@code ..} are refused, and special files (devices, FIFOs) are not created.
 */
final class TarReader {
    private TarReader() {
    }

    static void extract(InputStream tar, String top, SafeTreeWriter out) throws IOException {
        TarArchiveInputStream in = new TarArchiveInputStream(tar);
        boolean any = false;
        for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
            any = true;
            List<String> below = below(e.getName(), top);
            if (e.isSymbolicLink()) {
                out.symlink(below, e.getLinkName());
            } else if (e.isLink()) {
                out.hardLink(below, below(e.getLinkName(), top));
            } else if (e.isDirectory()) {
                out.directory(below, e.getMode());
            } else if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO() || !e.isFile()) {
                throw CopyException.refused("cannot copy special file '" + CopyPlanner.printable(e.getName())
                        + "' from the guest (a device, FIFO or unknown type)");
            } else {
                out.file(below, e.getMode(), in);
            }
        }
        if (!any) {
            throw CopyException.refused("the guest's tar sent an empty archive");
        }
    }

    /**
     * The components of an archive name below {@code top}: {@code ./NAME/a/b} → [a, b]. Refuses
     * absolute names, {@code ..} anywhere, and names outside {@code top}.
     */
    static List<String> below(String name, String top) {
        if (name.startsWith("/")) {
            throw refused(name, "it is an absolute path");
        }
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                throw refused(name, "it contains '..'");
            }
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        if (parts.isEmpty() || !parts.get(0).equals(top)) {
            throw refused(name, "it is not below '" + CopyPlanner.printable(top) + "'");
        }
        return List.copyOf(parts.subList(1, parts.size()));
    }

    private static CopyException refused(String name, String why) {
        return CopyException.refused("refusing tar entry '" + CopyPlanner.printable(name) + "' from the guest: " + why);
    }
}
