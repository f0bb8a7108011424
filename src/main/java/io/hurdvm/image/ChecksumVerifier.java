package io.hurdvm.image;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.progress.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads publishers' SHA256SUMS/SHA512SUMS lists and checks files against a digest. */
public final class ChecksumVerifier {
    /** GNU coreutils form: {@code <hex>  <name>} (text mode) or {@code <hex> *<name>} (binary mode). */
    private static final Pattern GNU_LINE = Pattern.compile("^\\\\?([0-9a-fA-F]{64}|[0-9a-fA-F]{128}) [ *](.+)$");
    /** BSD/--tag form: {@code SHA256 (<name>) = <hex>}. */
    private static final Pattern BSD_LINE = Pattern.compile("^SHA(256|512) \\((.+)\\) = ([0-9a-fA-F]+)$");

    private ChecksumVerifier() {
    }

    /** The digest the list gives for {@code fileName}, matched on the last path component. */
    public static Optional<Checksum> findInSums(String sums, String fileName) {
        for (String raw : sums.split("\r?\n")) {
            String line = raw.strip();
            Matcher gnu = GNU_LINE.matcher(line);
            Matcher bsd = BSD_LINE.matcher(line);
            if (gnu.matches() && baseName(gnu.group(2)).equals(fileName)) {
                return Optional.of(Checksum.parse(gnu.group(1)));
            }
            if (bsd.matches() && baseName(bsd.group(2)).equals(fileName)) {
                return Optional.of(Checksum.parse("sha" + bsd.group(1) + ":" + bsd.group(3)));
            }
        }
        return Optional.empty();
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    public static Checksum compute(Path file, Checksum.Algorithm algorithm) {
        return compute(file, algorithm, Progress.SILENT);
    }

    /** Hashes {@code file}, reporting progress: a multi-GiB image takes a while. */
    public static Checksum compute(Path file, Checksum.Algorithm algorithm, Progress progress) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance(algorithm.jcaName());
            byte[] buf = new byte[1 << 20];
            long done = 0;
            for (int n; (n = in.read(buf)) > 0; done += n) {
                md.update(buf, 0, n);
                progress.advance(done + n);
            }
            return new Checksum(algorithm, HexFormat.of().formatHex(md.digest()));
        } catch (IOException e) {
            throw ImageException.io("cannot read " + file + " to check its checksum: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm.jcaName(), e);
        }
    }

    /**
     * Checks {@code file} against {@code expected}. On a mismatch a download is deleted (it must not
     * be resumed or used; a user's own local file is left alone) and the error says expected vs actual.
     */
    public static void verify(Path file, String displayName, Checksum expected, boolean isDownload,
                              Progress progress) {
        progress.start("verify " + expected.algorithm().prefix() + " of " + displayName, sizeOf(file));
        Checksum actual;
        try {
            actual = compute(file, expected.algorithm(), progress);
        } catch (RuntimeException e) {
            progress.abort();
            throw e;
        }
        progress.finish();
        if (!actual.equals(expected)) {
            if (isDownload) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // the mismatch is the error that matters; the puller removes its temp files anyway
                }
            }
            throw new ImageException(ErrorKind.DAMAGED, "checksum mismatch for " + displayName
                    + ": expected " + expected + ", got " + actual + (isDownload ? "; the download was deleted" : "")
                    + ". Check the URL and the checksum, or try another mirror");
        }
    }
}
