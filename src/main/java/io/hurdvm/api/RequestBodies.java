package io.hurdvm.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hurdvm.instance.JsonFiles;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads request bodies: at most {@code maxBytes} (whatever Content-Length claims, so a chunked
 * upload cannot get round it), strict JSON (no trailing garbage, no duplicate keys), a top-level
 * object. An empty body is an empty object, so {@code POST .../down} needs no body.
 */
public final class RequestBodies {
    public static final int DEFAULT_MAX_BYTES = 64 * 1024;

    private static final ObjectReader STRICT = JsonFiles.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final int maxBytes;

    public RequestBodies(int maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        this.maxBytes = maxBytes;
    }

    public int maxBytes() {
        return maxBytes;
    }

    public ObjectNode object(Context ctx) {
        byte[] body = read(ctx);
        if (body.length == 0) {
            return JsonFiles.MAPPER.createObjectNode();
        }
        JsonNode node;
        try {
            node = STRICT.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("request body must be a JSON object, e.g. {\"memory\": 512}");
        }
        return (ObjectNode) node;
    }

    private byte[] read(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge();
        }
        try (InputStream in = ctx.bodyInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
                if (out.size() > maxBytes) {
                    throw tooLarge();
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw ApiException.badRequest("cannot read the request body: " + e.getMessage());
        }
    }

    private ApiException tooLarge() {
        return new ApiException(413, "request body is larger than " + maxBytes + " bytes");
    }
}
