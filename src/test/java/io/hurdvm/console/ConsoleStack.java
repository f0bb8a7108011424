package io.hurdvm.console;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What the supervisor wires around one serial port, in a test's (short) temp dir: console.log, the
 * console buffer, the hub for {@code serial.sock} and, optionally, the attach server on {@code console.sock}.
 */
final class ConsoleStack implements AutoCloseable {
    private final Path dir;
    private final RotatingLog log;
    private final SerialHub hub;
    private final ConsoleAttachServer server;

    private ConsoleStack(Path dir, boolean attachServer) throws IOException {
        this.dir = dir;
        this.log = RotatingLog.open(consoleLog());
        this.hub = new SerialHub(serialSocket(), log, new ConsoleBuffer());
        this.server = attachServer
                ? new ConsoleAttachServer(consoleSocket(), hub, ConsoleAttachServer.DEFAULT_HISTORY_CHARS)
                : null;
        if (server != null) {
            server.start();
        }
    }

    static ConsoleStack hubOnly(Path dir) throws IOException {
        return new ConsoleStack(dir, false);
    }

    static ConsoleStack withAttachServer(Path dir) throws IOException {
        return new ConsoleStack(dir, true);
    }

    SerialHub hub() {
        return hub;
    }

    ConsoleBuffer buffer() {
        return hub.buffer();
    }

    ConsoleAttachServer server() {
        return server;
    }

    Path serialSocket() {
        return dir.resolve("serial.sock");
    }

    Path consoleSocket() {
        return dir.resolve("console.sock");
    }

    Path consoleLog() {
        return dir.resolve("console.log");
    }

    @Override
    public void close() throws IOException {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            hub.close();
            log.close();
        }
    }
}
