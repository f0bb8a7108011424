package io.hurdvm.cli;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.guest.SshConfigBlock;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.instance.InstanceView;
import io.hurdvm.secret.InstanceSecrets;
import io.hurdvm.vm.InstanceName;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "ssh-config", description = "Print a Host block for ~/.ssh/config (then: ssh hurdvm-NAME).",
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm ssh-config vm >> ~/.ssh/config",
                "  hurdvm ssh-config vm"})
public final class SshConfigCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The instance's name.") String name;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        CliContext ctx = CliContext.of(spec);
        InstanceName n = ctx.existing(name);
        InstancePaths paths = ctx.store().paths(n);
        InstanceView view = ctx.view(n);
        if (view.ssh() == null) {
            throw new CliException(ErrorKind.VM_FAILED, "instance " + n + " has no SSH port yet: start it with 'hurdvm up " + n + "'");
        }
        int port = Integer.parseInt(view.ssh().substring(view.ssh().lastIndexOf(':') + 1));
        var key = new InstanceSecrets(paths).sshKey();
        spec.commandLine().getOut().print(new SshConfigBlock(n.value(), port, key.privateKeyFile(), paths.knownHosts()).render());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
