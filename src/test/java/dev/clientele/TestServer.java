package dev.clientele;

import dev.clientele.config.AppConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real Clientele server on a free port over a temp data dir, with a small HTTP client that sends the test admin
 * key ({@link dev.clientele.testing.TestKeys#ADMIN}) unless a request sets its own. Close after use.
 */
public final class TestServer implements AutoCloseable {
    private final App app;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public TestServer(Path dataDir) {
        this(config(dataDir));
    }

    /** The configuration of a test server: a free port, no demo customers, the test admin key. */
    public static AppConfig config(Path dataDir) {
        return AppConfig.DEFAULTS.withPort(0).withDataDir(dataDir).withDemoCount(0)
                .withAdminKey(dev.clientele.testing.TestKeys.ADMIN);
    }

    public TestServer(AppConfig config) {
        this.app = App.start(config.security().adminKey() == null
                ? config.withAdminKey(dev.clientele.testing.TestKeys.ADMIN) : config);
    }

    public App app() {
        return app;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + app.port() + path);
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        return send(client, request);
    }

    private static HttpResponse<String> send(HttpClient via, HttpRequest.Builder request) {
        try {
            return via.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends a request on a connection of its own (a one-off client), for requests the server answers by closing
     * the connection (an oversized request line, say): on the shared client's pooled connection, the next test's
     * POST could be sent just as it closes, and the client retries only idempotent requests.
     */
    public HttpResponse<String> sendAlone(HttpRequest.Builder request) {
        try (HttpClient alone = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            return send(alone, request);
        }
    }

    /** A request with the admin key. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + dev.clientele.testing.TestKeys.ADMIN);
    }

    /** A request without any key. */
    public HttpRequest.Builder anonymous(String path) {
        return HttpRequest.newBuilder(uri(path));
    }

    /** The response body as JSON; a body that is not JSON fails the test, showing the body. */
    public static com.fasterxml.jackson.databind.JsonNode json(HttpResponse<String> r) {
        try {
            return dev.clientele.json.Json.MAPPER.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    public HttpResponse<String> postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    /** Creates a customer through the API and returns its id; anything but a 201 fails the test, showing the body. */
    public String createCustomer(String json) {
        HttpResponse<String> r = postJson("/api/customers", json);
        if (r.statusCode() != 201) {
            throw new AssertionError("expected 201 creating a customer, got " + r.statusCode() + ": " + r.body());
        }
        return json(r).path("id").asText();
    }

    public HttpResponse<String> putJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    public HttpResponse<String> delete(String path) {
        return send(request(path).DELETE());
    }

    @Override
    public void close() {
        app.close();
    }
}
