package io.hurdvm.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ErrorTextTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(new ConnectException(), "connection refused"),
                Arguments.of(new ConnectException("Connection refused"), "connection refused"),
                Arguments.of(new ConnectException("No route to host"), "no route to host"),
                Arguments.of(new UnknownHostException("mirror.example"), "unknown host mirror.example"),
                Arguments.of(new SocketTimeoutException("Read timed out"), "timed out (read timed out)"),
                Arguments.of(new HttpConnectTimeoutException("HTTP connect timed out"), "timed out (HTTP connect timed out)"),
                Arguments.of(new NoSuchFileException("/x/y"), "no such file or directory: /x/y"),
                Arguments.of(new AccessDeniedException("/root/k"), "permission denied: /root/k"),
                Arguments.of(new FileSystemException("/d", null, "Read-only file system"), "read-only file system: /d"),
                Arguments.of(new ClosedChannelException(), "the connection was closed"),
                Arguments.of(new EOFException(), "the data ended unexpectedly"),
                Arguments.of(new UncheckedIOException(new NoSuchFileException("/z")), "no such file or directory: /z"),
                Arguments.of(new RuntimeException(new ConnectException("Connection refused")), "connection refused"),
                Arguments.of(new IllegalStateException("java.io.IOException: disk on fire"), "disk on fire"),
                Arguments.of(new IOException("line one\nline two"), "line one line two"),
                Arguments.of(new NullPointerException(), "internal error (run with HURDVM_DEBUG=1 for details)"),
                Arguments.of(new IllegalArgumentException("--memory 'x' is invalid"), "--memory 'x' is invalid"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void oneLineInWords_neverAClassName(Throwable t, String expected) {
        String text = ErrorText.of(t);
        assertThat(text).isEqualTo(expected).doesNotContain("Exception").doesNotContain("\n");
    }
}
