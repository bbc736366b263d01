package dev.clientele.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real {@code wrk} against a loopback server that records what it was sent. */
class WrkIT {
    @TempDir
    Path dir;

    private final Queue<String> bodies = new ConcurrentLinkedQueue<>();
    private final Queue<String> paths = new ConcurrentLinkedQueue<>();
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            paths.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (!body.isEmpty()) {
                bodies.add(body);
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void a_body_with_the_sequence_placeholder_is_never_sent_twice_not_even_by_a_later_run() throws Exception {
        List<Wrk.Request> writes = List.of(
                new Wrk.Request("PUT", "/w/1", "{\"notes\":\"edit " + Wrk.SEQ + "\"}"),
                new Wrk.Request("PUT", "/w/2", "{\"notes\":\"edit " + Wrk.SEQ + "\"}"));
        Wrk.Result first = Wrk.run("writes", url(), writes, 1, 1, dir, null);
        int afterFirst = bodies.size();
        Wrk.Result second = Wrk.run("writes", url(), writes, 1, 1, dir, null);

        assertThat(first.errors()).isZero();
        assertThat(second.errors()).isZero();
        // each run cycled through the two requests many times, and a later run started its count again
        assertThat(afterFirst).isGreaterThan(writes.size());
        assertThat(bodies.size()).isGreaterThan(afterFirst + writes.size());
        assertThat(bodies).doesNotHaveDuplicates().allSatisfy(b -> assertThat(b).startsWith("{\"notes\":\"edit ")
                .doesNotContain(Wrk.SEQ));
        assertThat(paths).contains("PUT /w/1", "PUT /w/2");
    }

    @Test
    void requests_without_the_placeholder_are_sent_as_written() throws Exception {
        List<Wrk.Request> requests = List.of(Wrk.Request.get("/search?q=a"),
                new Wrk.Request("POST", "/same", "{\"n\":1}"));
        Wrk.run("plain", url(), requests, 1, 1, dir, "Bearer k");

        assertThat(paths).contains("GET /search?q=a", "POST /same");
        assertThat(bodies).isNotEmpty().allSatisfy(b -> assertThat(b).isEqualTo("{\"n\":1}"));
    }
}
