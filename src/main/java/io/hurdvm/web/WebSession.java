package io.hurdvm.web;

import java.io.Closeable;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One logged-in browser. Known to the server only by the hash of its cookie; carries its own CSRF
 * token, which the page must send back on every change. Consoles and screens opened by this session
 * are attached to it, so ending the session closes them.
 */
final class WebSession {
    private final String cookieHash;
    private final Secrets.Token csrf;
    private final WebRole role;
    private final Instant expiresAt;
    private final Set<Closeable> attached = ConcurrentHashMap.newKeySet();
    private volatile Instant lastSeen;
    private volatile boolean ended;

    WebSession(String cookieHash, Secrets.Token csrf, WebRole role, Instant createdAt, Instant expiresAt) {
        this.cookieHash = cookieHash;
        this.csrf = csrf;
        this.role = role;
        this.expiresAt = expiresAt;
        this.lastSeen = createdAt;
    }

    String cookieHash() {
        return cookieHash;
    }

    WebRole role() {
        return role;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    Instant lastSeen() {
        return lastSeen;
    }

    void touch(Instant now) {
        lastSeen = now;
    }

    /** For the page only (the answer to its login and session requests); never log it. */
    String csrfToken() {
        return csrf.value();
    }

    boolean csrfMatches(String presented) {
        return csrf.matches(presented);
    }

    boolean ended() {
        return ended;
    }

    /** Closes {@code c} when the session ends; closes it at once if it has ended already. */
    void attach(Closeable c) {
        attached.add(c);
        if (ended) {
            closeAll();
        }
    }

    void detach(Closeable c) {
        attached.remove(c);
    }

    void end() {
        ended = true;
        closeAll();
    }

    private void closeAll() {
        for (Closeable c : List.copyOf(attached)) {
            attached.remove(c);
            try {
                c.close();
            } catch (IOException | RuntimeException e) {
                // Closing a console whose peer is gone already: nothing more to release.
            }
        }
    }
}
