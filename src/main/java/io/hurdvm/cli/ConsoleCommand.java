package io.hurdvm.cli;

import io.hurdvm.console.ConsoleAttachClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "console", description = {"Attach to the serial console of a running instance.",
        "Detach with Ctrl-] (the guest keeps running). Several users may attach at once."},
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm console vm"})
public final class ConsoleCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NAME", description = "The instance's name.") String name;

    @Override
    public Integer call() throws Exception {
        RunningInstance vm = RunningInstance.require(CliContext.of(spec), name);
        System.err.println(ConsoleAttachClient.banner(vm.name().value()));
        ConsoleAttachClient.Ending ending = new ConsoleAttachClient(vm.paths().consoleSocket()).attachTerminal();
        System.err.println();
        System.err.println("hurdvm: " + switch (ending) {
            case DETACHED -> "detached; the guest keeps running";
            case INPUT_ENDED -> "input ended; detached";
            case CONSOLE_CLOSED -> "the console closed (the instance stopped)";
        });
        return ExitCodes.OK;
    }
}
