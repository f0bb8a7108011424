package io.hurdvm.qmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.qmp.HmpReply.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Texts as QEMU 7.2's human-monitor-command returned them (recorded with `hurdvm monitor`), CR LF included. */
class HmpReplyTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "unknown command: 'info bogus'\\r\\n | UNKNOWN_COMMAND | unknown monitor command 'info bogus': 'help' lists them",
            "unknown command: 'bogus'\\r\\n | UNKNOWN_COMMAND | unknown monitor command 'bogus': 'help' lists them",
            "block_resize: block device name expected\\r\\nTry \"help block_resize\" for more information\\r\\n | BAD_ARGUMENTS"
                    + " | block_resize: block device name expected (see 'help block_resize')",
            "invalid size\\r\\nTry \"help block_resize\" for more information\\r\\n | BAD_ARGUMENTS | invalid size (see 'help block_resize')",
            "invalid char 'b' in expression\\r\\nTry \"help x\" for more information\\r\\n | BAD_ARGUMENTS"
                    + " | invalid char 'b' in expression (see 'help x')",
            "Error: invalid parameter value: foo\\r\\n | ERROR | invalid parameter value: foo",
            "Error: Cannot find device='x' nor node-name=''\\r\\n | ERROR | Cannot find device='x' nor node-name=''",
            "VM status: running\\r\\n | OK | ``",
            "`` | OK | ``",
            "disk0: /tmp/disk.qcow2 (qcow2)\\r\\n    Attached to:      /machine/peripheral-anon/device[0]\\r\\n | OK | ``",
            "Device 'nonexistent' not found\\r\\n | OK | ``"})
    void verdicts(String escaped, Verdict verdict, String problem) {
        HmpReply r = HmpReply.of(escaped.replace("\\r", "\r").replace("\\n", "\n"));
        assertThat(r.verdict()).isEqualTo(verdict);
        assertThat(r.problem()).isEqualTo(problem).doesNotContain("\n");
        assertThat(r.text()).doesNotContain("\r");
    }
}
