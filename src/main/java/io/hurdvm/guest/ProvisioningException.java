package io.hurdvm.guest;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.errors.HurdvmException;

import io.hurdvm.console.Transcript;

/**
 * Provisioning failed at {@link #step()}. The message is for the user; {@link #transcript()} holds
 * the whole console dialogue with secrets masked, for a log file or {@code --verbose}.
 */
public class ProvisioningException extends HurdvmException {
    private final ProvisioningStep step;
    private final String transcript;

    public ProvisioningException(ProvisioningStep step, String message, Transcript transcript) {
        this(step, message, transcript, null);
    }

    public ProvisioningException(ProvisioningStep step, String message, Transcript transcript, Throwable cause) {
        super(ErrorKind.FAILURE, message, cause);
        this.step = step;
        this.transcript = transcript.dialogue();
    }

    public ProvisioningStep step() {
        return step;
    }

    /** The masked console dialogue up to the failure. */
    public String transcript() {
        return transcript;
    }
}
