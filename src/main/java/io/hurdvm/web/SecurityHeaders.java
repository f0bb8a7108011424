package io.hurdvm.web;

import io.javalin.http.Context;
import java.util.Map;

/**
 * Headers on every answer of the daemon, pages and API alike. The Content-Security-Policy lets a page
 * load scripts, styles, images and fonts from this server only, and talk (fetch, WebSocket) to it
 * only; nothing inline runs (no inline script, no event-handler attribute, no eval). Styles may be
 * set inline because xterm.js and noVNC size and colour their elements at run time; no page builds
 * HTML from data, so there is nothing to inject a style into.
 */
final class SecurityHeaders {
    static final String CSP = String.join("; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self'",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    /** Without caching rules: the caller adds them (pages revalidate, answers are never stored). */
    static final Map<String, String> COMMON = Map.of(
            "Content-Security-Policy", CSP,
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer",
            "Cross-Origin-Opener-Policy", "same-origin",
            "Cross-Origin-Resource-Policy", "same-origin",
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");

    private SecurityHeaders() {
    }

    /** For every answer: API answers may hold instance details, so no cache keeps them. */
    static void apply(Context ctx) {
        COMMON.forEach(ctx::header);
        ctx.header("Cache-Control", "no-store");
    }

    /** For the static pages and libraries: cached, but asked again each time (a new jar brings new files). */
    static Map<String, String> forAssets() {
        Map<String, String> h = new java.util.HashMap<>(COMMON);
        h.put("Cache-Control", "no-cache");
        return Map.copyOf(h);
    }
}
