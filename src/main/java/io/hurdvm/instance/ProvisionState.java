package io.hurdvm.instance;

import java.util.List;

/**
 * Where the user's provision scripts stand in the current run, as the supervisor records it.
 *
 * @param summaries one line per script of the latest pass, e.g. {@code setup.sh: ran in 3.1s}
 * @param failure   one line naming the script that failed and its exit code; null unless FAILED
 * @param outputTail the last lines the failed script printed (control characters removed)
 */
public record ProvisionState(Status status, List<String> summaries, String failure, List<String> outputTail) {
    public enum Status { RUNNING, DONE, FAILED }

    public ProvisionState {
        summaries = summaries == null ? List.of() : List.copyOf(summaries);
        outputTail = outputTail == null ? List.of() : List.copyOf(outputTail);
    }

    public static ProvisionState running() {
        return new ProvisionState(Status.RUNNING, List.of(), null, List.of());
    }

    public static ProvisionState done(List<String> summaries) {
        return new ProvisionState(Status.DONE, summaries, null, List.of());
    }

    public static ProvisionState failed(List<String> summaries, String failure, List<String> outputTail) {
        return new ProvisionState(Status.FAILED, summaries, failure, outputTail);
    }

    public boolean isDone() {
        return status == Status.DONE;
    }

    public boolean isFailed() {
        return status == Status.FAILED;
    }
}
