package io.hurdvm.image;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.errors.ErrorText;
import io.hurdvm.progress.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;

/**
 * Streams an http(s) resource into a {@code .part} file, never holding it in memory. A part left
 * by an interrupted transfer is resumed with {@code Range} + {@code If-Range}, so a changed file
 * on the server restarts the download instead of being spliced. Connection drops and stalls are
 * retried (resuming each time); local write failures, HTTP 4xx, a refused connection and an unknown
 * host are not: retries are for transient errors.
 */
public final class Downloader {
    /** Connect timeout, stall (no byte received) timeout, retries after a dropped transfer. */
    public record Settings(Duration connectTimeout, Duration readTimeout, int retries, Duration retryDelay) {
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(20), Duration.ofSeconds(60), 3, Duration.ofSeconds(2));
        }
    }

    private final Settings settings;
    private final HttpClient client;

    public Downloader(Settings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    public Settings settings() {
        return settings;
    }

    /** Downloads {@code uri} completely into {@code part}, resuming what an earlier run left there. */
    public void download(URI uri, Path part, Progress progress) {
        PartialDownload partial = new PartialDownload(part);
        for (int attempt = 0; ; attempt++) {
            try {
                transfer(uri, partial, progress);
                return;
            } catch (TransferInterrupted e) {
                if (attempt >= settings.retries()) {
                    throw new ImageException(e.timedOut() ? ErrorKind.TIMEOUT : ErrorKind.UPSTREAM_FAILED,
                            "download of " + uri + " failed: " + e.getMessage()
                            + " (after " + (attempt + 1) + " attempts); run the pull again to resume it", e);
                }
                pause(settings.retryDelay().multipliedBy(1L << Math.min(attempt, 5)));
            }
        }
    }

    /** A small text file such as {@code SHA256SUMS}; empty when there is none (404 or no such file). */
    public Optional<String> fetchText(URI uri) {
        try {
            if ("file".equals(uri.getScheme())) {
                Path p = Path.of(uri);
                return Files.isRegularFile(p) ? Optional.of(Files.readString(p)) : Optional.empty();
            }
            HttpResponse<String> resp = client.send(HttpRequest.newBuilder(uri).timeout(settings.readTimeout()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() == 404 || resp.statusCode() == 410) {
                return Optional.empty();
            }
            if (resp.statusCode() != 200) {
                throw ImageException.io("cannot fetch " + uri + ": HTTP " + resp.statusCode(), null);
            }
            return Optional.of(resp.body());
        } catch (ConnectException | UnknownHostException e) {
            throw unreachable(uri, e);
        } catch (HttpTimeoutException e) {
            throw new ImageException(ErrorKind.TIMEOUT, "cannot fetch " + uri + ": no answer within "
                    + settings.readTimeout().toSeconds() + " s", e);
        } catch (IOException e) {
            throw ImageException.io("cannot fetch " + uri + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ImageException.io("interrupted while fetching " + uri, e);
        }
    }

    private void transfer(URI uri, PartialDownload partial, Progress progress) throws TransferInterrupted {
        try {
            long have = local(partial::resumableBytes);
            HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(settings.readTimeout()).GET();
            if (have > 0) {
                req.header("Range", "bytes=" + have + "-").header("If-Range", local(partial::validator).orElseThrow());
            }
            HttpResponse<InputStream> resp = client.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
            ResponseRange range = ResponseRange.of(resp, have, uri, partial);
            if (range.start() == 0) {
                local(() -> partial.restart(validatorOf(resp)));
            }
            if (!range.hasBody()) {
                return;
            }
            try (InputStream body = resp.body();
                 FileChannel out = local(() -> FileChannel.open(partial.part(), StandardOpenOption.WRITE))) {
                out.position(range.start());
                new StallGuardedCopy(settings.readTimeout()).copy(body, out, range, progress, uri);
            }
        } catch (ConnectException | UnknownHostException e) {
            // Nothing listens there, or the name does not resolve: retrying in seconds will not change that.
            throw unreachable(uri, e);
        } catch (HttpTimeoutException e) {
            throw TransferInterrupted.timedOut("no response from " + uri.getHost() + " within "
                    + settings.readTimeout().toSeconds() + " s", e);
        } catch (IOException e) {
            throw new TransferInterrupted("connection to " + uri.getHost() + " failed: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ImageException.io("download of " + uri + " interrupted", e);
        }
    }

    /** Local file work inside a transfer: its failures are not network failures and are not retried. */
    private interface LocalIo<T> {
        T run() throws IOException;
    }

    private static <T> T local(LocalIo<T> op) {
        try {
            return op.run();
        } catch (IOException e) {
            throw ImageException.writeFailed("downloading", e);
        }
    }

    /** ETags are strong unless {@code W/}-prefixed; {@code If-Range} accepts only strong ones. */
    private static Optional<String> validatorOf(HttpResponse<?> resp) {
        Optional<String> etag = resp.headers().firstValue("ETag").filter(t -> !t.startsWith("W/"));
        return etag.isPresent() ? etag : resp.headers().firstValue("Last-Modified");
    }

    static String describe(IOException e) {
        return ErrorText.of(e);
    }

    /** "cannot connect to 127.0.0.1:1 (connection refused)": a failure a retry would only repeat. */
    private static ImageException unreachable(URI uri, IOException e) {
        String what = e instanceof UnknownHostException ? "unknown host" : ErrorText.of(e);
        return ImageException.io("cannot connect to " + uri.getHost() + ":" + port(uri) + " (" + what + ")", e);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d); // back-off between retries, not synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ImageException.io("download interrupted", e);
        }
    }

    /** A transfer that failed in a way a retry (resuming) may fix. */
    static final class TransferInterrupted extends Exception {
        private final boolean timedOut;

        TransferInterrupted(String message, Throwable cause) {
            this(message, cause, false);
        }

        private TransferInterrupted(String message, Throwable cause, boolean timedOut) {
            super(message, cause);
            this.timedOut = timedOut;
        }

        /** The server stopped answering: if every attempt ends so, the pull timed out (rather than failed). */
        static TransferInterrupted timedOut(String message, Throwable cause) {
            return new TransferInterrupted(message, cause, true);
        }

        boolean timedOut() {
            return timedOut;
        }
    }
}
