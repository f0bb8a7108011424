package io.hurdvm.cli.image;

import io.hurdvm.image.StoredImage;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "list", aliases = "ls", description = "List the images in the store.",
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm image list",
                "  hurdvm image ls -o json"})
final class ImageListCommand extends ImageSubcommand {
    private static final String ROW = "%-36s %-19s %10s %10s  %s%n";

    @Override
    void execute(PrintWriter out) throws Exception {
        List<StoredImage> images = store().list();
        if (output.structured()) {
            output.print(out, images.stream().map(ImageSubcommand::json).toList());
            return;
        }
        out.printf(ROW, "NAME", "DIGEST", "SIZE", "VIRTUAL", "PULLED");
        for (StoredImage i : images) {
            List<String> tags = i.record().tags().isEmpty() ? List.of("<none>") : i.record().tags();
            for (String tag : tags) {
                out.printf(ROW, tag, i.digest().substring(0, Math.min(19, i.digest().length())),
                        mib(i.record().fileBytes()), mib(i.record().virtualBytes()),
                        i.record().pulledAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            }
        }
    }

    static String mib(long bytes) {
        return (bytes >> 20) + " MiB";
    }
}
