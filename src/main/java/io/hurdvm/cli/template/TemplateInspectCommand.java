package io.hurdvm.cli.template;

import io.hurdvm.cli.CliContext;
import io.hurdvm.cli.ExitCodes;
import io.hurdvm.cli.OutputFormat;
import io.hurdvm.lifecycle.TemplateService;
import io.hurdvm.template.TemplateName;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "inspect", description = "Show a template: source, QEMU build, device model, sizes, hashes, clones.",
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm template inspect ci",
                "  hurdvm template inspect ci -o json"})
public final class TemplateInspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TEMPLATE", description = "The template to show.") String name;
    @Mixin OutputFormat output;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        TemplateService.TemplateView v = CliContext.of(spec).templates().inspect(TemplateName.of(name));
        var out = spec.commandLine().getOut();
        if (output.structured()) {
            output.print(out, v);
            return ExitCodes.OK;
        }
        var m = v.manifest();
        out.println("template:      " + m.name());
        out.println("folder:        " + v.dir());
        out.println("created:       " + m.createdAt() + " from instance " + m.source());
        out.println("qemu:          " + m.qemu());
        out.println("device model:  sha256 " + m.deviceModelSha256());
        out.println("machine:       " + m.spec().profile() + ", " + m.spec().memoryMib() + " MiB, " + m.spec().cpus() + " vCPU, "
                + m.spec().accel());
        out.println("state:         " + TemplateText.size(m.state().bytes()) + " (" + m.state().compression() + ", "
                + TemplateText.size(m.state().rawBytes()) + " raw); the source was paused " + m.state().saveMillis() + " ms");
        out.println("disk layer:    " + TemplateText.size(m.disk().bytes()) + ", sha256 " + m.disk().sha256());
        out.println("backed by:     " + m.disk().backingFile());
        out.println("clones:        " + (v.clones().isEmpty() ? "none" : String.join(", ", v.clones())));
        out.flush();
        return ExitCodes.OK;
    }
}
