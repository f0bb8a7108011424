package io.hurdvm.image;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP/1.1 server on 127.0.0.1 serving test files, with byte ranges (206, 416, If-Range on
 * a strong ETag) and two failure modes: cut the connection after N body bytes, or stall after N.
 */
final class TestImageServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final AtomicInteger cutsLeft = new AtomicInteger();
    private final AtomicLong cutAfter = new AtomicLong(-1);
    private final AtomicLong stallAfter = new AtomicLong(-1);
    private final AtomicLong bodyBytesSent = new AtomicLong();
    private final CountDownLatch closing = new CountDownLatch(1);

    TestImageServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    void put(String path, byte[] content) {
        files.put(path, content);
    }

    /** The next {@code times} responses longer than {@code bytes} end abruptly after {@code bytes} body bytes. */
    void cutConnectionAfter(long bytes, int times) {
        cutAfter.set(bytes);
        cutsLeft.set(times);
    }

    /** Every response stops sending (but keeps the connection open) after {@code bytes} body bytes. */
    void stallAfter(long bytes) {
        stallAfter.set(bytes);
    }

    /** One line per request: {@code GET /path [Range: ...] [If-Range: ...]}. */
    List<String> requests() {
        return List.copyOf(log);
    }

    long bodyBytesSent() {
        return bodyBytesSent.get();
    }

    static String etag(byte[] content) {
        return "\"" + Integer.toHexString(java.util.Arrays.hashCode(content)) + "-" + content.length + "\"";
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String range = ex.getRequestHeaders().getFirst("Range");
        String ifRange = ex.getRequestHeaders().getFirst("If-Range");
        log.add(ex.getRequestMethod() + " " + path + (range == null ? "" : " Range: " + range)
                + (ifRange == null ? "" : " If-Range: " + ifRange));
        byte[] content = files.get(path);
        if (content == null) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        ex.getResponseHeaders().set("ETag", etag(content));
        ex.getResponseHeaders().set("Accept-Ranges", "bytes");
        long start = 0;
        int status = 200;
        if (range != null && range.startsWith("bytes=") && range.endsWith("-")
                && (ifRange == null || ifRange.equals(etag(content)))) {
            start = Long.parseLong(range.substring(6, range.length() - 1));
            if (start >= content.length) {
                ex.getResponseHeaders().set("Content-Range", "bytes */" + content.length);
                ex.sendResponseHeaders(416, -1);
                ex.close();
                return;
            }
            status = 206;
            ex.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + (content.length - 1) + "/" + content.length);
        }
        send(ex, status, content, (int) start);
    }

    private void send(HttpExchange ex, int status, byte[] content, int start) throws IOException {
        int length = content.length - start;
        ex.sendResponseHeaders(status, length);
        long limit = length;
        // only responses long enough to be cut count against the cuts (a SHA256SUMS fetch does not)
        if (length > cutAfter.get() && cutsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            limit = cutAfter.get();
        }
        boolean stall = stallAfter.get() >= 0 && stallAfter.get() < limit;
        if (stall) {
            limit = stallAfter.get();
        }
        OutputStream out = ex.getResponseBody();
        out.write(content, start, (int) limit);
        out.flush();
        bodyBytesSent.addAndGet(limit);
        if (stall) {
            awaitClose(); // keeps the connection open and silent until the client gives up or the test ends
        }
        ex.close(); // with fewer bytes than Content-Length, HttpServer drops the connection
    }

    private void awaitClose() {
        try {
            closing.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
