package io.hurdvm.image;

import io.hurdvm.progress.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pulls an image into the store: source, download, verify, unpack, probe, convert, store. Every
 * step works in the store's {@code tmp/}; on any failure the temp files are removed (except a part
 * download a later pull can resume), so the store's images and index are exactly as before.
 */
public final class ImagePuller {
    /**
     * @param expected a checksum the user gave; without it the publisher's SHA256SUMS/SHA512SUMS is used
     * @param verify   false only when the user explicitly accepts an unverified image
     * @param names    names to give the image; empty for the source's default names
     */
    public record Request(ImageSource source, Optional<Checksum> expected, boolean verify, List<ImageRef> names) {
        public Request {
            names = List.copyOf(names);
        }

        public static Request of(ImageSource source) {
            return new Request(source, Optional.empty(), true, List.of());
        }
    }

    private final ImageStore store;
    private final Downloader downloader;
    private final ImageConverter converter;
    private final Progress progress;

    public ImagePuller(ImageStore store, Downloader downloader, ImageConverter converter, Progress progress) {
        this.store = store;
        this.downloader = downloader;
        this.converter = converter;
        this.progress = progress;
    }

    /**
     * For {@code up --image X}: the stored image X, or, when X is a source (the Debian alias or a
     * URL) not pulled before, pulls it first. {@code env} may name a mirror ({@link ImageSource#MIRROR_ENV}).
     */
    public StoredImage ensure(String refOrSource, Map<String, String> env) {
        boolean looksLikeRef = refOrSource.startsWith("sha256:") || !refOrSource.contains("/");
        if (looksLikeRef) {
            Optional<StoredImage> stored = store.find(refOrSource);
            if (stored.isPresent() || !ImageSource.isAlias(refOrSource)) {
                return stored.orElseGet(() -> store.inspect(refOrSource)); // inspect names what is missing
            }
        }
        ImageSource source = ImageSource.parse(refOrSource, env);
        return store.list().stream().filter(i -> source.uri().toString().equals(i.record().source())).findFirst()
                .orElseGet(() -> pull(Request.of(source)));
    }

    public StoredImage pull(Request req) {
        ImageSource src = req.source();
        Optional<Checksum> expected = expectedChecksum(req);
        try (PullWorkspace ws = new PullWorkspace(store.tmpDir(), src.uri())) {
            boolean keepPart = false;
            try {
                Path downloaded = fetchAndVerify(src, expected, ws);
                return convertAndStore(req, downloaded, expected, ws);
            } catch (ImageException e) {
                // A network failure leaves a part a later pull can resume (a refused connection, too: it may
                // have interrupted a pull that had already fetched gigabytes); bad content never does.
                keepPart = e.getCause() instanceof Downloader.TransferInterrupted
                        || e.getCause() instanceof java.net.ConnectException || e.getCause() instanceof java.net.UnknownHostException;
                throw e;
            } catch (IOException e) {
                throw ImageException.io("pull of " + src.uri() + " failed: " + e.getMessage(), e);
            } finally {
                ws.clean(keepPart);
            }
        }
    }

    /** The verified file as published: a download in {@code tmp/}, or a local file read in place. */
    private Path fetchAndVerify(ImageSource src, Optional<Checksum> expected, PullWorkspace ws) {
        Path file = src.isLocalFile() ? localFile(src) : ws.part();
        if (!src.isLocalFile()) {
            downloader.download(src.uri(), file, progress);
        }
        expected.ifPresent(c -> ChecksumVerifier.verify(file, src.fileName(), c, !src.isLocalFile(), progress));
        return file;
    }

    private StoredImage convertAndStore(Request req, Path downloaded, Optional<Checksum> expected, PullWorkspace ws)
            throws IOException {
        ImageSource src = req.source();
        Path image = downloaded;
        if (src.format().isArchive()) {
            ArchiveExtractor.extractSingleImage(downloaded, src.format(), ws.extracted(), progress);
            image = ws.extracted();
        }
        DiskFormat format = DiskImageProbe.probe(image, src.format().isArchive() ? "the .img in " + src.fileName() : src.fileName());
        Files.deleteIfExists(ws.converted()); // left by a pull that died between converting and storing
        long virtualBytes = converter.convert(image, format, src.fileName(), ws.converted(), progress);
        Checksum digest = ChecksumVerifier.compute(ws.converted(), Checksum.Algorithm.SHA256); // names the blob
        ImageRecord record = new ImageRecord(digest.toString(), names(req), src.uri().toString(),
                expected.map(Checksum::toString).orElse(""), Instant.now(), Files.size(downloaded),
                Files.size(ws.converted()), virtualBytes, format.description(), converter.format().describe());
        return store.add(ws.converted(), record);
    }

    private Optional<Checksum> expectedChecksum(Request req) {
        if (req.expected().isPresent() || !req.verify()) {
            return req.expected();
        }
        ImageSource src = req.source();
        for (String list : List.of("SHA256SUMS", "SHA512SUMS")) {
            Optional<Checksum> c = downloader.fetchText(src.sibling(list))
                    .flatMap(text -> ChecksumVerifier.findInSums(text, src.fileName()));
            if (c.isPresent()) {
                return c;
            }
        }
        throw ImageException.badInput("no checksum for " + src.fileName() + ": no SHA256SUMS or SHA512SUMS beside it lists it;"
                + " pass --sha256 HEX (or --no-verify to accept it unverified)");
    }

    private static Path localFile(ImageSource src) {
        Path p = Path.of(src.uri());
        if (!Files.isRegularFile(p)) {
            throw ImageException.badInput("no such file: " + p);
        }
        return p;
    }

    private static List<String> names(Request req) {
        return (req.names().isEmpty() ? req.source().names() : req.names()).stream().map(ImageRef::toString).toList();
    }
}
