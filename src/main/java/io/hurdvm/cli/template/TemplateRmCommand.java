package io.hurdvm.cli.template;

import io.hurdvm.cli.CliContext;
import io.hurdvm.cli.ExitCodes;
import io.hurdvm.template.TemplateName;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "rm", description = "Remove a template; refused while instances cloned from it exist (they are named).",
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm template rm ci"})
public final class TemplateRmCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TEMPLATE", description = "The template to remove.") String name;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        CliContext.of(spec).templates().remove(TemplateName.of(name));
        spec.commandLine().getOut().println("removed template " + name);
        return ExitCodes.OK;
    }
}
