package io.hurdvm.cli;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.guest.GuestSsh;
import io.hurdvm.guest.copy.GuestCopier;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "cp", description = {"Copy files or directories to or from a guest, like cp -r.",
        "One side is NAME:/path, the guest's; the other a local path.",
        "An existing directory DST receives the copy inside it; otherwise DST becomes the copy.",
        "Permissions are kept, symbolic links are copied as links. Uses SFTP when the guest has an SFTP server,"
                + " otherwise tar over SSH (Debian GNU/Hurd images often come without sftp-server)."},
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm cp ./src vm:/root/",
                "  hurdvm cp vm:/etc/motd .",
                "  hurdvm cp vm:/var/log ./guest-logs"})
public final class CpCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "SRC", description = "What to copy: a local path or NAME:/path in the guest.") String source;
    @Parameters(index = "1", paramLabel = "DST", description = "Where to: NAME:/path in the guest or a local path.") String target;

    /** {@code NAME:/path}; a local path may contain ':' only after a '/' (like scp). */
    record Remote(String instance, String path) {
        static Remote parse(String arg) {
            int colon = arg.indexOf(':');
            int slash = arg.indexOf('/');
            if (colon <= 0 || (slash >= 0 && slash < colon)) {
                return null;
            }
            String path = arg.substring(colon + 1);
            return new Remote(arg.substring(0, colon), path.isEmpty() ? "." : path);
        }
    }

    @Override
    public Integer call() {
        Remote from = Remote.parse(source);
        Remote to = Remote.parse(target);
        if ((from == null) == (to == null)) {
            throw new CliException(ErrorKind.BAD_INPUT, "exactly one of SRC and DST must be NAME:/path (got '" + source + "' and '" + target + "')");
        }
        CliContext ctx = CliContext.of(spec);
        try (GuestSsh ssh = GuestConnection.open(ctx, from != null ? from.instance() : to.instance())) {
            GuestCopier copier = new GuestCopier(ssh);
            if (from != null) {
                copier.download(from.path(), target);
            } else {
                copier.upload(Path.of(source), to.path());
            }
        }
        return ExitCodes.OK;
    }
}
