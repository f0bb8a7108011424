package io.hurdvm.cli.image;

import io.hurdvm.cli.CommandConventions;
import io.hurdvm.cli.HurdvmCommand;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hurdvm image}: the local image store. Register this in the root command. */
@Command(name = "image", modelTransformer = CommandConventions.class,
        description = "Pull, list, inspect and remove the disk images instances are based on.",
        subcommands = {ImagePullCommand.class, ImageListCommand.class, ImageInspectCommand.class, ImageRmCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm image pull debian-hurd-amd64", "  hurdvm image list",
            "", "Exit codes as for every command (see 'hurdvm --help'):",
            "  1 checksum mismatch (the download was deleted), network or disk failure",
            "  2 bad input: unknown source, invalid URL or option, not a disk image,",
            "    no checksum, HTTP 404, an image still used by an instance (rm)",
            "  3 no such image in the store",
            "  4 the server stopped answering"})
public final class ImageCommand implements Runnable {
    /** Null: the environment of the command tree this command belongs to. */
    private final Map<String, String> env;

    @Spec
    CommandSpec spec;

    public ImageCommand() {
        this.env = null;
    }

    /** {@code env} supplies HURDVM_HOME, XDG_DATA_HOME and HURDVM_IMAGE_MIRROR (tests pass their own). */
    public ImageCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    Map<String, String> env() {
        return env != null ? env : HurdvmCommand.environmentOf(spec).asMap();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
