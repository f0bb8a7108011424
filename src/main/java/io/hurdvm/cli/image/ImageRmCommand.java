package io.hurdvm.cli.image;

import io.hurdvm.image.ImageException;
import io.hurdvm.image.ImageUsers;
import io.hurdvm.image.InstanceOverlayUsers;
import io.hurdvm.qemu.QemuImgCli;
import io.hurdvm.image.StoreLocation;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "rm",
        description = {"Remove images from the store.",
            "A name whose image has other names only loses that name; otherwise the image file is deleted, unless an"
                + " instance's disk or a template's layer still uses it."},
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm image rm hurd:old",
                "  hurdvm image rm sha256:3f2a hurd:local"})
final class ImageRmCommand extends ImageSubcommand {
    @Parameters(arity = "1..*", paramLabel = "REF", description = "NAME[:TAG] or sha256:DIGEST (repeatable).")
    List<String> refs;

    @Override
    void execute(PrintWriter out) throws Exception {
        InstanceOverlayUsers instances = new InstanceOverlayUsers(StoreLocation.instances(home()), new QemuImgCli());
        // A template's layer is a qcow2 backed by the image too, in the same folder-per-name layout.
        InstanceOverlayUsers templates = new InstanceOverlayUsers(home().resolve("templates"), new QemuImgCli());
        ImageUsers users = blob -> java.util.stream.Stream.concat(instances.usersOf(blob).stream(),
                templates.usersOf(blob).stream().map(t -> "template " + t)).toList();
        List<String> done = new ArrayList<>();
        ImageException failure = null;
        for (String ref : refs) {
            try {
                done.add(store().rm(ref, users));
            } catch (ImageException e) {
                spec.commandLine().getErr().println("hurdvm: " + e.getMessage());
                failure = failure == null ? e : failure;
            }
        }
        if (output.structured()) {
            output.print(out, done);
        } else {
            done.forEach(out::println);
        }
        if (failure != null) {
            // each failure was reported above; the first one's kind decides the exit code
            throw new ImageException(failure.kind(), (refs.size() - done.size()) + " of " + refs.size() + " images not removed");
        }
    }
}
