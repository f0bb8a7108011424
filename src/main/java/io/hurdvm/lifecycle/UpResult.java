package io.hurdvm.lifecycle;

import java.util.List;

/** The outcome of {@code up}, printed as text or JSON. */
public record UpResult(String name, Outcome outcome, String state, String waitedFor, String ssh, Double bootSeconds,
                       String message, List<String> consoleTail) {

    public enum Outcome { READY, ALREADY_RUNNING, TIMEOUT, FAILED }

    public UpResult {
        consoleTail = List.copyOf(consoleTail);
    }

    public UpResult alreadyRunning() {
        if (outcome != Outcome.READY) {
            return this;
        }
        return new UpResult(name, Outcome.ALREADY_RUNNING, state, waitedFor, ssh, bootSeconds,
                "instance " + name + " is already running" + (ssh == null ? "" : " (ssh " + ssh + ")"), consoleTail);
    }
}
