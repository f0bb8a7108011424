package io.hurdvm.web;

/**
 * WebSocket close codes the console and screen pages explain to the user (4000-4999 are for
 * applications; the page shows the reason text that comes with them).
 */
final class CloseCodes {
    /** The console or display went away: the instance stopped or restarted. */
    static final int ENDED = 4000;
    /** The bad request: a name that is no instance name. */
    static final int BAD_REQUEST = 4400;
    /** The session ended while the console was open: log in again. */
    static final int SESSION_ENDED = 4401;
    /** The session may not do this (a viewer and the screen). */
    static final int FORBIDDEN = 4403;
    /** No such instance. */
    static final int NOT_FOUND = 4404;
    /** The instance is not running: there is no console to attach to. */
    static final int NOT_RUNNING = 4409;
    /** The instance has no VNC display. */
    static final int NO_DISPLAY = 4412;
    /** Too many browsers on this console already. */
    static final int BUSY = 4429;

    /** A close frame carries at most 123 bytes of reason; the page explains each code in full anyway. */
    static final int MAX_REASON_BYTES = 123;

    private CloseCodes() {
    }

    static void close(io.javalin.websocket.WsContext ws, int code, String reason) {
        ws.closeSession(code, fit(reason));
    }

    static String fit(String reason) {
        byte[] bytes = reason.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length <= MAX_REASON_BYTES) {
            return reason;
        }
        String cut = new String(bytes, 0, MAX_REASON_BYTES - 3, java.nio.charset.StandardCharsets.UTF_8);
        // A multi-byte character cut in half decodes to U+FFFD: drop it.
        return cut.replace("\uFFFD", "") + "...";
    }
}
