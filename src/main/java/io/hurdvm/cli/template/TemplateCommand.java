package io.hurdvm.cli.template;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hurdvm template}: saved machines that clones resume in about a second. */
@Command(name = "template", description = {"Make, list, inspect and remove templates: saved machines that clones resume in seconds.",
        "A template is a running instance's saved machine (memory, devices, disk), from which 'hurdvm up NEW --template T'"
                + " and 'hurdvm run --template T' start clones instead of booting.",
        "Templates live in HURDVM_HOME/templates (on the volume in containers)."},
        subcommands = {TemplateCreateCommand.class, TemplateListCommand.class, TemplateInspectCommand.class,
                TemplateRmCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm template create ci --from builder",
                "  hurdvm template list"})
public final class TemplateCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
