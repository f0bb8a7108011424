package io.hurdvm.cli;

import io.hurdvm.env.HostEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The top command's own attributes (name, standard options, description, examples), without its
 * verbs: {@link HurdvmCommand} adds them all; {@link HurdvmCommand#commandLine(String...)} adds
 * only the one a command line invokes.
 */
@Command(name = "hurdvm", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        modelTransformer = CommandConventions.class,
        description = "Runs Debian GNU/Hurd virtual machines under QEMU.",
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm image pull debian-hurd-amd64",
                "  hurdvm up vm --image debian-hurd-amd64 --memory 2048",
                "  hurdvm ssh vm -- uname -a",
                "  hurdvm down vm",
                "", "State lives in HURDVM_HOME (default: $XDG_DATA_HOME/hurdvm, else",
                "~/.local/share/hurdvm)."})
public class HurdvmRoot implements Runnable {
    private final HostEnvironment env;

    /** @param env what every command of the tree reads its environment from ({@link HurdvmCommand#environmentOf}) */
    public HurdvmRoot(HostEnvironment env) {
        this.env = env;
    }

    HostEnvironment env() {
        return env;
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
