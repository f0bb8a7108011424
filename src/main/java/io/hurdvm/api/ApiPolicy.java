package io.hurdvm.api;

import java.util.Objects;

/**
 * What a client holding the token may do beyond the lifecycle routes: raw QMP ({@link QmpAccess})
 * and which images an {@code up} body may name ({@link ImageAccess}). The default is the least.
 */
public record ApiPolicy(QmpAccess qmp, ImageAccess images) {
    public static final ApiPolicy DEFAULT = new ApiPolicy(QmpAccess.OFF, ImageAccess.storeOnly());

    public ApiPolicy {
        Objects.requireNonNull(qmp, "qmp");
        Objects.requireNonNull(images, "images");
    }
}
