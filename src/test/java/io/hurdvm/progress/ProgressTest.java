package io.hurdvm.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Time is a hand-driven clock here, so rates and ETAs are exact. */
class ProgressTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong();
    private final StringWriter text = new StringWriter();

    @Test
    void plainLines_everyTenPercent_withRateAndEta() {
        PlainLines p = new PlainLines(new PrintWriter(text), now::get);
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
        PlainLines p = new PlainLines(new PrintWriter(text), now::get);
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
        TerminalBar p = new TerminalBar(new PrintWriter(text), now::get);
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

    @Test
    void plainLines_printASteps_andBytesOfANewName_startAnotherTask() {
        PlainLines p = new PlainLines(new PrintWriter(text), now::get);
        p.step("checking file:///b");
        p.bytes("disk0.qcow2", 0, 10 << 20);
        now.addAndGet(SECOND);
        p.bytes("disk0.qcow2", 5 << 20, 10 << 20);
        p.bytes("disk1.qcow2", 0, -1);
        assertThat(text.toString().lines()).containsExactly("checking file:///b",
                "disk0.qcow2: started (10.0 MiB)",
                "disk0.qcow2: 50%, 5.0 MiB of 10.0 MiB, 5.0 MiB/s, ETA 0:01",
                "disk1.qcow2: started");
    }

    @Test
    void terminalBar_putsAStepOnALineOfItsOwn_belowAnUnfinishedBar() {
        TerminalBar p = new TerminalBar(new PrintWriter(text), now::get);
        p.step("first");
        p.start("download a.img", 100);
        p.step("second");
        assertThat(text.toString()).startsWith("first\n\rdownload a.img [").endsWith("\nsecond\n");
    }

    @Test
    void silent_showsNothing_andLogged_showsOnlySteps() {
        Progress.SILENT.step("x");
        Progress.SILENT.bytes("x", 1, 2);
        java.util.List<String> logged = new java.util.ArrayList<>();
        org.slf4j.Logger log = (org.slf4j.Logger) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {org.slf4j.Logger.class}, (proxy, method, args) -> {
                    if (method.getName().equals("info") && args.length == 3) {
                        logged.add(String.valueOf(args[0]).replaceFirst("\\{}", String.valueOf(args[1]))
                                .replaceFirst("\\{}", String.valueOf(args[2])));
                    }
                    return null;
                });
        Progress p = Progress.logged(log, "backup of vm");
        p.step("storing disk.qcow2");
        p.bytes("disk.qcow2", 1, 2);
        p.start("x", 1);
        p.finish();
        assertThat(logged).containsExactly("backup of vm: storing disk.qcow2");
    }
}
