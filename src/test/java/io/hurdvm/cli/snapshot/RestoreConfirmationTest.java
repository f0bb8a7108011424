package io.hurdvm.cli.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.cli.CliException;
import io.hurdvm.cli.ExitCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RestoreConfirmationTest {
    private final List<String> asked = new ArrayList<>();

    private RestoreConfirmation.Prompter answering(String answer) {
        return q -> {
            asked.add(q);
            return Optional.ofNullable(answer);
        };
    }

    @Test
    void yes_skipsTheQuestion() {
        assertThatCode(() -> RestoreConfirmation.confirm(true, "vm1", "s1", true, answering(null))).doesNotThrowAnyException();
        assertThat(asked).isEmpty();
    }

    @Test
    void noTerminal_refusesARunningRestoreWithExit2() {
        assertThatThrownBy(() -> RestoreConfirmation.confirm(false, "vm1", "s1", true, answering(null)))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(ExitCodes.of(e.kind())).isEqualTo(ExitCodes.USAGE))
                .hasMessage("restore of running instance vm1 would discard its current state: pass --yes");
    }

    @Test
    void noTerminal_refusesAStoppedRestoreToo() {
        assertThatThrownBy(() -> RestoreConfirmation.confirm(false, "vm1", "s1", false, answering(null)))
                .hasMessage("restore of instance vm1 would discard its current disk state: pass --yes");
    }

    @Test
    void terminal_asksForTheInstanceName() {
        assertThatCode(() -> RestoreConfirmation.confirm(false, "vm1", "s1", true, answering(" vm1\n"))).doesNotThrowAnyException();
        assertThat(asked).containsExactly("restore will discard the VM's current memory and disk state since s1;"
                + " type the instance name to confirm: ");
    }

    @Test
    void terminal_anyOtherAnswerCancels() {
        assertThatThrownBy(() -> RestoreConfirmation.confirm(false, "vm1", "s1", true, answering("y")))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(ExitCodes.of(e.kind())).isEqualTo(ExitCodes.USAGE))
                .hasMessageContaining("restore cancelled");
    }
}
