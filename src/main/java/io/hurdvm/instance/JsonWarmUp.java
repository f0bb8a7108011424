package io.hurdvm.instance;

import java.io.IOException;

/**
 * Starts Jackson's first use in a fresh JVM on a daemon thread, on the other core, while the caller
 * sets up logging or builds its command model. That first use (the mapper, the JDK date, locale and
 * BigDecimal classes it initializes, each type's (de)serializer) costs a supervisor or a {@code status}
 * about as much as the rest of its Java start. A class of its own: calling a method of {@link JsonFiles}
 * would make the mapper on the calling thread first. A caller that reads before the thread is done
 * waits on the JVM's class-initialization lock or makes what is missing itself: the result is the same.
 */
public final class JsonWarmUp {
    private static final byte[] EMPTY_OBJECT = {'{', '}'};

    private JsonWarmUp() {
    }

    /** A supervisor's first write and read of an instance state, both needed before it launches QEMU; nothing is written. */
    public static void stateWriteAndRead() {
        inBackground(() -> JsonFiles.MAPPER.readValue(JsonFiles.MAPPER.writeValueAsBytes(InstanceState.created()), InstanceState.class));
    }

    /** A command that shows instances: the parser and the readers of the state and the spec, nothing serialized. */
    public static void instanceReads() {
        inBackground(() -> {
            JsonFiles.MAPPER.readerFor(InstanceState.class);
            JsonFiles.MAPPER.readerFor(StoredSpec.class);
            try (var parser = JsonFiles.MAPPER.createParser(EMPTY_OBJECT)) {
                parser.nextToken();
            }
            return null;
        });
    }

    private interface Work {
        Object run() throws IOException;
    }

    private static void inBackground(Work work) {
        Thread.ofPlatform().daemon().name("json-warm-up").start(() -> {
            try {
                work.run();
            } catch (IOException | RuntimeException e) {
                // only a head start: the real read and write report their own failures
            }
        });
    }
}
