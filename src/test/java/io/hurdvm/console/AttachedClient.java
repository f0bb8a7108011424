package io.hurdvm.console;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A real {@link ConsoleAttachClient} running on its own thread, with a scripted keyboard and a waitable screen. */
record AttachedClient(ScriptedInput input, ConsoleOutput output, CompletableFuture<ConsoleAttachClient.Ending> ending) {
    static AttachedClient attach(Path consoleSocket) {
        AttachedClient c = new AttachedClient(new ScriptedInput(), new ConsoleOutput(), new CompletableFuture<>());
        Thread.ofPlatform().daemon().name("test-console-client").start(() -> {
            try {
                c.ending.complete(new ConsoleAttachClient(consoleSocket).run(c.input, c.output));
            } catch (Throwable e) {
                c.ending.completeExceptionally(e);
            }
        });
        return c;
    }

    /** How the client's run ended; waits at most 10 s for it. */
    ConsoleAttachClient.Ending awaitEnding() throws Exception {
        return ending.get(10, TimeUnit.SECONDS);
    }

    /** Presses Ctrl-] and waits for the client to return. */
    ConsoleAttachClient.Ending detach() throws Exception {
        input.type(new byte[] {ConsoleAttachClient.DETACH_KEY});
        return awaitEnding();
    }
}
