package io.hurdvm.cli;

import io.hurdvm.guest.GuestSsh;
import io.hurdvm.terminal.RawTerminal;
import io.hurdvm.guest.KnownHostsFile;
import io.hurdvm.guest.OpenSshCommand;
import io.hurdvm.guest.SshConfigBlock;
import io.hurdvm.instance.InstanceView;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ssh", description = {"Open a shell in the guest, or run one command.",
        "A command gets this command's stdin (until its end): tar c . | hurdvm ssh NAME -- tar x -C /src.",
        "The remote command's exit code is passed through (128+n after signal n). The host key is pinned on first contact.",
        "A command runs through the system's OpenSSH client when 'ssh' is on PATH (HURDVM_SSH_CLIENT=mina: the built-in client)."},
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm ssh vm",
                "  hurdvm ssh vm -- uname -a",
                "  tar c . | hurdvm ssh vm -- tar x -C /src",
                "  hurdvm ssh vm --timeout 60s -- make check"})
public final class SshCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NAME", description = "The instance's name.") String name;
    @Parameters(index = "1..*", paramLabel = "CMD", description = "Command to run (after --).") List<String> command;
    @Option(names = "--reset-host-key", description = "Forget the pinned host key (after reinstalling the guest).") boolean resetHostKey;
    @Option(names = "--timeout", defaultValue = "0", description = "Limit for a command, e.g. 60s (default: none).") String timeout;

    @Override
    public Integer call() throws Exception {
        CliContext ctx = CliContext.of(spec);
        if (resetHostKey) {
            var paths = ctx.store().paths(ctx.existing(name));
            SshFastPath.forget(paths.sshFastPath());
            new KnownHostsFile(paths.knownHosts()).remove(KnownHostsFile.aliasFor(paths.name()));
        }
        Duration limit = io.hurdvm.config.SizeParser.duration("--timeout", timeout);
        if (limit.isZero()) {
            limit = Duration.ofDays(365); // "no limit" for a command the user runs by hand
        }
        RunningInstance vm = RunningInstance.require(ctx, name);
        InstanceView view = ctx.view(vm.name());
        int port = GuestConnection.sshPort(vm, view);
        boolean hasCommand = command != null && !command.isEmpty();
        if (hasCommand) {
            var openSsh = openSsh(ctx, vm, port);
            if (openSsh.isPresent()) {
                SshFastPath.record(vm.paths().sshFastPath(), vm, view, openSsh.get());
                return OpenSshRun.run(openSsh.get().argv(String.join(" ", command)), limit);
            }
        }
        try (GuestSsh ssh = GuestConnection.connect(GuestConnection.target(vm, port))) {
            return hasCommand ? runCommand(ssh, String.join(" ", command), limit) : interactive(ssh, ctx.host().term());
        }
    }

    /**
     * The system OpenSSH client's argv for {@code command}, when there is one and the host key is
     * pinned. Decided before any SSH or key class loads: that loading is most of the built-in client's
     * start. The launcher's class-cache training runs it too ({@link CacheTraining}).
     */
    static java.util.Optional<OpenSshCommand> openSsh(CliContext ctx, RunningInstance vm, int port) {
        var block = SshConfigBlock.forInstance(vm.paths(), port);
        var client = OpenSshCommand.findClient(ctx.env());
        if (client.isPresent() && OpenSshCommand.usable(block)) {
            return java.util.Optional.of(new OpenSshCommand(client.get(), block));
        }
        return java.util.Optional.empty();
    }

    /**
     * Arguments are joined like OpenSSH does: the remote shell parses the result. stdin is streamed
     * to the command and closed at its end; output goes to the raw file descriptors, so binary data
     * passes unchanged (no PrintStream, no charset).
     */
    private static int runCommand(GuestSsh ssh, String command, Duration limit) throws java.io.IOException {
        System.out.flush();
        System.err.flush();
        FileOutputStream out = new FileOutputStream(FileDescriptor.out);
        FileOutputStream err = new FileOutputStream(FileDescriptor.err);
        try {
            return ssh.exec(command, new FileInputStream(FileDescriptor.in), out, err, limit);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int interactive(GuestSsh ssh, String userTerm) throws java.io.IOException {
        int[] size = RawTerminal.size();
        try (RawTerminal terminal = RawTerminal.enter()) {
            String term = terminal.isRaw() ? userTerm : "dumb";
            return ssh.shell(System.in, System.out, System.err, term, size[0], size[1]);
        }
    }
}
