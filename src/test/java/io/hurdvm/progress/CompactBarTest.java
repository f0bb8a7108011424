package io.hurdvm.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The backups' progress: what a user saw before the one progress interface, unchanged. */
class CompactBarTest {
    private final StringWriter text = new StringWriter();

    @Test
    void inALog_eachStepIsALine_andAFileALineEveryTenPercent() {
        CompactBar p = new CompactBar(new PrintWriter(text), false);
        p.step("storing disk.qcow2");
        for (int kib = 0; kib <= 100; kib += 5) {
            p.bytes("disk.qcow2", kib * 1024L, 100 * 1024L);
        }
        p.step("storing manifest.json");
        p.finish();

        assertThat(text.toString().lines()).containsExactly(
                "storing disk.qcow2",
                "  disk.qcow2 [                              ] 0% 0 B / 100.0 KiB",
                "  disk.qcow2 [###                           ] 10% 10.0 KiB / 100.0 KiB",
                "  disk.qcow2 [######                        ] 20% 20.0 KiB / 100.0 KiB",
                "  disk.qcow2 [#########                     ] 30% 30.0 KiB / 100.0 KiB",
                "  disk.qcow2 [############                  ] 40% 40.0 KiB / 100.0 KiB",
                "  disk.qcow2 [###############               ] 50% 50.0 KiB / 100.0 KiB",
                "  disk.qcow2 [##################            ] 60% 60.0 KiB / 100.0 KiB",
                "  disk.qcow2 [#####################         ] 70% 70.0 KiB / 100.0 KiB",
                "  disk.qcow2 [########################      ] 80% 80.0 KiB / 100.0 KiB",
                "  disk.qcow2 [###########################   ] 90% 90.0 KiB / 100.0 KiB",
                "  disk.qcow2 [##############################] 100% 100.0 KiB / 100.0 KiB",
                "storing manifest.json");
    }

    @Test
    void onATerminal_theBarIsRedrawnInPlace_andAStepOrFinishEndsItsLine() {
        CompactBar p = new CompactBar(new PrintWriter(text), true);
        p.bytes("disk.qcow2", 0, 2048);
        p.bytes("disk.qcow2", 2048, 2048);
        p.step("verifying");
        p.bytes("disk.qcow2", 1024, 2048);
        p.finish();
        p.finish(); // nothing mid-line: no empty line

        assertThat(text.toString()).isEqualTo(
                "\r  disk.qcow2 [                              ] 0% 0 B / 2.0 KiB"
                        + "\r  disk.qcow2 [##############################] 100% 2.0 KiB / 2.0 KiB\n"
                        + "verifying\n"
                        + "\r  disk.qcow2 [###############               ] 50% 1.0 KiB / 2.0 KiB\n");
    }

    @Test
    void startAndAdvance_drawTheSameBarAsBytes() {
        CompactBar p = new CompactBar(new PrintWriter(text), false);
        p.start("unpack x.img", 1000);
        p.advance(500);
        p.abort();
        assertThat(text.toString().lines()).containsExactly("  unpack x.img [###############               ] 50% 500 B / 1000 B");
    }

    @Test
    void unknownSizes_showNoBar() {
        CompactBar p = new CompactBar(new PrintWriter(text), false);
        p.bytes("stream", 4096, -1);
        assertThat(text.toString()).isEmpty();
    }
}
