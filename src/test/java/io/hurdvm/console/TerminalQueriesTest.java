package io.hurdvm.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which sequences make a terminal answer (xterm's ctlseqs), in the notation of {@link TerminalParserTest}. */
class TerminalQueriesTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // device status and cursor position reports
            "^[[5n | true", "^[[6n | true", "^[[?6n | true", "^[[?15n | true", "^[[?996n | true", "^[[>1n | false",
            // device attributes, DECID, DECREQTPARM, XTVERSION
            "^[[c | true", "^[[0c | true", "^[[>c | true", "^[[>0c | true", "^[[=c | true", "^[Z | true", "^[[x | true", "^[[1x | true",
            "^[[>0q | true", "^[[>q | true",
            // mode and state requests
            "^[[2$p | true", "^[[?25$p | true", "^[[1$w | true", "^[[1$u | true", "^[[?u | true", "^[[0;0;0;0;1;1*y | true",
            "^[[?4m | true", "^[[?1;1S | true",
            // window reports vs window actions
            "^[[18t | true", "^[[14t | true", "^[[14;2t | true", "^[[21t | true", "^[[11t | true",
            "^[[8;24;80t | false", "^[[22;0t | false", "^[[23;0t | false", "^[[1t | false",
            // OSC: colours, palette, clipboard queries vs settings
            "^]10;?^[\\ | true", "^]11;?\\a | true", "^]4;1;?\\a | true", "^]52;c;?\\a | true", "^]1337;ReportCellSize\\a | true",
            "^]0;title\\a | false", "^]11;#000000\\a | false", "^]52;c;aGk=\\a | false", "^]8;;http://x\\a | false",
            // DCS: DECRQSS, XTGETTCAP, tmux passthrough vs sixel and the like
            "^[P$qm^[\\ | true", "^[P+q544e^[\\ | true", "^[Ptmux;hi^[\\ | true", "^[P0;1;0q#0^[\\ | false",
            // APC (kitty graphics answers), PM, SOS
            "^[_Ga=q,i=1;^[\\ | true", "^[^hi^[\\ | true", "^[Xhi^[\\ | true",
            // display only
            "^[[0;1;32m | false", "^[[H | false", "^[[2J | false", "^[[?25l | false", "^[[?1049h | false", "^[[6;1H | false",
            "^[(B | false", "^[= | false", "^[7 | false", "^[c | false", "^[[!p | false", "^[[4;6r | false"})
    void isQuery(String notation, boolean query) {
        List<TerminalParser.Sequence> seen = new ArrayList<>();
        TerminalParser p = new TerminalParser(new TerminalParserTest.Recorder(new StringBuilder()) {
            @Override
            public void sequence(TerminalParser.Sequence s) {
                seen.add(s);
            }
        });
        p.feed(TerminalParserTest.bytes(notation.replace("^]", "^[]")));
        p.finish();
        assertThat(seen).as("one sequence in " + notation).isNotEmpty();
        assertThat(seen.getFirst().complete()).isTrue();
        assertThat(TerminalQueries.isQuery(seen.getFirst())).isEqualTo(query);
    }
}
