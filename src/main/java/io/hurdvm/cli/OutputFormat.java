package io.hurdvm.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.hurdvm.instance.JsonFiles;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** The {@code --output text|json} mixin shared by commands that print results. */
public final class OutputFormat {
    public enum Kind { text, json }

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "Output format: text or json (default: ${DEFAULT-VALUE}).")
    Kind kind = Kind.text;

    public boolean json() {
        return kind == Kind.json;
    }

    public static void printJson(PrintWriter out, Object value) {
        try {
            out.println(JsonFiles.MAPPER.writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
