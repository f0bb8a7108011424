package io.hurdvm.cli;

import io.hurdvm.guest.GuestSsh;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "cp", description = {"Copy files or directories to or from a guest over SFTP.",
        "One side is NAME:/path: hurdvm cp ./dir hurd:/root/  or  hurdvm cp hurd:/etc/motd ."})
public final class CpCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SRC") String source;
    @Parameters(index = "1", paramLabel = "DST") String target;
    @Spec CommandSpec spec;

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
            throw new CliException(ExitCodes.USAGE, "exactly one of SRC and DST must be NAME:/path (got '" + source + "' and '" + target + "')");
        }
        CliContext ctx = CliContext.fromEnvironment();
        try (GuestSsh ssh = GuestConnection.open(ctx, from != null ? from.instance() : to.instance())) {
            if (from != null) {
                ssh.download(from.path(), Path.of(target));
            } else {
                ssh.upload(Path.of(source), to.path());
            }
        }
        return ExitCodes.OK;
    }
}
