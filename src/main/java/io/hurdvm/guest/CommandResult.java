package io.hurdvm.guest;

/** A command's exit status and its output (stdout and stderr interleaved, as a console shows them). */
public record CommandResult(int exitStatus, String output) {
    public boolean succeeded() {
        return exitStatus == 0;
    }
}
