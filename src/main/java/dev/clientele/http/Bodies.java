package dev.clientele.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clientele.customer.Customer;
import dev.clientele.json.Json;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads request bodies: content-type checks, size limits and JSON into domain values. */
final class Bodies {
    static final Set<String> JSON_TYPES = Set.of("application/json", "application/merge-patch+json");

    private Bodies() {
    }

    /** The media type of the request without parameters, lower case, or null when absent. */
    static String mediaType(Context ctx) {
        String ct = ctx.header("Content-Type");
        if (ct == null || ct.isBlank()) {
            return null;
        }
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    /** Fails with 415 unless the body is JSON (a missing content type is taken as JSON). */
    static void requireJson(Context ctx) {
        String type = mediaType(ctx);
        if (type != null && !JSON_TYPES.contains(type) && !type.endsWith("+json")) {
            throw new UnsupportedMediaTypeException("expected application/json, got " + type);
        }
    }

    /** The whole body, failing with 413 when it is longer than {@code max} bytes and with 400 when empty. */
    static byte[] bytes(Context ctx, long max) throws IOException {
        byte[] data = boundedBody(ctx, max);
        if (data.length == 0) {
            throw new BadRequestException(null, "the request has no body");
        }
        return data;
    }

    /** The whole body (possibly empty), failing with 413 when it is longer than {@code max} bytes. */
    private static byte[] boundedBody(Context ctx, long max) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        if (declared > max) {
            throw new PayloadTooLargeException("the body has " + declared + " bytes; the limit is " + max);
        }
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (data.length > max) {
                throw new PayloadTooLargeException("the body is longer than the limit of " + max + " bytes");
            }
            return data;
        }
    }

    /**
     * Reads and drops what is left of the request body, up to {@code limit} bytes; true when it was all read. A
     * refusal sent while the client is still sending makes the connection close under it, and the client then sees
     * a reset instead of the answer; reading the rest first lets the 413 arrive.
     */
    static boolean discardRest(Context ctx, long limit) {
        try {
            InputStream in = ctx.req().getInputStream();
            byte[] buffer = new byte[64 * 1024];
            long left = limit;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    return true;
                }
                left -= n;
            }
            return in.read() < 0;
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }

    static Customer customer(Context ctx, long max) throws IOException {
        return Json.MAPPER.treeToValue(object(ctx, max), Customer.class);
    }

    static ObjectNode object(Context ctx, long max) throws IOException {
        requireJson(ctx);
        return asObject(Json.MAPPER.readTree(bytes(ctx, max)));
    }

    /** The body as a JSON object, or null when the request has no body (for actions with optional options). */
    static ObjectNode optionalObject(Context ctx, long max) throws IOException {
        byte[] data = boundedBody(ctx, max);
        if (new String(data, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return null;
        }
        requireJson(ctx);
        return asObject(Json.MAPPER.readTree(data));
    }

    private static ObjectNode asObject(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new BadRequestException(null, "the body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /** Applies an RFC 7396 JSON merge patch to a customer and reads the result back. */
    static Customer mergePatch(Customer current, ObjectNode patch) throws IOException {
        ObjectNode target = Json.MAPPER.valueToTree(current);
        merge(target, patch);
        return Json.MAPPER.treeToValue(target, Customer.class);
    }

    private static void merge(ObjectNode target, ObjectNode patch) {
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode value = f.getValue();
            if (value.isNull()) {
                target.putNull(f.getKey());
            } else if (value.isObject() && target.get(f.getKey()) instanceof ObjectNode inner) {
                merge(inner, (ObjectNode) value);
            } else {
                target.set(f.getKey(), value);
            }
        }
    }
}
