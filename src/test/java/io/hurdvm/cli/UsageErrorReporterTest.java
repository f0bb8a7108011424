package io.hurdvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A command line picocli cannot parse: one line naming the problem and where help is, exit 2, no usage dump. */
class UsageErrorReporterTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "up vm -o xml | invalid value for option '--output': expected one of [text, json, yaml] (case-insensitive) but was 'xml'; see 'hurdvm up --help'",
            "up | missing required parameter: 'NAME'; see 'hurdvm up --help'",
            "up -vm | unknown option '-vm' (instance names start with a letter or digit); see 'hurdvm up --help'",
            "up -vm --image /x.img | unknown option '-vm' (instance names start with a letter or digit); see 'hurdvm up --help'",
            "status --bogus vm | unknown option '--bogus'; see 'hurdvm status --help'",
            "stauts vm | unknown command 'stauts' (did you mean 'status'?); see 'hurdvm --help'",
            "image pul | unknown command 'pul' (did you mean 'pull'?); see 'hurdvm image --help'",
            "image pull --retries x | invalid value for option '--retries': 'x' is not an int; see 'hurdvm image pull --help'",
            "down | missing required parameter: 'NAME'; see 'hurdvm down --help'",
            "monitor vm | missing required parameter: 'HMP-COMMAND'; see 'hurdvm monitor --help'",
            "status a b | unexpected argument 'b'; see 'hurdvm status --help'",
            "backup create | missing required parameter: 'NAME'; see 'hurdvm backup create --help'"})
    void oneLine_exit2(String args, String expected) {
        InProcessCli.Run r = InProcessCli.run(args.split(" "));
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("hurdvm: " + expected + System.lineSeparator());
        assertThat(r.out()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"up", "status", "image"})
    void controlCharactersInArguments_areNotEchoed(String command) {
        InProcessCli.Run r = InProcessCli.run(command, "--\u001b[31mred");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).doesNotContain("\u001b").contains("?[31mred");
    }
}
