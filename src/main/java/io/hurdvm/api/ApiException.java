package io.hurdvm.api;

import io.hurdvm.errors.HurdvmException;

/** A request the API answers with an HTTP error status and a one-line JSON message. */
public class ApiException extends HurdvmException {
    private final int status;

    public ApiException(int status, String message) {
        super(ErrorStatus.kindOf(status), message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, message);
    }
}
