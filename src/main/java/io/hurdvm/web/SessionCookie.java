package io.hurdvm.web;

/**
 * The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's page makes the
 * browser send it), Path=/, Max-Age = the session's lifetime, and Secure over TLS, where it also takes
 * the {@code __Host-} prefix (the browser then refuses it from plain HTTP or with a Domain).
 *
 * @param secure served over TLS, directly or (with {@code --insecure-http}) behind a TLS proxy
 */
record SessionCookie(boolean secure) {
    String name() {
        return secure ? "__Host-hurdvm_session" : "hurdvm_session";
    }

    /** The Set-Cookie value for a new session; contains the session's secret, so never log it. */
    String set(String value) {
        return name() + "=" + value + attributes(WebSessions.LIFETIME.toSeconds());
    }

    /** Tells the browser to forget the cookie (after logout). */
    String clear() {
        return name() + "=" + attributes(0);
    }

    private String attributes(long maxAgeSeconds) {
        return "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }
}
