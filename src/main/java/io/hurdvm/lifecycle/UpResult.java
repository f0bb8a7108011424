package io.hurdvm.lifecycle;

import java.util.List;

/**
 * The outcome of {@code up}, printed as text or JSON.
 *
 * @param next what to do now, for people (e.g. {@code connect: hurdvm ssh NAME}); null when nothing
 */
public record UpResult(String name, Outcome outcome, String state, String waitedFor, String ssh, Double bootSeconds,
                       String message, String next, List<String> consoleTail) {

    public enum Outcome { READY, ALREADY_RUNNING, TIMEOUT, FAILED }

    public UpResult {
        consoleTail = List.copyOf(consoleTail);
    }

    public UpResult alreadyRunning() {
        if (outcome != Outcome.READY) {
            return this;
        }
        return new UpResult(name, Outcome.ALREADY_RUNNING, state, waitedFor, ssh, bootSeconds,
                "instance " + name + " is already running" + (ssh == null ? "" : " (ssh " + ssh + ")"), next, consoleTail);
    }
}
