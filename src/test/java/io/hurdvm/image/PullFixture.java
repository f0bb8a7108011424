package io.hurdvm.image;

import io.hurdvm.progress.PlainLines;
import io.hurdvm.qemu.QemuImgCli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** A store under a temp HURDVM_HOME, a local image server, and a puller wired to both. */
final class PullFixture implements AutoCloseable {
    final Path home;
    final TestImageServer server;
    final ImageStore store;
    final StringWriter progressText = new StringWriter();

    PullFixture(Path home) throws Exception {
        this.home = home;
        this.server = new TestImageServer();
        this.store = new ImageStore(home);
    }

    ImagePuller puller(int retries, Duration readTimeout) {
        Downloader downloader = new Downloader(new Downloader.Settings(Duration.ofSeconds(5), readTimeout, retries,
                Duration.ofMillis(10)));
        ImageConverter converter = new ImageConverter(new QemuImgCli(), StoreFormat.defaults(), Duration.ofMinutes(2));
        return new ImagePuller(store, downloader, converter,
                new PlainLines(new PrintWriter(progressText, true), System::nanoTime));
    }

    ImagePuller puller() {
        return puller(3, Duration.ofSeconds(10));
    }

    StoredImage pull(String path) {
        return puller().pull(ImagePuller.Request.of(source(path)));
    }

    ImageSource source(String path) {
        return ImageSource.parse(server.uri(path).toString(), Map.of());
    }

    /** Serves {@code content} at {@code dir/name} with a SHA256SUMS beside it that lists it. */
    void publish(String dir, String name, byte[] content) throws Exception {
        server.put(dir + "/" + name, content);
        server.put(dir + "/SHA256SUMS", TestImages.sha256Sums(Map.of(name, content)));
    }

    @Override
    public void close() {
        server.close();
    }
}
