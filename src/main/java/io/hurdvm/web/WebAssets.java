package io.hurdvm.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The pages and libraries, from the jar ({@code /web}, made by {@code web/build.mjs} at build time):
 * {@code /} is the login page and dashboard, everything else lives under {@code /ui/}. Nothing is
 * fetched from anywhere else at run time.
 */
final class WebAssets {
    static final String HOSTED = "/ui";
    private static final String ROOT = "/web";

    private final Optional<byte[]> index;

    private WebAssets(Optional<byte[]> index) {
        this.index = index;
    }

    static WebAssets fromClasspath() {
        try (InputStream in = WebAssets.class.getResourceAsStream(ROOT + "/index.html")) {
            return new WebAssets(in == null ? Optional.empty() : Optional.of(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the web console's index.html from the jar", e);
        }
    }

    /** False for a jar built without its front end (web/build.mjs did not run). */
    boolean present() {
        return index.isPresent();
    }

    void register(JavalinConfig cfg) {
        cfg.staticFiles.add(sf -> {
            sf.hostedPath = HOSTED;
            sf.directory = ROOT + HOSTED;
            sf.location = Location.CLASSPATH;
            sf.headers = SecurityHeaders.forAssets();
            sf.mimeTypes.add("text/html; charset=utf-8", "html");
            sf.mimeTypes.add("text/css; charset=utf-8", "css");
            sf.mimeTypes.add("text/javascript; charset=utf-8", "js", "mjs");
        });
        cfg.routes.get("/", this::index);
    }

    private void index(Context ctx) {
        if (index.isEmpty()) {
            ctx.status(503).json(java.util.Map.of("error", "this hurdvm was built without its web console"
                    + " (web/build.mjs did not run): rebuild with 'mvn package', which needs Node.js and npm"));
            return;
        }
        SecurityHeaders.forAssets().forEach(ctx::header);
        ctx.contentType("text/html; charset=utf-8").result(index.get());
    }
}
