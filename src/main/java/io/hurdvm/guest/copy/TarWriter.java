package io.hurdvm.guest.copy;

import io.hurdvm.errors.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Packs a host file or tree as a tar stream whose names start with {@code top}, for {@code tar -x}
 * in the guest (GNU tar on Hurd, busybox tar in the test guest). Symbolic links are stored as
 * links, never followed; modes carry the rwx bits only; owners are left to the guest ({@code -o}).
 * Long names use the GNU extension, which both tars read.
 */
final class TarWriter {
    private static final int DIRECTORY_TYPE = 0040000;
    private static final int FILE_TYPE = 0100000;
    private static final int LINK_MODE = 0120777;

    private TarWriter() {
    }

    static void write(Path source, String top, OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                TarArchiveEntry e = new TarArchiveEntry(nameOf(dir) + "/");
                e.setMode(DIRECTORY_TYPE | FileModes.of(dir));
                e.setModTime(attrs.lastModifiedTime());
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isSymbolicLink()) {
                    TarArchiveEntry e = new TarArchiveEntry(nameOf(file), TarConstants.LF_SYMLINK);
                    e.setLinkName(Files.readSymbolicLink(file).toString());
                    e.setMode(LINK_MODE);
                    e.setModTime(attrs.lastModifiedTime());
                    tar.putArchiveEntry(e);
                    tar.closeArchiveEntry();
                } else if (attrs.isRegularFile()) {
                    TarArchiveEntry e = new TarArchiveEntry(nameOf(file));
                    e.setMode(FILE_TYPE | FileModes.of(file));
                    e.setSize(attrs.size());
                    e.setModTime(attrs.lastModifiedTime());
                    tar.putArchiveEntry(e);
                    try (InputStream in = Files.newInputStream(file)) {
                        in.transferTo(tar);
                    }
                    tar.closeArchiveEntry();
                } else {
                    throw new CopyException(ErrorKind.BAD_INPUT,
                            "cannot copy " + file + ": it is neither a file, a directory nor a symbolic link");
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                throw e;
            }

            private String nameOf(Path p) {
                Path rel = source.relativize(p);
                return rel.toString().isEmpty() ? top : top + "/" + rel;
            }
        });
        tar.finish();
        tar.flush();
    }
}
