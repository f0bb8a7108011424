package io.hurdvm.lifecycle;

import java.util.List;

/**
 * The outcome of {@code up}, printed as text or JSON.
 *
 * @param next        what to do now, for people (e.g. {@code connect: hurdvm ssh NAME}); null when nothing
 * @param changed     settings this {@code up} changed on an existing instance, e.g. {@code memory 512 MiB -> 1024 MiB}
 * @param provisioned one line per provision script of the latest pass (ran, skipped, failed)
 * @param scriptOutput the last lines of a provision script that failed
 */
public record UpResult(String name, Outcome outcome, String state, String waitedFor, String ssh, Double bootSeconds,
                       String message, String next, List<String> consoleTail, List<String> changed,
                       List<String> provisioned, List<String> scriptOutput) {

    /** PROVISION_FAILED: the VM runs, but one of the user's provision scripts failed. */
    public enum Outcome { READY, ALREADY_RUNNING, TIMEOUT, FAILED, PROVISION_FAILED }

    public UpResult {
        consoleTail = consoleTail == null ? List.of() : List.copyOf(consoleTail);
        changed = changed == null ? List.of() : List.copyOf(changed);
        provisioned = provisioned == null ? List.of() : List.copyOf(provisioned);
        scriptOutput = scriptOutput == null ? List.of() : List.copyOf(scriptOutput);
    }

    public UpResult alreadyRunning() {
        if (outcome != Outcome.READY) {
            return this;
        }
        return new UpResult(name, Outcome.ALREADY_RUNNING, state, waitedFor, ssh, bootSeconds,
                "instance " + name + " is already running" + (ssh == null ? "" : " (ssh " + ssh + ")"), next, consoleTail,
                changed, provisioned, scriptOutput);
    }

    public UpResult withChanged(List<String> settingsChanged) {
        return new UpResult(name, outcome, state, waitedFor, ssh, bootSeconds, message, next, consoleTail, settingsChanged,
                provisioned, scriptOutput);
    }
}
