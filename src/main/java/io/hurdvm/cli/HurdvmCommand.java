package io.hurdvm.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Root of the {@code hurdvm} command line; each verb is its own class in this package. */
@Command(name = "hurdvm", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Runs Debian GNU/Hurd virtual machines under QEMU.")
public final class HurdvmCommand implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new HurdvmCommand()).execute(args));
    }
}
