package io.hurdvm.lifecycle;

import io.hurdvm.env.HostEnvironment;
import io.hurdvm.image.StoreFormat;
import io.hurdvm.image.Downloader;
import io.hurdvm.image.ImageConverter;
import io.hurdvm.image.ImagePuller;
import io.hurdvm.image.ImageStore;
import io.hurdvm.progress.Progress;
import io.hurdvm.qemu.QemuImgCli;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What {@code --image} names: a file on disk, or an image of the store (a name such as
 * {@code debian-hurd-amd64}, a digest, or a URL), pulled on first use. Instances are overlays on
 * store blobs, so ten instances of one image share it.
 */
final class ImageReference {
    private ImageReference() {
    }

    /** The file to back the instance with, or empty when {@code image} is a plain path. */
    static Optional<Path> resolveStored(Path home, String image, HostEnvironment env, PrintWriter progress) {
        boolean isFile = Files.exists(Path.of(image));
        boolean looksLikePath = image.startsWith("/") || image.startsWith("./") || image.startsWith("../") || image.endsWith(".img")
                || image.endsWith(".qcow2") || image.endsWith(".iso") || image.endsWith(".raw");
        if (isFile || (looksLikePath && !image.contains("://"))) {
            return Optional.empty();
        }
        Downloader downloader = new Downloader(new Downloader.Settings(Duration.ofSeconds(30), Duration.ofSeconds(60), 3,
                Duration.ofSeconds(2)));
        ImageConverter converter = new ImageConverter(new QemuImgCli(), StoreFormat.defaults(), Duration.ofHours(2));
        ImagePuller puller = new ImagePuller(new ImageStore(home), downloader, converter, Progress.forTerminalOr(progress));
        return Optional.of(puller.ensure(image, env.asMap()).blob());
    }
}
