package io.hurdvm.cli.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.hurdvm.cli.ErrorReporter;
import io.hurdvm.cli.OutputFormat;
import io.hurdvm.errors.ErrorText;
import io.hurdvm.image.ImageException;
import io.hurdvm.image.ImageStore;
import io.hurdvm.image.StoreLocation;
import io.hurdvm.image.StoredImage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Shared by the image subcommands: output format, the store, and errors turned into exit codes. */
abstract class ImageSubcommand implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    @ParentCommand
    ImageCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    OutputFormat output;

    abstract void execute(PrintWriter out) throws Exception;

    @Override
    public final Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try {
            execute(out);
            out.flush();
            return 0;
        } catch (ImageException e) {
            out.flush();
            spec.commandLine().getErr().println("hurdvm: " + ErrorText.of(e));
            return ErrorReporter.exitCodeOf(e);
        }
    }

    Path home() {
        return StoreLocation.home(parent.env());
    }

    ImageStore store() {
        return new ImageStore(home());
    }

    /** The JSON form of one image: its record plus where the blob is. */
    static Map<String, Object> json(StoredImage image) {
        Map<String, Object> m = new LinkedHashMap<>(JSON.convertValue(image.record(), Map.class));
        m.put("blob", image.blob().toString());
        return m;
    }
}
