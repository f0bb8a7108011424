package io.hurdvm.cli.template;

import io.hurdvm.cli.CliContext;
import io.hurdvm.cli.ExitCodes;
import io.hurdvm.cli.OutputFormat;
import io.hurdvm.lifecycle.TemplateService;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "list", aliases = "ls", description = "List templates (only complete ones: a template being written is not shown).",
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm template list",
                "  hurdvm template ls -o json"})
public final class TemplateListCommand implements Callable<Integer> {
    @Mixin OutputFormat output;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        List<TemplateService.TemplateView> all = CliContext.of(spec).templates().list();
        var out = spec.commandLine().getOut();
        if (output.structured()) {
            output.print(out, all);
            return ExitCodes.OK;
        }
        out.printf("%-20s %-16s %-10s %-10s %-8s %s%n", "TEMPLATE", "FROM", "STATE", "DISK", "CLONES", "CREATED");
        for (TemplateService.TemplateView v : all) {
            var m = v.manifest();
            out.printf("%-20s %-16s %-10s %-10s %-8d %s%n", m.name(), m.source(), TemplateText.size(m.state().bytes()),
                    TemplateText.size(m.disk().bytes()), v.clones().size(), m.createdAt());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
