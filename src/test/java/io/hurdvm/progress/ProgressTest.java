package io.hurdvm.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Time is a hand-driven clock here, so rates and ETAs are exact. */
class ProgressReporterTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong();
    private final StringWriter text = new StringWriter();

    @Test
    void plainLines_everyTenPercent_withRateAndEta() {
        PlainProgressLines p = new PlainProgressLines(new PrintWriter(text), now::get);
        p.start("download x.img", 100 << 20);
        for (int mib = 1; mib <= 100; mib++) {
            now.addAndGet(SECOND / 10); // 10 MiB/s
            p.advance((long) mib << 20);
        }
        p.finish();

        assertThat(text.toString().lines()).containsExactly(
                "download x.img: started (100.0 MiB)",
                "download x.img: 10%, 10.0 MiB of 100.0 MiB, 10.0 MiB/s, ETA 0:09",
                "download x.img: 20%, 20.0 MiB of 100.0 MiB, 10.0 MiB/s, ETA 0:08",
                "download x.img: 30%, 30.0 MiB of 100.0 MiB, 10.0 MiB/s, ETA 0:07",
                "download x.img: 40%, 40.0 MiB of 100.0 MiB, 10.0 MiB/s, ETA 0:06",
                "download x.img: 50%, 50.0 MiB of 100.0 MiB, 10.0 MiB/s, ETA 0:05",
                "download x.img: 60%, 60.0 MiB of 100.0 MiB, 10.0 MiB/s, ETA 0:04",
                "download x.img: 70%, 70.0 MiB of 100.0 MiB, 10.0 MiB/s, ETA 0:03",
                "download x.img: 80%, 80.0 MiB of 100.0 MiB, 10.0 MiB/s, ETA 0:02",
                "download x.img: 90%, 90.0 MiB of 100.0 MiB, 10.0 MiB/s, ETA 0:01",
                "download x.img: done, 100.0 MiB of 100.0 MiB, 10.0 MiB/s, ETA 0:00");
    }

    @Test
    void plainLines_onASlowLinkOrUnknownSize_printEveryFiveSeconds() {
        PlainProgressLines p = new PlainProgressLines(new PrintWriter(text), now::get);
        p.start("download y.img", -1);
        for (int s = 1; s <= 12; s++) {
            now.addAndGet(SECOND);
            p.advance(s * 1024L);
        }
        assertThat(text.toString().lines()).containsExactly("download y.img: started",
                "download y.img: 5.0 KiB, 1.0 KiB/s", "download y.img: 10.0 KiB, 1.0 KiB/s");
    }

    @Test
    void terminalBar_redrawsInPlace_atMostTenTimesASecond() {
        TerminalProgressBar p = new TerminalProgressBar(new PrintWriter(text), now::get);
        p.start("download z.img", 4 << 20);
        now.addAndGet(SECOND);
        p.advance(1 << 20);
        p.advance(2 << 20); // same instant: not redrawn
        now.addAndGet(SECOND);
        p.advance(2 << 20);
        p.finish();

        String out = text.toString();
        assertThat(out.chars().filter(c -> c == '\r')).hasSize(4); // start, 1 MiB, 2 MiB, finish
        assertThat(out).contains("\rdownload z.img [#######.......................]  25% 1.0 MiB of 4.0 MiB, 1.0 MiB/s, ETA 0:03")
                .contains("[###############...............]  50% 2.0 MiB of 4.0 MiB, 1.0 MiB/s, ETA 0:02").endsWith("\n")
                .doesNotContain("\n\r");
    }
}
