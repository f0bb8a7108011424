package io.hurdvm.cli.image;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hurdvm image}: the local image store. Register this in the root command. */
@Command(name = "image", mixinStandardHelpOptions = true,
        description = "Pull, list, inspect and remove the disk images instances are based on.",
        subcommands = {ImagePullCommand.class, ImageListCommand.class, ImageInspectCommand.class, ImageRmCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "2:bad input (unknown image, invalid URL or option, file is not a disk image, no checksum, HTTP 404)",
            "3:checksum mismatch (the download was deleted)",
            "4:network or I/O failure (connection lost or timed out, disk full, qemu-img failed)",
            "5:image still used by an instance (image rm)"})
public final class ImageCommand implements Runnable {
    private final Map<String, String> env;

    @Spec
    CommandSpec spec;

    public ImageCommand() {
        this(System.getenv());
    }

    /** {@code env} supplies HURDVM_HOME, XDG_DATA_HOME and HURDVM_IMAGE_MIRROR (tests pass their own). */
    public ImageCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    Map<String, String> env() {
        return env;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
