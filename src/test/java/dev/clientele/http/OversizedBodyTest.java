package dev.clientele.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clientele.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A body over the limit gets its 413 every time. The server refuses on the declared length before reading; unless it
 * also reads what the client is still sending, the client can see the connection reset instead of the answer.
 */
class OversizedBodyTest {
    @TempDir
    java.nio.file.Path dir;
    TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void every_oversized_json_body_gets_a_413_not_a_reset_connection() {
        String big = "{\"first_name\":\"" + "x".repeat(3_000_000) + "\"}";
        for (int i = 0; i < 25; i++) {
            HttpResponse<String> r = server.postJson("/api/customers", big);
            assertThat(r.statusCode()).as("attempt %d", i).isEqualTo(413);
            assertThat(r.body()).contains("payload-too-large");
        }
        // The connection pool is still usable afterwards.
        assertThat(server.get("/api/health").statusCode()).isEqualTo(200);
    }

    @Test
    void an_oversized_chunked_body_gets_a_413_too() {
        byte[] big = ("{\"first_name\":\"" + "y".repeat(2_000_000) + "\"}").getBytes();
        for (int i = 0; i < 10; i++) {
            // ofInputStream has no known length: the client sends it chunked, so only reading finds the size.
            HttpResponse<String> r = server.send(server.request("/api/customers")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))));
            assertThat(r.statusCode()).as("attempt %d", i).isEqualTo(413);
        }
    }
}
