package io.hurdvm.cli.image;

import io.hurdvm.image.Checksum;
import io.hurdvm.image.StoreFormat;
import io.hurdvm.image.Downloader;
import io.hurdvm.image.ImageConverter;
import io.hurdvm.image.ImageException;
import io.hurdvm.image.ImagePuller;
import io.hurdvm.image.ImageRef;
import io.hurdvm.image.ImageSource;
import io.hurdvm.progress.Progress;
import io.hurdvm.qemu.QemuImgCli;
import io.hurdvm.image.StoredImage;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "pull",
        description = {"Download, verify and convert an image into the store.",
            "SOURCE is debian-hurd-amd64 (the official dated Debian GNU/Hurd amd64 image; set HURDVM_IMAGE_MIRROR"
                + " to a cdimage mirror's base URL), an http(s):// or file:// URL, or a path.",
            "Accepted: .img, .img.tar.gz, .img.tar.xz, .qcow2, .iso. Verified against --sha256/--sha512, or the"
                + " publisher's SHA256SUMS/SHA512SUMS beside the file. An interrupted download resumes on the next pull."},
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm image pull",
                "  hurdvm image pull https://example.org/hurd.img.tar.xz --sha256 HEX --name hurd:2025",
                "  hurdvm image pull ./debian-hurd.img --name hurd:local"})
final class ImagePullCommand extends ImageSubcommand {
    @Parameters(arity = "0..1", defaultValue = ImageSource.DEBIAN_HURD_AMD64, paramLabel = "SOURCE",
            description = "debian-hurd-amd64 (default), an http(s):// or file:// URL, or a path.")
    String source;

    @Option(names = "--sha256", paramLabel = "HEX", description = "Expected SHA-256 of the downloaded file.")
    String sha256;

    @Option(names = "--sha512", paramLabel = "HEX", description = "Expected SHA-512 of the downloaded file.")
    String sha512;

    @Option(names = "--no-verify", description = "Accept the file without any checksum (not recommended).")
    boolean noVerify;

    @Option(names = "--name", paramLabel = "NAME[:TAG]", description = "A name for the image (repeatable; default: from the source).")
    List<String> names = new ArrayList<>();

    @Option(names = "--connect-timeout", defaultValue = "20", paramLabel = "SECONDS",
            description = "Give up connecting to the server after this long (default: ${DEFAULT-VALUE}).")
    long connectTimeout;

    @Option(names = "--read-timeout", defaultValue = "60", paramLabel = "SECONDS",
            description = "Give up on a transfer when no byte arrives for this long (default: ${DEFAULT-VALUE}).")
    long readTimeout;

    @Option(names = "--retries", defaultValue = "3", description = "Resume attempts after a dropped transfer (default: ${DEFAULT-VALUE}).")
    int retries;

    @Override
    void execute(PrintWriter out) throws Exception {
        if (sha256 != null && sha512 != null) {
            throw ImageException.badInput("give --sha256 or --sha512, not both");
        }
        Optional<Checksum> expected = Optional.ofNullable(sha256).map(h -> new Checksum(Checksum.Algorithm.SHA256, h))
                .or(() -> Optional.ofNullable(sha512).map(h -> new Checksum(Checksum.Algorithm.SHA512, h)));
        if (expected.isPresent() && noVerify) {
            throw ImageException.badInput("--no-verify contradicts a given checksum: drop one of them");
        }
        if (connectTimeout < 1 || readTimeout < 1 || retries < 0) {
            throw ImageException.badInput("timeouts must be at least 1 s and --retries at least 0");
        }
        ImageSource src = ImageSource.parse(source, parent.env());
        Downloader downloader = new Downloader(new Downloader.Settings(Duration.ofSeconds(connectTimeout),
                Duration.ofSeconds(readTimeout), retries, Duration.ofSeconds(2)));
        ImageConverter converter = new ImageConverter(new QemuImgCli(), StoreFormat.defaults(), Duration.ofHours(2));
        // progress goes to stderr, so --output json on stdout stays parseable
        Progress progress = Progress.forTerminalOr(spec.commandLine().getErr());
        StoredImage image = new ImagePuller(store(), downloader, converter, progress).pull(new ImagePuller.Request(
                src, expected, !noVerify, names.stream().map(ImageRef::parse).toList()));
        if (output.structured()) {
            output.print(out, json(image));
        } else {
            out.printf("pulled %s %s (%d MiB qcow2, %d MiB virtual)%n", String.join(", ", image.record().tags()),
                    image.digest(), image.record().fileBytes() >> 20, image.record().virtualBytes() >> 20);
        }
    }
}
