package dev.clientele;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clientele.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the server with SIGKILL while clients stream writes, restarts it, and checks that every acknowledged
 * write is there and the index is clean. Several rounds on the same data dir.
 */
class CrashIT {
    private static final int ROUNDS = 4;
    private static final String AUTH = "Bearer " + dev.clientele.testing.TestKeys.ADMIN;

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void no_acknowledged_write_is_lost_when_the_server_is_killed() throws Exception {
        Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        Random random = new Random(7);
        AtomicInteger seq = new AtomicInteger();
        for (int round = 0; round < ROUNDS; round++) {
            ServerProcess server = ServerProcess.start(dir);
            verify(server.port(), acknowledged);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger acks = new AtomicInteger();
            ExecutorService writers = Executors.newFixedThreadPool(4);
            for (int w = 0; w < 4; w++) {
                int writer = w;
                writers.submit(() -> {
                    while (running.get()) {
                        int n = seq.incrementAndGet();
                        // Half new customers, half updates of earlier ones, one in ten through _bulk.
                        String ext = n % 2 == 0 || n < 10 ? "k-" + n : "k-" + (n / 2 | 1);
                        try {
                            if (n % 10 == 0) {
                                bulk(server.port(), n, acknowledged);
                            } else {
                                HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + server.port()
                                                + "/api/customers/by-external-id/" + ext))
                                        .header("Content-Type", "application/json")
                                        .header("Authorization", AUTH)
                                        .timeout(Duration.ofSeconds(10))
                                        .PUT(HttpRequest.BodyPublishers.ofString("{\"first_name\":\"Writer" + writer
                                                + "\",\"last_name\":\"Nr" + n + "\"}"))
                                        .build(), HttpResponse.BodyHandlers.ofString());
                                if (r.statusCode() / 100 == 2) {
                                    long version = Json.MAPPER.readTree(r.body()).path("version").asLong();
                                    acknowledged.merge(ext, version, Math::max);
                                    acks.incrementAndGet();
                                }
                            }
                        } catch (Exception e) {
                            // connection refused or reset after the kill: not acknowledged, so not expected
                        }
                    }
                });
            }
            // Kill at a random moment after writes are flowing (progress-based, so a slow machine only waits longer).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (acks.get() < 20 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(random.nextInt(800));
            server.kill();
            running.set(false);
            writers.shutdown();
            assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            assertThat(acks.get()).as("writes acknowledged in round " + round).isPositive();
            try (FSDirectory d = FSDirectory.open(dir.resolve("index")); CheckIndex check = new CheckIndex(d)) {
                assertThat(check.checkIndex().clean).as("index clean after kill in round " + round).isTrue();
            }
        }
        ServerProcess last = ServerProcess.start(dir);
        try {
            verify(last.port(), acknowledged);
        } finally {
            last.close();
        }
    }

    @Test
    void an_import_job_killed_midway_keeps_every_row_it_reported_stored_and_a_re_run_finishes_it()
            throws Exception {
        int rows = 40_000;
        byte[] file = dev.clientele.testing.TestCsv.numbered("imp-", rows)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Path data = dir.resolve("import-data");
        String config = "http:\n  import_batch_size: 1000\n";

        ServerProcess server = ServerProcess.startWithConfig(data, config);
        long reported = 0;
        try {
            HttpResponse<String> started = importFile(server.port(), file, false);
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            URI job = URI.create("http://127.0.0.1:" + server.port()
                    + started.headers().firstValue("Location").orElseThrow());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            String state = "running";
            while (reported < 3_000 && state.equals("running") && System.nanoTime() < deadline) {
                Thread.sleep(10);
                JsonNode j = Json.MAPPER.readTree(client.send(HttpRequest.newBuilder(job)
                        .header("Authorization", AUTH).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
                state = j.path("job").path("state").asText();
                reported = Math.max(reported, j.path("job").path("counts").path("rows_stored").asLong());
            }
            assertThat(state).as("the job was still running when killed").isEqualTo("running");
        } finally {
            server.kill();
        }
        assertThat(reported).isBetween(3_000L, rows - 1L);

        ServerProcess again = ServerProcess.startWithConfig(data, config);
        try {
            Map<String, Long> stored = new java.util.HashMap<>();
            for (int i = 1; i <= reported; i++) {
                stored.put("imp-" + i, 1L);
            }
            verify(again.port(), stored);
            HttpResponse<String> rerun = importFile(again.port(), file, true);
            assertThat(rerun.statusCode()).as(rerun.body()).isEqualTo(200);
            JsonNode report = Json.MAPPER.readTree(rerun.body()).path("result").path("report");
            assertThat(report.path("imported").asInt()).isEqualTo(rows);
            assertThat(report.path("rejected").asInt()).isZero();
            JsonNode health = Json.MAPPER.readTree(client.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + again.port() + "/api/health")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(health.path("customers").asLong()).as("one customer per row, none twice").isEqualTo(rows);
        } finally {
            again.close();
        }
    }

    private HttpResponse<String> importFile(int port, byte[] csv, boolean wait) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/import?format=csv"
                        + (wait ? "&wait=true" : ""))).header("Content-Type", "text/csv")
                .header("Authorization", AUTH).timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofByteArray(csv)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void bulk(int port, int n, Map<String, Long> acknowledged) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            sb.append("{\"external_id\":\"bulk-").append(n).append('-').append(i)
                    .append("\",\"first_name\":\"Bulk\",\"last_name\":\"Line").append(i).append("\"}\n");
        }
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/customers/_bulk")).header("Content-Type", "application/x-ndjson")
                .header("Authorization", AUTH)
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(sb.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            return;
        }
        for (String line : r.body().lines().toList()) {
            JsonNode result = Json.MAPPER.readTree(line);
            if (result.path("status").asInt() / 100 == 2) {
                acknowledged.merge(result.path("external_id").asText(), result.path("version").asLong(), Math::max);
            }
        }
    }

    private void verify(int port, Map<String, Long> acknowledged) throws Exception {
        for (Map.Entry<String, Long> e : acknowledged.entrySet()) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/customers/by-external-id/" + e.getKey())).header("Authorization", AUTH).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("acknowledged customer " + e.getKey() + " lost").isEqualTo(200);
            long version = Json.MAPPER.readTree(r.body()).path("version").asLong();
            assertThat(version).as("acknowledged version of " + e.getKey()).isGreaterThanOrEqualTo(e.getValue());
        }
    }
}
