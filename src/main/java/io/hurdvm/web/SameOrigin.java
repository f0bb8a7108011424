package io.hurdvm.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Whether a request's {@code Origin} is the page's own: the scheme is http(s) and host:port equal the
 * {@code Host} the browser sent. Browsers omit a default port in both, so the strings compare as they
 * are. A TLS proxy in front may change the scheme, never the host, so the scheme is not compared.
 */
final class SameOrigin {
    private SameOrigin() {
    }

    static boolean matches(String origin, String host) {
        if (origin == null || host == null || host.isBlank()) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(origin.strip());
        } catch (URISyntaxException e) {
            return false; // "null" (a sandboxed frame, a file: page) and garbage alike
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return false;
        }
        if (uri.getRawUserInfo() != null || (uri.getRawPath() != null && !uri.getRawPath().isEmpty())) {
            return false; // an Origin is scheme://host[:port], nothing else
        }
        String authority = uri.getRawAuthority();
        return authority != null && authority.equalsIgnoreCase(host.strip());
    }
}
