package io.hurdvm.cli;

import io.hurdvm.console.ConsoleAttachClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "console", description = {"Attach to the serial console of a running instance.",
        "Detach with Ctrl-] (the guest keeps running). Several users may attach at once."})
public final class ConsoleCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME") String name;

    @Override
    public Integer call() throws Exception {
        RunningInstance vm = RunningInstance.require(CliContext.fromEnvironment(), name);
        System.err.println("hurdvm: attached to " + vm.name() + "'s console; detach with Ctrl-]");
        ConsoleAttachClient.attach(vm.paths().consoleSocket());
        System.err.println();
        System.err.println("hurdvm: detached");
        return ExitCodes.OK;
    }
}
