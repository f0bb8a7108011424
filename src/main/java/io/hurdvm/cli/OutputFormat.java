package io.hurdvm.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.hurdvm.instance.JsonFiles;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * The {@code -o/--output text|json|yaml} mixin of every command that prints results: text for people,
 * JSON or YAML (the same document) for scripts.
 */
public final class OutputFormat {
    public enum Kind { text, json, yaml }

    @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Kind kind = Kind.text;

    /** json or yaml: the result is printed as a document for scripts (see {@link #print}), not as text. */
    public boolean structured() {
        return kind != Kind.text;
    }

    /** Prints {@code value} as JSON or YAML, whichever was asked for. */
    public void print(PrintWriter out, Object value) {
        if (kind == Kind.yaml) {
            try {
                out.print(Yaml.MAPPER.writeValueAsString(value));
                out.flush();
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            printJson(out, value);
        }
    }

    public static void printJson(PrintWriter out, Object value) {
        try {
            out.println(JsonFiles.MAPPER.writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Made on the first YAML output only: picocli makes this mixin for every command that prints
     * results, and a mapper built in its static initializer cost each of them Jackson's set-up.
     */
    private static final class Yaml {
        static final ObjectMapper MAPPER = YAMLMapper.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .addModule(new JavaTimeModule())
                .build();
    }
}
