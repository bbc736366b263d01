package dev.clientele.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.clientele.json.Json;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /api/openapi.json}: the hand-written {@code openapi.yaml} (OpenAPI 3.1) from the classpath, parsed
 * once at start-up and served as JSON. A broken YAML file stops the server from starting.
 */
final class OpenApiRoutes {
    static final String RESOURCE = "/openapi.yaml";

    private final String json;

    OpenApiRoutes() {
        this.json = Json.toString(load());
    }

    /** The OpenAPI document as a tree. */
    static JsonNode load() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    void register(RoutesConfig routes) {
        routes.get("/api/openapi.json", this::serve, Access.ANYONE);
    }

    void serve(Context ctx) {
        ctx.contentType("application/json").result(json);
    }
}
