package io.hurdvm.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Closeable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WebSessionsTest {
    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T08:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final WebSessions sessions = new WebSessions(clock);

    @Test
    void aSession_isFoundByItsCookie_only_andStoredUnderAHashNotTheCookie() {
        WebSessions.Created created = sessions.create(WebRole.OPERATOR);
        assertThat(created.cookieValue()).hasSizeGreaterThanOrEqualTo(43); // 256 bits, base64url
        assertThat(sessions.find(created.cookieValue())).contains(created.session());
        assertThat(sessions.find(created.cookieValue() + "x")).isEmpty();
        assertThat(sessions.find("")).isEmpty();
        assertThat(sessions.find(null)).isEmpty();
        assertThat(created.session().cookieHash()).doesNotContain(created.cookieValue());
        assertThat(created.toString()).doesNotContain(created.cookieValue());
        assertThat(sessions.create(WebRole.OPERATOR).cookieValue()).isNotEqualTo(created.cookieValue());
    }

    @Test
    void aSession_endsAfterItsIdleTime_unlessUsed_andAfterItsLifetime_whateverHappens() {
        String cookie = sessions.create(WebRole.VIEWER).cookieValue();
        clock.advance(WebSessions.IDLE.minusSeconds(1));
        assertThat(sessions.find(cookie)).as("used just before going idle").isPresent();
        for (Duration used = WebSessions.IDLE.minusSeconds(1); used.compareTo(WebSessions.LIFETIME) < 0; used = used.plus(WebSessions.IDLE.minusSeconds(1))) {
            clock.advance(WebSessions.IDLE.minusSeconds(1));
            sessions.find(cookie);
        }
        assertThat(sessions.find(cookie)).as("past its lifetime, however busy").isEmpty();

        String idle = sessions.create(WebRole.OPERATOR).cookieValue();
        clock.advance(WebSessions.IDLE);
        assertThat(sessions.find(idle)).as("idle for " + WebSessions.IDLE).isEmpty();
    }

    @Test
    void endingASession_closesWhatItOpened_andForgetsIt() {
        WebSessions.Created created = sessions.create(WebRole.OPERATOR);
        AtomicInteger closed = new AtomicInteger();
        Closeable console = closed::incrementAndGet;
        created.session().attach(console);
        sessions.end(created.session());
        assertThat(closed).hasValue(1);
        assertThat(sessions.find(created.cookieValue())).isEmpty();
        created.session().attach(closed::incrementAndGet);
        assertThat(closed).as("attached to an ended session: closed at once").hasValue(2);
    }

    @Test
    void theSweep_endsExpiredSessions_andClosesTheirConsoles() {
        WebSessions.Created created = sessions.create(WebRole.OPERATOR);
        AtomicInteger closed = new AtomicInteger();
        created.session().attach(closed::incrementAndGet);
        clock.advance(WebSessions.IDLE.plusSeconds(1));
        sessions.sweep();
        assertThat(closed).hasValue(1);
        assertThat(sessions.size()).isZero();
    }

    @Test
    void atMostMaxSessions_theOneNearestItsEndGoes() {
        WebSessions.Created oldest = sessions.create(WebRole.OPERATOR);
        clock.advance(Duration.ofSeconds(1));
        for (int i = 1; i < WebSessions.MAX_SESSIONS; i++) {
            sessions.create(WebRole.OPERATOR);
        }
        assertThat(sessions.size()).isEqualTo(WebSessions.MAX_SESSIONS);
        WebSessions.Created newest = sessions.create(WebRole.OPERATOR);
        assertThat(sessions.size()).isEqualTo(WebSessions.MAX_SESSIONS);
        assertThat(sessions.find(oldest.cookieValue())).isEmpty();
        assertThat(sessions.find(newest.cookieValue())).isPresent();
    }

    @Test
    void csrfTokens_differPerSession_andCompareExactly() {
        WebSession a = sessions.create(WebRole.OPERATOR).session();
        WebSession b = sessions.create(WebRole.OPERATOR).session();
        assertThat(a.csrfToken()).isNotEqualTo(b.csrfToken());
        assertThat(a.csrfMatches(a.csrfToken())).isTrue();
        assertThat(a.csrfMatches(b.csrfToken())).isFalse();
        assertThat(a.csrfMatches(null)).isFalse();
        assertThat(a.csrfMatches(a.csrfToken().substring(1))).isFalse();
    }
}
