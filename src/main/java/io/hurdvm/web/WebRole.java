package io.hurdvm.web;

/** What a browser session may do, by the token it logged in with. */
public enum WebRole {
    /** Logged in with the API token: everything the API allows, typing on the console, the screen. */
    OPERATOR,
    /**
     * Logged in with the viewer token ({@code serve --viewer-token-file}): reads the dashboard, watches
     * the serial console; changes nothing, types nothing, and gets no screen (VNC carries keyboard and
     * mouse in the same stream as the picture, and hurdvm does not filter it).
     */
    VIEWER;

    public boolean mayChange() {
        return this == OPERATOR;
    }

    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
