package dev.clientele;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clientele.config.AppConfig;
import dev.clientele.jobs.Job;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoStartTest {
    @TempDir
    Path data;

    @Test
    void an_empty_index_gets_demo_customers_and_their_duplicates_wait_for_review() throws Exception {
        try (TestServer server = new TestServer(AppConfig.DEFAULTS.withPort(0).withDataDir(data).withDemoCount(400))) {
            assertThat(server.app().store().index().count()).isEqualTo(400);
            Job scan = server.app().jobs().list().stream().filter(j -> j.kind().equals("dedup")).findFirst()
                    .orElseThrow(() -> new AssertionError("no duplicate scan after loading the demo"));
            Job done = server.app().jobs().await(scan.id(), Duration.ofMinutes(1));
            assertThat(done.error()).isNull();
            var queue = TestServer.json(server.send(server.request("/api/duplicates?limit=1")));
            assertThat(queue.path("total").asInt()).as("the demo's generated duplicates are queued").isPositive();
        }
    }

    @Test
    void an_index_with_customers_is_not_scanned_at_start() throws Exception {
        try (TestServer first = new TestServer(AppConfig.DEFAULTS.withPort(0).withDataDir(data).withDemoCount(50))) {
            first.app().jobs().await(first.app().jobs().list().getFirst().id(), Duration.ofMinutes(1));
        }
        try (TestServer again = new TestServer(AppConfig.DEFAULTS.withPort(0).withDataDir(data).withDemoCount(50))) {
            assertThat(again.app().store().index().count()).isEqualTo(50);
            assertThat(again.app().jobs().list()).noneMatch(j -> j.kind().equals("dedup"));
        }
    }
}
