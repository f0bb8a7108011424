package io.hurdvm.web;

import io.hurdvm.api.ApiToken;
import java.util.Objects;
import java.util.Optional;

/** The tokens a browser may log in with, and the role each gives. */
record WebLogins(ApiToken operator, Optional<ApiToken> viewer) {
    WebLogins {
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(viewer, "viewer");
    }

    /** Both tokens are compared in constant time, always both, so timing does not tell which one nearly matched. */
    Optional<WebRole> roleOf(String presented) {
        boolean isOperator = operator.matches(presented);
        boolean isViewer = viewer.map(v -> v.matches(presented)).orElse(false);
        if (isOperator) {
            return Optional.of(WebRole.OPERATOR);
        }
        return isViewer ? Optional.of(WebRole.VIEWER) : Optional.empty();
    }
}
