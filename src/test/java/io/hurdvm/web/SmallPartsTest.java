package io.hurdvm.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Origin matching, the cookie's attributes, close reasons: the small rules the web console rests on. */
class SmallPartsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "http://127.0.0.1:8480   | 127.0.0.1:8480   | true",
            "https://vm.example      | vm.example       | true",
            "HTTPS://VM.Example      | vm.example       | true",
            "http://[::1]:8480       | [::1]:8480       | true",
            "http://127.0.0.1:8481   | 127.0.0.1:8480   | false",
            "http://evil.example     | 127.0.0.1:8480   | false",
            "null                    | 127.0.0.1:8480   | false",
            "file://                 | 127.0.0.1:8480   | false",
            "ws://127.0.0.1:8480     | 127.0.0.1:8480   | false",
            "http://u@127.0.0.1:8480 | 127.0.0.1:8480   | false",
            "http://127.0.0.1:8480/x | 127.0.0.1:8480   | false",
            "-                       | 127.0.0.1:8480   | false",
            "http://127.0.0.1:8480   | -                | false",
    })
    void sameOrigin(String origin, String host, boolean expected) {
        assertThat(SameOrigin.matches(origin, host)).isEqualTo(expected);
    }

    @Test
    void theCookie_isHttpOnlyStrict_andSecureWithTheHostPrefixOverTls() {
        SessionCookie plain = new SessionCookie(false);
        assertThat(plain.set("v")).isEqualTo("hurdvm_session=v; Path=/; Max-Age=28800; HttpOnly; SameSite=Strict");
        SessionCookie tls = new SessionCookie(true);
        assertThat(tls.set("v")).isEqualTo("__Host-hurdvm_session=v; Path=/; Max-Age=28800; HttpOnly; SameSite=Strict; Secure");
        assertThat(tls.clear()).isEqualTo("__Host-hurdvm_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict; Secure");
    }

    @Test
    void closeReasons_fitTheFrame_evenCutInAMultiByteCharacter() {
        assertThat(CloseCodes.fit("short")).isEqualTo("short");
        String longAscii = "x".repeat(200);
        assertThat(CloseCodes.fit(longAscii).getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(CloseCodes.MAX_REASON_BYTES);
        assertThat(CloseCodes.fit(longAscii)).endsWith("...");
        String umlauts = "ä".repeat(100);
        String fitted = CloseCodes.fit(umlauts);
        assertThat(fitted.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(CloseCodes.MAX_REASON_BYTES);
        assertThat(fitted).doesNotContain("\uFFFD").startsWith("ää");
    }

    @Test
    void loginTokens_giveTheirRoles_andNothingElseLogsIn() {
        var operator = new io.hurdvm.api.ApiToken(io.hurdvm.secret.Secret.of("operator-token-0123456789"), java.nio.file.Path.of("/t"));
        var viewer = new io.hurdvm.api.ApiToken(io.hurdvm.secret.Secret.of("viewer-token-0123456789"), java.nio.file.Path.of("/v"));
        WebLogins both = new WebLogins(operator, java.util.Optional.of(viewer));
        assertThat(both.roleOf("operator-token-0123456789")).contains(WebRole.OPERATOR);
        assertThat(both.roleOf("viewer-token-0123456789")).contains(WebRole.VIEWER);
        assertThat(both.roleOf("viewer-token-012345678")).isEmpty();
        assertThat(new WebLogins(operator, java.util.Optional.empty()).roleOf("viewer-token-0123456789")).isEmpty();
    }
}
