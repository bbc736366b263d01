package dev.clientele;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clientele.config.AppConfig;
import dev.clientele.index.HeldMerge;
import dev.clientele.testing.TestHttp;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop during a merge into one segment, through the whole server: the caller of {@code POST /api/admin/optimize
 * ?wait=true} is answered at once rather than when the merge would have ended (half a minute at 1M customers).
 */
class StopDuringMergeApiTest {
    @TempDir
    Path dir;

    private AppConfig config() {
        return TestServer.config(dir.resolve("data"));
    }

    @Test
    void a_caller_waiting_for_a_merge_is_answered_503_while_the_merge_still_runs_and_every_write_stays() throws Exception {
        HeldMerge held = new HeldMerge();
        App app = App.startListening(config(), done -> { }, stop -> { }, held::openDeferringReindex);
        Thread closer = null;
        try {
            app.ready().join();
            TestHttp http = TestHttp.admin(app.port());
            for (String name : new String[] {"Kovács", "Szabó", "Müller"}) { // each committed: a segment each
                assertThat(http.post("/api/customers", "{\"first_name\":\"Anna\",\"last_name\":\"" + name + "\"}")
                        .statusCode()).isEqualTo(201);
            }
            held.holdNext();
            CompletableFuture<HttpResponse<String>> waiting =
                    CompletableFuture.supplyAsync(() -> http.post("/api/admin/optimize?wait=true", ""));
            held.awaitHeld();

            closer = Thread.ofPlatform().start(app::close);
            HttpResponse<String> answer = waiting.get(30, TimeUnit.SECONDS); // the merge is still held here

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(answer.body()).contains("/problems/index-unavailable");
            // The 503 comes when the stop closes the optimizer, before it rolls the index's writer back. Released
            // before that rollback, the merge could end and the stop's commit keep it (one segment): release it
            // once the stop waits for the aborted merge.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!HeldMerge.waitsIn(closer, "abortMerges", "rollbackInternal")) {
                assertThat(closer.isAlive()).as("the stop ended while the merge was held").isTrue();
                assertThat(System.nanoTime()).as("the stop never rolled the writer back").isLessThan(deadline);
                Thread.sleep(10);
            }
        } finally {
            held.release(); // the index's close waits for the merge's thread to see it was aborted
            if (closer != null) {
                closer.join();
            } else {
                app.close();
            }
        }

        try (App again = App.start(config())) {
            assertThat(again.store().index().count()).isEqualTo(3);
            assertThat(again.store().index().segments().count()).as("the merge was abandoned").isGreaterThan(1);
        }
    }
}
