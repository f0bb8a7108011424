package io.hurdvm.cli;

import io.hurdvm.env.HostEnvironment;
import io.hurdvm.errors.ErrorKind;
import io.hurdvm.config.SizeParser;
import io.hurdvm.job.JobException;
import io.hurdvm.job.RunJob;
import io.hurdvm.job.RunSpec;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", description = {"Run one command in a fresh, throwaway VM and return its exit code.",
        "The VM is a clone of template T (resumed in seconds) or, with --image I, a cold boot of image I.",
        "--sync copies DIR's content into the guest (default folder " + RunSpec.DEFAULT_GUEST_DIR + ", replaced if it"
                + " exists), where CMD then runs; without --sync CMD runs in /root. CMD's output is streamed; its stdin is empty.",
        "--copy-back copies a guest file or folder into a host folder after CMD (also when CMD failed).",
        "The VM is removed afterwards: on success, failure, timeout, Ctrl-C and SIGTERM; --keep keeps it and says how to reach it.",
        "Exit code: CMD's own (128+n after signal n) once it ran; otherwise 2 bad input, 4 --timeout ran out,"
                + " 5 the VM failed to start, 1 anything else."},
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm run --template ci --sync . --copy-back /root/work/out:./out -- make check",
                "  hurdvm run --image debian-hurd-amd64 --timeout 40m -- uname -a"})
public final class RunCommand implements Callable<Integer> {
    @Spec CommandSpec commandSpec;
    @Option(names = "--template", paramLabel = "TEMPLATE", description = "Clone this template (warm: seconds).") String template;
    @Option(names = "--image", paramLabel = "IMAGE", description = "Boot this image instead (cold: minutes for Hurd).") String image;
    @Option(names = "--sync", paramLabel = "DIR[:GUESTDIR]", description = "Copy DIR's content into GUESTDIR (default " + RunSpec.DEFAULT_GUEST_DIR + ").") String sync;
    @Option(names = "--copy-back", paramLabel = "GUESTPATH:HOSTDIR", description = "After CMD, copy GUESTPATH into HOSTDIR (repeatable).") List<String> copyBack = new ArrayList<>();
    @Option(names = "--env", paramLabel = "NAME", description = "Pass the host's variable NAME to CMD (repeatable; never on a command line).") List<String> env = new ArrayList<>();
    @Option(names = "--timeout", paramLabel = "DURATION", description = "Budget of the whole job, e.g. 20m (default: none).") String timeout;
    @Option(names = "--keep", description = "Keep the VM afterwards (for debugging).") boolean keep;
    @Parameters(paramLabel = "CMD", description = "The command and its arguments, after --.") List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        HostEnvironment host = HurdvmCommand.environmentOf(commandSpec);
        Duration limit = timeout == null ? Duration.ZERO : SizeParser.duration("--timeout", timeout);
        RunSpec spec = new RunSpec(Optional.ofNullable(template), Optional.ofNullable(image),
                Optional.ofNullable(sync).map(RunSpec.Sync::parse), copyBack.stream().map(RunSpec.CopyBack::parse).toList(),
                variables(host), limit, keep, command);
        CliContext ctx = CliContext.of(host);
        System.out.flush();
        FileOutputStream out = new FileOutputStream(FileDescriptor.out);
        FileOutputStream err = new FileOutputStream(FileDescriptor.err);
        RunJob job = new RunJob(ctx.service(), line -> {
            System.err.println("hurdvm: " + line);
            System.err.flush();
        }, out, err);
        return job.run(spec);
    }

    private Map<String, String> variables(HostEnvironment host) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String name : env) {
            String value = host.asMap().get(name);
            if (value == null) {
                throw new JobException(ErrorKind.BAD_INPUT, "--env " + name + ": no such variable in this environment");
            }
            vars.put(name, value);
        }
        return vars;
    }
}
