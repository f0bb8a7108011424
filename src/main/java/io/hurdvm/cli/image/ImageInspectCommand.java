package io.hurdvm.cli.image;

import io.hurdvm.image.ImageRecord;
import io.hurdvm.image.StoredImage;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "inspect",
        description = "Show one image: digest, names, source, checksums, sizes, conversion options.",
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm image inspect debian-hurd-amd64",
                "  hurdvm image inspect sha256:3f2a -o yaml"})
final class ImageInspectCommand extends ImageSubcommand {
    @Parameters(paramLabel = "REF", description = "NAME[:TAG] or sha256:DIGEST (a unique prefix will do).")
    String ref;

    @Override
    void execute(PrintWriter out) throws Exception {
        StoredImage image = store().inspect(ref);
        if (output.structured()) {
            output.print(out, json(image));
            return;
        }
        ImageRecord r = image.record();
        out.println("digest:            " + r.digest());
        out.println("names:             " + (r.tags().isEmpty() ? "<none>" : String.join(", ", r.tags())));
        out.println("blob:              " + image.blob());
        out.println("source:            " + r.source());
        out.println("upstream checksum: " + (r.upstreamChecksum().isEmpty() ? "<not verified>" : r.upstreamChecksum()));
        out.println("pulled at:         " + r.pulledAt());
        out.println("source format:     " + r.sourceFormat());
        out.println("download size:     " + r.downloadBytes() + " bytes");
        out.println("file size:         " + r.fileBytes() + " bytes");
        out.println("virtual size:      " + r.virtualBytes() + " bytes");
        out.println("convert options:   " + r.convertOptions());
    }
}
