package io.hurdvm.image;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which bytes of the resource a response carries: from {@code start} (0 for a whole-file 200, the
 * resume offset for a 206) up to {@code total} (negative when the server does not say).
 */
record ResponseRange(long start, long total) {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private static final Pattern UNSATISFIED = Pattern.compile("bytes \\*/(\\d+)");

    static ResponseRange of(HttpResponse<InputStream> resp, long requestedStart, URI uri, PartialDownload partial)
            throws IOException, Downloader.TransferInterrupted {
        int status = resp.statusCode();
        String contentRange = resp.headers().firstValue("Content-Range").orElse("");
        if (status == 200) {
            return new ResponseRange(0, resp.headers().firstValueAsLong("Content-Length").orElse(-1));
        }
        Matcher partialContent = CONTENT_RANGE.matcher(contentRange);
        if (status == 206 && partialContent.matches() && Long.parseLong(partialContent.group(1)) == requestedStart) {
            String total = partialContent.group(3);
            return new ResponseRange(requestedStart, total.equals("*") ? -1 : Long.parseLong(total));
        }
        resp.body().close(); // an error page or an unusable range: release the connection
        if (status == 206) {
            throw restart(partial, "server answered the resume request with range '" + contentRange + "'");
        }
        if (status == 416) {
            Matcher m = UNSATISFIED.matcher(contentRange);
            if (m.matches() && Long.parseLong(m.group(1)) == requestedStart) {
                return new ResponseRange(requestedStart, requestedStart); // the part was already complete
            }
            throw restart(partial, "the partial download no longer fits the file on the server");
        }
        if (status == 404 || status == 410) {
            throw ImageException.badInput("image not found (HTTP " + status + "): " + uri + "; check the URL or mirror");
        }
        if (status >= 500 || status == 408 || status == 429) {
            throw new Downloader.TransferInterrupted("server error HTTP " + status, null);
        }
        throw ImageException.io("cannot download " + uri + ": HTTP " + status, null);
    }

    /** The next attempt starts from byte 0 (the body of this response is not part of the file). */
    private static Downloader.TransferInterrupted restart(PartialDownload partial, String why) {
        partial.delete();
        return new Downloader.TransferInterrupted(why + "; starting over", null);
    }

    /** A response carrying a body that continues the part (nothing to write for a completed 416). */
    boolean hasBody() {
        return total < 0 || start < total;
    }
}
