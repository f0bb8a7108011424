package io.hurdvm.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.cli.ExitCodes;
import io.hurdvm.errors.ErrorKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The two lookup tables over ErrorKind agree, and a kind survives its trip through an HTTP answer. */
class ErrorStatusTest {
    @ParameterizedTest
    @EnumSource(ErrorKind.class)
    void everyKind_isNamedInTheAnswer_andReadBackAsItself(ErrorKind kind) {
        assertThat(ErrorStatus.parse(ErrorStatus.wireName(kind))).contains(kind);
    }

    @ParameterizedTest
    @EnumSource(ErrorKind.class)
    void refusalsAre4xx_andExitWithBadInputOrNotFound_failuresAre5xxOr422(ErrorKind kind) {
        int status = ErrorStatus.of(kind);
        int exit = ExitCodes.of(kind);
        if (status >= 400 && status < 500 && status != 422) {
            assertThat(exit).as(kind + ": the request's fault").isIn(ExitCodes.USAGE, ExitCodes.NOT_FOUND);
        } else {
            assertThat(exit).as(kind + ": not the request's fault").isNotIn(ExitCodes.OK, ExitCodes.USAGE, ExitCodes.NOT_FOUND);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ErrorKind.class, names = {"BAD_INPUT", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "DAMAGED", "TIMEOUT", "NO_SPACE", "FAILURE"})
    void aStatusWithoutKind_fromAnOlderDaemon_stillGivesTheSameExitCode(ErrorKind kind) {
        assertThat(ExitCodes.of(ErrorStatus.kindOf(ErrorStatus.of(kind)))).isEqualTo(ExitCodes.of(kind));
    }

    @org.junit.jupiter.api.Test
    void unknownKindNames_areIgnored() {
        assertThat(ErrorStatus.parse("meltdown")).isEmpty();
        assertThat(ErrorStatus.parse(null)).isEmpty();
    }
}
