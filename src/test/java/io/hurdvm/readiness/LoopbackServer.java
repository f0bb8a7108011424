package io.hurdvm.readiness;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Real TCP servers on 127.0.0.1 that behave like what an SSH readiness check meets on a forwarded port:
 * QEMU user networking accepting before the guest listens (accept and close), a hung guest (accept and say
 * nothing), and a real SSH server's greeting.
 */
final class LoopbackServer implements AutoCloseable {
    enum Behaviour { ACCEPT_AND_CLOSE, ACCEPT_AND_STAY_SILENT, SEND_TEXT }

    private final ServerSocket server;
    private volatile Behaviour behaviour;
    private volatile byte[] text;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    private LoopbackServer(Behaviour behaviour, String text) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.behaviour = behaviour;
        this.text = text.getBytes(StandardCharsets.US_ASCII);
        Thread.ofVirtual().start(this::serve);
    }

    static LoopbackServer acceptAndClose() throws IOException {
        return new LoopbackServer(Behaviour.ACCEPT_AND_CLOSE, "");
    }

    static LoopbackServer silent() throws IOException {
        return new LoopbackServer(Behaviour.ACCEPT_AND_STAY_SILENT, "");
    }

    static LoopbackServer sending(String text) throws IOException {
        return new LoopbackServer(Behaviour.SEND_TEXT, text);
    }

    /** A port on which nothing listens (bound, then released). */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The guest's sshd starting: later connections get {@code newText}. */
    void startSending(String newText) {
        text = newText.getBytes(StandardCharsets.US_ASCII);
        behaviour = Behaviour.SEND_TEXT;
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve() {
        try {
            while (true) {
                Socket client = server.accept();
                switch (behaviour) {
                    case ACCEPT_AND_CLOSE -> client.close();
                    case ACCEPT_AND_STAY_SILENT -> held.add(client);
                    case SEND_TEXT -> {
                        OutputStream out = client.getOutputStream();
                        out.write(text);
                        out.flush();
                        held.add(client);
                    }
                }
            }
        } catch (IOException closed) {
            // Server closed by the test.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : held) {
            s.close();
        }
    }
}
