package dev.clientele.http;

import static dev.clientele.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clientele.TestServer;
import dev.clientele.customer.Customer;
import dev.clientele.json.Json;
import dev.clientele.testing.HeldJob;
import dev.clientele.testing.TestHttp;
import dev.clientele.testing.TestKeys;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/edits}: one change to every customer of a list, checked against what each customer holds. */
class EditApiTest {
    @TempDir
    Path dir;
    TestServer server;
    final List<Customer> loaded = new ArrayList<>();

    @BeforeEach
    void start() {
        server = new TestServer(dir);
        BrowseApiTest.load(server, 300, loaded);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static boolean inGermany(Customer c) {
        return c.address() != null && "DE".equals(c.address().country());
    }

    /** Every stored customer by id, as the API reads it now. */
    private Map<String, JsonNode> now() {
        Map<String, JsonNode> out = new HashMap<>();
        server.app().store().index().forEach(c -> out.put(c.id(), Json.MAPPER.valueToTree(c)));
        return out;
    }

    private HttpResponse<String> edit(String query, String body) {
        return server.postJson("/api/edits?" + query, body);
    }

    @Test
    void a_dry_run_counts_and_previews_the_change_and_writes_nothing() {
        Map<String, JsonNode> before = now();
        long germans = loaded.stream().filter(EditApiTest::inGermany).count();
        assertThat(germans).isGreaterThan(20);

        HttpResponse<String> r = edit("country=DE", "{\"add_tags\":[\"fair-2026\"],\"set\":{\"rep\":\"Anna Kovács\"},"
                + "\"dry_run\":true}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode answer = json(r);
        assertThat(answer.path("matched").asLong()).isEqualTo(germans);
        assertThat(answer.path("changed").asLong()).isEqualTo(germans);
        assertThat(answer.path("preview")).hasSize(20);
        JsonNode first = answer.path("preview").get(0);
        assertThat(first.path("after").path("rep").asText()).isEqualTo("Anna Kovács");
        assertThat(first.path("after").path("tags").toString()).contains("fair-2026");
        assertThat(first.path("before").path("tags").toString()).doesNotContain("fair-2026");
        assertThat(now()).isEqualTo(before);
    }

    @Test
    void an_edit_changes_every_customer_of_the_list_and_no_other_and_a_second_run_changes_nothing() {
        // A tag some customers already carry, in another letter case: removed ignoring case.
        List<Customer> tagged = loaded.stream().filter(c -> !c.tags().isEmpty()).toList();
        assertThat(tagged).isNotEmpty();
        String oldTag = tagged.get(0).tags().get(0);
        Map<String, JsonNode> before = now();

        HttpResponse<String> r = edit("country=DE&wait=true", "{\"add_tags\":[\"fair-2026\"],\"remove_tags\":[\""
                + oldTag.toUpperCase(java.util.Locale.ROOT) + "\"],\"set\":{\"funnel_stage\":\"customer\","
                + "\"industry\":null}}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode result = json(r).path("result");
        long germans = loaded.stream().filter(EditApiTest::inGermany).count();
        assertThat(json(r).path("job").path("state").asText()).isEqualTo("succeeded");
        assertThat(result.path("matched").asLong()).isEqualTo(germans);
        assertThat(result.path("changed").asLong()).isEqualTo(germans);
        assertThat(result.path("failed").asLong()).isZero();
        Map<String, JsonNode> after = now();
        for (Customer c : loaded) {
            JsonNode was = before.get(c.id());
            JsonNode is = after.get(c.id());
            if (!inGermany(c)) {
                assertThat(is).as("a customer outside the list").isEqualTo(was);
                continue;
            }
            assertThat(is.path("tags").toString()).contains("\"fair-2026\"")
                    .doesNotContainIgnoringCase("\"" + oldTag + "\"");
            assertThat(is.path("funnel_stage").asText()).isEqualTo("customer");
            assertThat(is.path("industry").isNull()).isTrue();
            assertThat(is.path("first_name")).isEqualTo(was.path("first_name"));
            assertThat(is.path("purchases")).isEqualTo(was.path("purchases"));
            assertThat(is.path("version").asLong()).isEqualTo(was.path("version").asLong() + 1);
        }
        // The version before is in the history, so one customer's change can be undone.
        String someone = loaded.stream().filter(EditApiTest::inGermany).findFirst().orElseThrow().id();
        JsonNode history = json(server.get("/api/customers/" + someone + "/history"));
        JsonNode previous = history.path("versions").get(0);
        for (String field : List.of("version", "tags", "funnel_stage", "industry", "first_name")) {
            assertThat(previous.path(field).toString()).as(field).isEqualTo(before.get(someone).path(field).toString());
        }

        HttpResponse<String> again = edit("country=DE&wait=true", "{\"add_tags\":[\"FAIR-2026\"],\"set\":"
                + "{\"funnel_stage\":\"customer\"}}");
        assertThat(json(again).path("result").path("changed").asLong()).isZero();
        assertThat(json(again).path("result").path("unchanged").asLong()).isEqualTo(germans);
        assertThat(now()).isEqualTo(after);
    }

    @Test
    void the_list_can_be_a_saved_list_or_a_search() {
        Customer target = loaded.stream().filter(c -> c.lastName() != null).findFirst().orElseThrow();
        HttpResponse<String> saved = server.postJson("/api/lists", "{\"name\":\"One\",\"query\":{\"q\":[\""
                + target.lastName() + "\"]}}");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
        String listId = json(saved).path("id").asText();
        long hits = json(server.get("/api/search?limit=0&q=" + java.net.URLEncoder.encode(target.lastName(),
                java.nio.charset.StandardCharsets.UTF_8) + "&sort=relevance")).path("total").asLong();

        HttpResponse<String> r = edit("list=" + listId + "&wait=true", "{\"add_tags\":[\"called\"]}");

        assertThat(json(r).path("result").path("matched").asLong()).isEqualTo(hits).isPositive();
        assertThat(now().get(target.id()).path("tags").toString()).contains("\"called\"");
    }

    @Test
    void a_list_that_changed_since_the_user_counted_it_is_409_and_nothing_is_written() {
        long germans = loaded.stream().filter(EditApiTest::inGermany).count();
        Map<String, JsonNode> before = now();

        HttpResponse<String> r = edit("country=DE&wait=true", "{\"add_tags\":[\"x\"],\"expected_total\":"
                + (germans + 1) + "}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
        assertThat(json(r).path("type").asText()).endsWith("list-changed");
        assertThat(json(r).path("detail").asText()).contains(String.valueOf(germans));
        assertThat(now()).isEqualTo(before);
        HttpResponse<String> ok = edit("country=DE&wait=true", "{\"add_tags\":[\"x\"],\"expected_total\":" + germans
                + "}");
        assertThat(json(ok).path("result").path("changed").asLong()).isEqualTo(germans);
    }

    @Test
    void bad_edits_are_400_naming_the_field_before_anything_is_written() {
        Map<String, JsonNode> before = now();
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("{\"set\":{\"first_name\":\"Anna\"}}", "set.first_name");
        bad.put("{\"set\":{\"preferred_channel\":\"fax\"}}", "set.preferred_channel");
        bad.put("{\"set\":{\"language\":\"not a language\"}}", "set.language");
        bad.put("{\"set\":{\"rep\":7}}", "set.rep");
        bad.put("{\"add_tags\":[\"ok\", 5]}", "add_tags[1]");
        bad.put("{\"add_tags\":\"vip\"}", "add_tags");
        bad.put("{\"add_tags\":[\"" + "t".repeat(300) + "\"]}", "add_tags");
        bad.put("{\"tags\":[\"vip\"]}", "tags");
        bad.put("{}", "");
        bad.put("{\"add_tags\":[\"a\"],\"expected_total\":\"12\"}", "expected_total");
        bad.put("{\"add_tags\":[\"a\"],\"dry_run\":\"yes\"}", "dry_run");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            HttpResponse<String> r = edit("wait=true", e.getKey());
            assertThat(r.statusCode()).as(e.getKey() + " " + r.body()).isEqualTo(400);
            assertThat(json(r).path("errors").findValuesAsText("field")).as(e.getKey()).containsExactly(e.getValue());
        }
        assertThat(edit("contry=DE", "{\"add_tags\":[\"a\"]}").statusCode()).isEqualTo(400);
        // an edit changes the whole list: limit=5 used to be ignored and every German changed
        for (String p : List.of("limit=5", "cursor=abc", "facet=region", "facet_limit=5", "facet_offset.rep=1",
                "region_path=DE")) {
            HttpResponse<String> r = edit("country=DE&wait=true&" + p, "{\"add_tags\":[\"a\"]}");
            assertThat(r.statusCode()).as(p + " " + r.body()).isEqualTo(400);
            assertThat(json(r).path("errors").findValuesAsText("field")).as(p)
                    .containsExactly(p.substring(0, p.indexOf('=')));
        }
        // wait=maybe was read as "no": a job started, answered 202, that changed everyone
        HttpResponse<String> maybe = edit("country=DE&wait=maybe", "{\"add_tags\":[\"a\"]}");
        assertThat(maybe.statusCode()).as(maybe.body()).isEqualTo(400);
        assertThat(json(maybe).path("errors").findValuesAsText("field")).containsExactly("wait");
        assertThat(now()).isEqualTo(before);
        // and wait=yes, as the import takes it, waits
        HttpResponse<String> yes = edit("country=DE&wait=yes", "{\"add_tags\":[\"a\"],\"dry_run\":false}");
        assertThat(yes.statusCode()).as(yes.body()).isEqualTo(200);
        assertThat(json(yes).path("job").path("state").asText()).isEqualTo("succeeded");
    }

    @Test
    void a_change_made_while_the_edit_waited_is_kept_and_a_queued_edit_can_be_cancelled() throws Exception {
        Customer german = loaded.stream().filter(EditApiTest::inGermany).findFirst().orElseThrow();
        try (HeldJob ahead = new HeldJob(server.app().jobs(), "edit")) {
            HttpResponse<String> queued = edit("country=DE", "{\"add_tags\":[\"fair-2026\"]}");
            assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
            String jobId = json(queued).path("job").path("id").asText();
            assertThat(json(queued).path("job").path("queued").asBoolean()).isTrue();
            HttpResponse<String> cancelledEdit = edit("country=DE", "{\"add_tags\":[\"never\"]}");
            String cancelId = json(cancelledEdit).path("job").path("id").asText();
            assertThat(server.delete("/api/edits/jobs/" + cancelId).statusCode()).isEqualTo(200);

            // Someone edits the customer after the list was taken and before the edit reaches it.
            HttpResponse<String> patched = server.send(server.request("/api/customers/" + german.id())
                    .header("Content-Type", "application/merge-patch+json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"notes\":\"called on Monday\"}")));
            assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);

            ahead.release();
            JsonNode done = awaitEnd(jobId);
            assertThat(done.path("job").path("state").asText()).isEqualTo("succeeded");
            JsonNode cancelled = json(server.get("/api/edits/jobs/" + cancelId));
            assertThat(cancelled.path("job").path("state").asText()).isEqualTo("cancelled");
        }
        JsonNode is = now().get(german.id());
        assertThat(is.path("notes").asText()).isEqualTo("called on Monday");
        assertThat(is.path("tags").toString()).contains("fair-2026").doesNotContain("never");
        assertThat(server.get("/api/edits/jobs/nope").statusCode()).isEqualTo(404);
        assertThat(server.get("/api/edits/jobs/" + "import-1").statusCode()).isEqualTo(404);
    }

    @Test
    void an_edit_is_undone_customer_by_customer_leaving_those_changed_since_and_the_undo_can_be_undone() {
        Map<String, JsonNode> before = now();
        List<Customer> germans = loaded.stream().filter(EditApiTest::inGermany).toList();
        HttpResponse<String> r = edit("country=DE&wait=true", "{\"add_tags\":[\"fair-2026\"],\"set\":"
                + "{\"rep\":\"Anna Kovács\"}}");
        String editId = json(r).path("job").path("id").asText();
        Map<String, JsonNode> edited = now();
        // Someone works on one of them after the edit: the undo must not take that back.
        String touched = germans.get(0).id();
        HttpResponse<String> patched = server.send(server.request("/api/customers/" + touched)
                .header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"notes\":\"called on Monday\"}")));
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);

        HttpResponse<String> undo = server.postJson("/api/edits/jobs/" + editId + "/undo?wait=true", "");

        assertThat(undo.statusCode()).as(undo.body()).isEqualTo(200);
        JsonNode result = json(undo).path("result");
        assertThat(result.path("changed").asLong()).isEqualTo(germans.size() - 1);
        assertThat(result.path("failed").asLong()).isEqualTo(1);
        assertThat(result.path("errors").get(0).path("id").asText()).isEqualTo(touched);
        assertThat(result.path("errors").get(0).path("status").asInt()).isEqualTo(409);
        Map<String, JsonNode> undone = now();
        for (Customer c : germans) {
            JsonNode expected = c.id().equals(touched) ? edited.get(c.id()) : before.get(c.id());
            for (String field : List.of("tags", "rep")) {
                assertThat(undone.get(c.id()).path(field)).as(c.id() + " " + field).isEqualTo(expected.path(field));
            }
        }
        assertThat(undone.get(touched).path("notes").asText()).isEqualTo("called on Monday");

        // The undo was an edit too: undoing it puts the tag and rep back.
        String undoId = json(undo).path("job").path("id").asText();
        HttpResponse<String> redo = server.postJson("/api/edits/jobs/" + undoId + "/undo?wait=true", "");
        assertThat(json(redo).path("result").path("changed").asLong()).isEqualTo(germans.size() - 1);
        assertThat(now().get(germans.get(1).id()).path("rep").asText()).isEqualTo("Anna Kovács");

        // an undo takes no list: a filter on it was let through and ignored, undoing the whole edit
        HttpResponse<String> filtered = server.postJson("/api/edits/jobs/" + undoId + "/undo?wait=true&country=DE", "");
        assertThat(filtered.statusCode()).as(filtered.body()).isEqualTo(400);
        assertThat(json(filtered).path("errors").findValuesAsText("field")).containsExactly("country");
        assertThat(server.postJson("/api/edits/jobs/edit-1-00000000/undo", "").statusCode()).isEqualTo(404);
        assertThat(server.postJson("/api/edits/jobs/..%2F..%2Fkeys/undo", "").statusCode()).isEqualTo(404);
    }

    @Test
    void only_the_key_that_made_an_edit_or_an_admin_may_read_cancel_or_undo_it_also_after_a_restart()
            throws Exception {
        int port = server.app().port();
        String annaKey = TestKeys.create(port, "editor", "anna");
        String borisKey = TestKeys.create(port, "editor", "boris");
        TestHttp anna = new TestHttp(port, annaKey);
        TestHttp boris = new TestHttp(port, borisKey);
        long germans = loaded.stream().filter(EditApiTest::inGermany).count();
        String editId;
        try (HeldJob ahead = new HeldJob(server.app().jobs(), "edit")) {
            HttpResponse<String> queued = anna.post("/api/edits?country=DE", "{\"add_tags\":[\"fair-2026\"]}");
            assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
            editId = json(queued).path("job").path("id").asText();
            for (HttpResponse<String> r : List.of(boris.get("/api/edits/jobs/" + editId),
                    boris.delete("/api/edits/jobs/" + editId))) {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
                assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            }
            JsonNode own = json(anna.get("/api/edits/jobs/" + editId)).path("job");
            assertThat(own.path("queued").asBoolean()).as("Boris's cancel did nothing").isTrue();
            assertThat(own.path("cancel_requested").asBoolean()).isFalse();
            assertThat(own.path("started_by").asText()).isEqualTo(annaKey.split("_")[1]);
            ahead.release();
        }
        assertThat(awaitEnd(editId).path("job").path("state").asText()).as("an admin reads it").isEqualTo("succeeded");
        Map<String, JsonNode> edited = now();
        assertThat(boris.post("/api/edits/jobs/" + editId + "/undo?wait=true", "").statusCode()).isEqualTo(403);
        assertThat(now()).isEqualTo(edited);

        // The journal remembers whose edit it was.
        server.close();
        server = new TestServer(dir);
        port = server.app().port();
        assertThat(new TestHttp(port, borisKey).post("/api/edits/jobs/" + editId + "/undo?wait=true", "")
                .statusCode()).isEqualTo(403);
        assertThat(now()).isEqualTo(edited);
        HttpResponse<String> undo = new TestHttp(port, annaKey).post("/api/edits/jobs/" + editId + "/undo?wait=true",
                "");
        assertThat(undo.statusCode()).as(undo.body()).isEqualTo(200);
        assertThat(json(undo).path("result").path("changed").asLong()).isEqualTo(germans);
        String undoId = json(undo).path("job").path("id").asText();
        HttpResponse<String> redo = server.postJson("/api/edits/jobs/" + undoId + "/undo?wait=true", "");
        assertThat(redo.statusCode()).as("an admin undoes anyone's edit: " + redo.body()).isEqualTo(200);
        assertThat(json(redo).path("result").path("changed").asLong()).isEqualTo(germans);
    }

    @Test
    void an_edit_recorded_before_journals_named_their_key_is_undone_by_an_admin_only() throws Exception {
        int port = server.app().port();
        TestHttp editor = new TestHttp(port, TestKeys.create(port, "editor", "e"));
        HttpResponse<String> r = editor.post("/api/edits?country=DE&wait=true", "{\"add_tags\":[\"fair-2026\"]}");
        String editId = json(r).path("job").path("id").asText();
        Path journal = dir.resolve("edits").resolve(editId + ".txt");
        List<String> lines = java.nio.file.Files.readAllLines(journal);
        assertThat(lines.get(0)).startsWith("# started_by ");
        java.nio.file.Files.write(journal, lines.subList(1, lines.size())); // as an older server wrote it
        Map<String, JsonNode> edited = now();

        assertThat(editor.post("/api/edits/jobs/" + editId + "/undo?wait=true", "").statusCode()).isEqualTo(403);
        assertThat(now()).isEqualTo(edited);
        HttpResponse<String> undo = server.postJson("/api/edits/jobs/" + editId + "/undo?wait=true", "");
        assertThat(undo.statusCode()).as(undo.body()).isEqualTo(200);
        assertThat(json(undo).path("result").path("changed").asLong()).isEqualTo(lines.size() - 1L).isPositive();
    }

    private JsonNode awaitEnd(String jobId) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            JsonNode j = json(server.get("/api/edits/jobs/" + jobId));
            if (!j.path("job").path("state").asText().equals("running")) {
                return j;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the edit job did not end");
    }
}
