package io.hurdvm.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The logged-in browsers, in memory only: a restart of {@code serve} logs everybody out. A session
 * lasts at most {@link #LIFETIME} and ends after {@link #IDLE} without a request; logging out ends it
 * at once, on the server, so a copied cookie is worthless afterwards.
 */
final class WebSessions {
    /** A working day: the cookie's Max-Age too. */
    static final Duration LIFETIME = Duration.ofHours(8);
    /** The dashboard polls every few seconds and the console page every minute, so only a closed page goes idle. */
    static final Duration IDLE = Duration.ofMinutes(30);
    /** Only token holders can log in, so this only bounds memory: the session nearest its end is dropped. */
    static final int MAX_SESSIONS = 256;

    /** A new session and the cookie value that names it (sent once, in Set-Cookie). */
    record Created(String cookieValue, WebSession session) {
        @Override
        public String toString() {
            return "Created[cookie ****, role " + session.role() + "]";
        }
    }

    private final Map<String, WebSession> byHash = new ConcurrentHashMap<>();
    private final Clock clock;

    WebSessions(Clock clock) {
        this.clock = clock;
    }

    Created create(WebRole role) {
        sweep();
        while (byHash.size() >= MAX_SESSIONS) {
            byHash.values().stream().min(Comparator.comparing(WebSessions::endsAt)).ifPresent(this::end);
        }
        Secrets.Token cookie = Secrets.Token.random();
        Instant now = clock.instant();
        WebSession s = new WebSession(Secrets.hash(cookie.value()), Secrets.Token.random(), role, now, now.plus(LIFETIME));
        byHash.put(s.cookieHash(), s);
        return new Created(cookie.value(), s);
    }

    /** The live session the cookie names, marked as seen now; empty for an unknown, ended or expired one. */
    Optional<WebSession> find(String cookieValue) {
        if (cookieValue == null || cookieValue.isEmpty()) {
            return Optional.empty();
        }
        WebSession s = byHash.get(Secrets.hash(cookieValue));
        if (s == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (!now.isBefore(endsAt(s))) {
            end(s);
            return Optional.empty();
        }
        s.touch(now);
        return Optional.of(s);
    }

    void end(WebSession s) {
        byHash.remove(s.cookieHash());
        s.end();
    }

    /** Ends every session past its lifetime or idle time, closing its consoles. */
    void sweep() {
        Instant now = clock.instant();
        for (WebSession s : List.copyOf(byHash.values())) {
            if (!now.isBefore(endsAt(s))) {
                end(s);
            }
        }
    }

    void endAll() {
        List.copyOf(byHash.values()).forEach(this::end);
    }

    int size() {
        return byHash.size();
    }

    /** Whichever comes first: the end of its lifetime, or {@link #IDLE} after it was last seen. */
    static Instant endsAt(WebSession s) {
        Instant idleEnd = s.lastSeen().plus(IDLE);
        return idleEnd.isBefore(s.expiresAt()) ? idleEnd : s.expiresAt();
    }
}
