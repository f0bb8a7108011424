package io.hurdvm.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class Sha512CryptTest {
    @Test
    void hash_isShadowFormatWithRandomSalt_andVerifies() {
        Secret pw = Secret.of("correct horse");
        String h1 = Sha512Crypt.hash(pw);
        String h2 = Sha512Crypt.hash(pw);

        assertThat(h1).matches("\\$6\\$[./0-9A-Za-z]{16}\\$[./0-9A-Za-z]{86}");
        assertThat(h1).isNotEqualTo(h2).doesNotContain("correct");
        assertThat(Sha512Crypt.matches(pw, h1)).isTrue();
        assertThat(Sha512Crypt.matches(Secret.of("wrong"), h1)).isFalse();
    }

    @Test
    void hash_agreesWithOpenssl() throws Exception {
        Secret pw = Secret.of("s3cret-pass");
        String ours = Sha512Crypt.hash(pw);
        String salt = ours.split("\\$")[2];

        assertThat(openssl(pw, salt)).isEqualTo(ours);
    }

    @Test
    void fewerRounds_areWrittenIntoTheHash_agreeWithOpenssl_andVerify() throws Exception {
        Secret pw = Secret.of("generated-Pass_1");
        String ours = Sha512Crypt.hash(pw, Sha512Crypt.GENERATED_PASSWORD_ROUNDS);
        assertThat(ours).matches("\\$6\\$rounds=1000\\$[./0-9A-Za-z]{16}\\$[./0-9A-Za-z]{86}");
        assertThat(Sha512Crypt.matches(pw, ours)).isTrue();
        assertThat(Sha512Crypt.matches(Secret.of("wrong"), ours)).isFalse();

        String salt = ours.substring("$6$".length(), ours.lastIndexOf('$')); // with its rounds=1000$
        assertThat(openssl(pw, salt)).isEqualTo(ours);
    }

    @Test
    void roundsBelowCryptsMinimum_areRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Sha512Crypt.hash(Secret.of("x"), 999))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1000");
    }

    /** OpenSSL's SHA-512 crypt of {@code pw} with {@code salt}; the password goes through stdin, never argv. */
    private static String openssl(Secret pw, String salt) throws Exception {
        Process p = new ProcessBuilder("openssl", "passwd", "-6", "-salt", salt, "-stdin").start();
        try (OutputStream in = p.getOutputStream()) {
            in.write((pw.reveal() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String theirs = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return theirs;
    }
}
