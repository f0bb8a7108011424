package io.hurdvm.cli.template;

import io.hurdvm.cli.CliContext;
import io.hurdvm.cli.ExitCodes;
import io.hurdvm.cli.OutputFormat;
import io.hurdvm.lifecycle.TemplateService;
import io.hurdvm.template.StateCompression;
import io.hurdvm.template.TemplateName;
import io.hurdvm.vm.InstanceName;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "create", description = {"Save a running, ready instance as a template.",
        "The guest's file systems are synced, the VM is paused for about a second while its memory and device state are"
                + " saved and its disk overlay is copied as the template's read-only layer, then it runs on unchanged (on its"
                + " own overlay, which the template no longer shares)."},
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm template create ci --from builder",
                "  hurdvm template create ci-fast --from builder --compression none"})
public final class TemplateCreateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TEMPLATE", description = "The new template's name: 1-48 of a-z, 0-9, '.', '_', '-', starting with a letter or digit.") String name;
    @Option(names = "--from", required = true, paramLabel = "NAME", description = "The running instance to save.") String from;
    @Option(names = "--compression", paramLabel = "none|zstd|zstd:N", defaultValue = "zstd",
            description = "How the machine state is stored (default ${DEFAULT-VALUE}: zstd level 1).") String compression;
    @Mixin OutputFormat output;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        TemplateName template = TemplateName.of(name);
        InstanceName source = InstanceName.of(from);
        StateCompression how = StateCompression.parse(compression);
        CliContext ctx = CliContext.of(spec);
        var err = spec.commandLine().getErr();
        TemplateService.TemplateView view = ctx.templates().create(template, source, how,
                line -> {
                    if (!output.structured()) {
                        err.println("hurdvm: " + line);
                    }
                });
        if (output.structured()) {
            output.print(spec.commandLine().getOut(), view);
        } else {
            var m = view.manifest();
            spec.commandLine().getOut().printf("template %s saved from %s: state %s (%s, %s raw), disk layer %s; %s was paused %.1f s%n",
                    m.name(), m.source(), TemplateText.size(m.state().bytes()), m.state().compression(),
                    TemplateText.size(m.state().rawBytes()), TemplateText.size(m.disk().bytes()), m.source(), m.state().saveMillis() / 1000.0);
            spec.commandLine().getOut().println("clone it: hurdvm up NEW --template " + m.name());
        }
        return ExitCodes.OK;
    }
}
