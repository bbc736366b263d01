package dev.clientele.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clientele.App;
import dev.clientele.json.Json;
import dev.clientele.testing.TestHttp;
import dev.clientele.testing.TestKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys with a scope (issue 8: "scoped keys never leak out-of-scope customers in search, facets, suggestions,
 * exports or duplicates"). The fixture has customers of two reps in two countries with the same names, so every
 * read path would show out-of-scope customers if the scope were not applied, which the admin's answers confirm.
 */
class ScopedKeyApiTest {
    private static final String ANNA = "Anna Kovács";
    private static final String BORIS = "Boris Petrov";
    private static final String SCOPE = "{\"rep\": [\"" + ANNA + "\"]}";

    @TempDir
    static Path dir;
    static App app;
    static TestHttp admin;
    static TestHttp reader;
    static TestHttp editor;
    /** id → rep, industry, country of every fixture customer. */
    static final Map<String, String[]> CUSTOMERS = new LinkedHashMap<>();
    static final Set<String> IN_SCOPE = new HashSet<>();
    static final Set<String> OUT_OF_SCOPE = new HashSet<>();

    @BeforeAll
    static void start() throws Exception {
        app = App.start(TestKeys.config(dir).withOpenReadOnLoopback(false));
        admin = TestHttp.admin(app.port());
        String[] industries = {"Retail", "Wholesale", "Retail", "Software", "Retail", "Software"};
        for (int i = 0; i < 12; i++) {
            String rep = i % 2 == 0 ? ANNA : BORIS;
            String country = i % 2 == 0 ? "HU" : (i % 4 == 1 ? "DE" : "HU");
            String industry = industries[i % industries.length];
            create(rep, country, industry, "Zoltan" + i, "Schmidt", "zoltan" + i + "@example.com");
        }
        // One person entered twice under each rep, and once more across reps: duplicates within and across scopes.
        create(ANNA, "HU", "Retail", "Peter", "Lindqvist", "peter.lindqvist@example.com");
        create(ANNA, "HU", "Retail", "Péter", "Lindqvist", "peter.lindqvist@example.com");
        create(BORIS, "DE", "Retail", "Peter", "Lindqvist", "peter.lindqvist@example.com");
        app.store().index().refresh();
        reader = admin.withKey(createKey("reader", SCOPE));
        editor = admin.withKey(createKey("editor", SCOPE));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static String create(String rep, String country, String industry, String first, String last,
                                 String email) {
        HttpResponse<String> r = admin.post("/api/customers", "{\"first_name\":\"" + first + "\",\"last_name\":\""
                + last + "\",\"emails\":[\"" + email + "\"],\"rep\":\"" + rep + "\",\"industry\":\"" + industry
                + "\",\"address\":{\"city\":\"Town\",\"country\":\"" + country + "\"}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String id = json(r).path("id").asText();
        CUSTOMERS.put(id, new String[] {rep, industry, country});
        (rep.equals(ANNA) ? IN_SCOPE : OUT_OF_SCOPE).add(id);
        return id;
    }

    private static String createKey(String role, String scope) {
        HttpResponse<String> r = admin.post("/api/admin/keys", "{\"role\":\"" + role + "\",\"name\":\"" + role
                + " of Anna\",\"scope\":" + scope + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(json(r).path("scope").path("rep").get(0).asText()).isEqualTo(ANNA);
        return json(r).path("key").asText();
    }

    static JsonNode json(HttpResponse<String> r) {
        return json(r.body());
    }

    static JsonNode json(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    private static Set<String> ids(JsonNode array) {
        Set<String> out = new HashSet<>();
        array.forEach(n -> out.add(n.has("customer") ? n.path("customer").path("id").asText() : n.path("id").asText()));
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void the_search_box_and_suggestions_find_only_customers_in_scope() {
        JsonNode all = ok(admin.get("/api/search?q=Schmidt&limit=100"));
        assertThat(ids(all.path("hits"))).containsAnyElementsOf(OUT_OF_SCOPE);
        JsonNode scoped = ok(reader.get("/api/search?q=Schmidt&limit=100"));
        assertThat(ids(scoped.path("hits"))).isNotEmpty().isSubsetOf(IN_SCOPE);
        assertThat(scoped.path("total").asLong()).isEqualTo(6);
        JsonNode everyone = ok(reader.get("/api/search?limit=100"));
        assertThat(ids(everyone.path("hits"))).isEqualTo(IN_SCOPE);

        assertThat(ids(ok(admin.get("/api/suggest?q=Lind&limit=20")).path("suggestions")))
                .containsAnyElementsOf(OUT_OF_SCOPE);
        assertThat(ids(ok(reader.get("/api/suggest?q=Lind&limit=20")).path("suggestions"))).hasSize(2)
                .isSubsetOf(IN_SCOPE);
        assertThat(ids(ok(reader.get("/api/suggest?q=Zolt&limit=20")).path("suggestions"))).isNotEmpty()
                .isSubsetOf(IN_SCOPE);
        assertThat(ids(ok(reader.get("/api/search?q=" + enc("rep:\"" + BORIS + "\"") + "&advanced=true"))
                .path("hits"))).isEmpty();
    }

    @Test
    void lists_and_facet_counts_are_computed_within_the_scope() {
        // The admin asks first, so a cache keyed without the scope would answer the reader with these counts.
        JsonNode full = ok(admin.get("/api/search?facet=industry,country,rep&limit=100"));
        assertThat(full.path("total").asLong()).isEqualTo(CUSTOMERS.size());
        for (String query : List.of("facet=industry,country,rep&limit=100",
                "q=Schmidt&facet=industry,country,rep&limit=100",
                "industry=Retail&facet=industry,country,rep&limit=100")) {
            JsonNode r = ok(reader.get("/api/search?" + query));
            Set<String> got = ids(r.path("customers"));
            assertThat(got).as(query).isNotEmpty().isSubsetOf(IN_SCOPE);
            assertThat(r.path("total").asLong()).as(query).isEqualTo(got.size());
            Map<String, Map<String, Long>> expected = new HashMap<>();
            boolean schmidtOnly = query.startsWith("q=");
            boolean retailOnly = query.startsWith("industry=");
            for (String id : IN_SCOPE) {
                String[] c = CUSTOMERS.get(id);
                if (schmidtOnly && !ids(ok(admin.get("/api/search?q=Schmidt&limit=100")).path("hits")).contains(id)) {
                    continue;
                }
                if (!retailOnly || c[1].equals("Retail")) {
                    expected.computeIfAbsent("rep", k -> new HashMap<>()).merge(c[0], 1L, Long::sum);
                    expected.computeIfAbsent("country", k -> new HashMap<>()).merge(c[2], 1L, Long::sum);
                }
                // Multi-select: the industry facet ignores the industry selection.
                expected.computeIfAbsent("industry", k -> new HashMap<>()).merge(c[1], 1L, Long::sum);
            }
            for (String dim : List.of("industry", "country", "rep")) {
                Map<String, Long> counts = new HashMap<>();
                r.path("facets").path(dim).path("values").forEach(v -> counts.put(v.path("value").asText(),
                        v.path("count").asLong()));
                assertThat(counts).as(query + " " + dim).isEqualTo(expected.get(dim));
            }
        }
        JsonNode values = ok(reader.get("/api/facets/rep/values?prefix="));
        assertThat(values.path("values")).hasSize(1);
        assertThat(values.path("values").get(0).path("value").asText()).isEqualTo(ANNA);
        assertThat(values.path("values").get(0).path("count").asLong()).isEqualTo(IN_SCOPE.size());
        assertThat(ok(reader.get("/api/facets/rep/values?prefix=Bor")).path("values")).isEmpty();
        // A filter on the other rep finds nothing rather than widening the scope.
        assertThat(ok(reader.get("/api/search?rep=" + enc(BORIS))).path("total").asLong()).isZero();

        Set<String> paged = new HashSet<>();
        ok(reader.get("/api/customers?limit=1000")).path("customers").forEach(c -> paged.add(c.path("id").asText()));
        assertThat(paged).isEqualTo(IN_SCOPE);
    }

    @Test
    void exports_and_saved_lists_hold_only_customers_in_scope() {
        HttpResponse<String> ndjson = reader.get("/api/export?format=ndjson");
        assertThat(ndjson.statusCode()).isEqualTo(200);
        Set<String> exported = new HashSet<>();
        ndjson.body().lines().forEach(l -> {
            try {
                exported.add(Json.MAPPER.readTree(l).path("id").asText());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertThat(exported).isEqualTo(IN_SCOPE);
        HttpResponse<String> csv = reader.get("/api/export?format=csv&columns=id,rep&q=Lindqvist");
        assertThat(csv.body()).contains(ANNA).doesNotContain(BORIS);
        assertThat(admin.get("/api/export?format=csv&columns=id,rep&q=Lindqvist").body()).contains(BORIS);

        HttpResponse<String> list = admin.post("/api/lists", "{\"name\":\"All Lindqvists\",\"query\":\"q=Lindqvist\"}");
        assertThat(list.statusCode()).as(list.body()).isEqualTo(201);
        String listId = json(list).path("id").asText();
        assertThat(ids(ok(reader.get("/api/search?list=" + listId + "&limit=100")).path("customers")))
                .hasSize(2).isSubsetOf(IN_SCOPE);

        // The team's list is not the scoped editor's to change or delete; a list of its own is.
        assertThat(editor.put("/api/lists/" + listId, "{\"name\":\"Mine now\",\"query\":\"\"}").statusCode())
                .isEqualTo(403);
        assertThat(editor.delete("/api/lists/" + listId).statusCode()).isEqualTo(403);
        assertThat(ok(admin.get("/api/lists/" + listId)).path("name").asText()).isEqualTo("All Lindqvists");
        HttpResponse<String> own = editor.post("/api/lists", "{\"name\":\"Anna's Lindqvists\",\"query\":\"q=Lindqvist\"}");
        assertThat(own.statusCode()).as(own.body()).isEqualTo(201);
        String ownId = json(own).path("id").asText();
        assertThat(editor.put("/api/lists/" + ownId, "{\"name\":\"Anna's list\",\"query\":\"q=Lindqvist\"}")
                .statusCode()).isEqualTo(200);
        assertThat(editor.delete("/api/lists/" + ownId).statusCode()).isEqualTo(204);
        assertThat(admin.delete("/api/lists/" + listId).statusCode()).isEqualTo(204);
    }

    @Test
    void single_customers_outside_the_scope_are_not_found() {
        String out = OUT_OF_SCOPE.iterator().next();
        String in = IN_SCOPE.iterator().next();
        for (String path : List.of("/api/customers/%s", "/api/customers/%s/history", "/api/customers/%s/export",
                "/api/customers/%s/duplicates")) {
            assertThat(admin.get(path.formatted(out)).statusCode()).as(path).isEqualTo(200);
            assertThat(reader.get(path.formatted(out)).statusCode()).as(path).isEqualTo(404);
            assertThat(reader.get(path.formatted(in)).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(reader.get("/api/customers/" + out).body()).doesNotContain("Schmidt", "Lindqvist");
    }

    @Test
    void duplicate_candidates_and_the_review_queue_stay_within_the_scope() throws Exception {
        String annaPeter = idOf("Peter", ANNA);
        Set<String> adminCandidates = ids(ok(admin.get("/api/customers/" + annaPeter + "/duplicates"))
                .path("duplicates"));
        assertThat(adminCandidates).containsAnyElementsOf(OUT_OF_SCOPE);
        Set<String> scopedCandidates = ids(ok(reader.get("/api/customers/" + annaPeter + "/duplicates"))
                .path("duplicates"));
        assertThat(scopedCandidates).hasSize(1).isSubsetOf(IN_SCOPE);
        String probe = "{\"first_name\":\"Peter\",\"last_name\":\"Lindqvist\","
                + "\"emails\":[\"peter.lindqvist@example.com\"]}";
        assertThat(ids(ok(admin.post("/api/duplicates/check", probe)).path("duplicates"))).hasSize(3);
        assertThat(ids(ok(reader.post("/api/duplicates/check", probe)).path("duplicates"))).hasSize(2)
                .isSubsetOf(IN_SCOPE);

        HttpResponse<String> started = admin.post("/api/dedup/jobs", "");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String jobId = json(started).path("id").asText();
        JsonNode job;
        do {
            Thread.sleep(20);
            job = ok(admin.get("/api/dedup/jobs/" + jobId));
        } while (job.path("state").asText().equals("running"));
        assertThat(job.path("state").asText()).isEqualTo("succeeded");
        JsonNode adminQueue = ok(admin.get("/api/duplicates?limit=200"));
        List<String> adminPairs = new ArrayList<>();
        Set<String> adminIds = new HashSet<>();
        adminQueue.path("groups").forEach(g -> {
            g.path("customers").forEach(c -> adminIds.add(c.path("id").asText()));
            g.path("pairs").forEach(p -> adminPairs.add(p.path("pair_id").asText() + " " + p.path("left_id").asText()
                    + " " + p.path("right_id").asText()));
        });
        assertThat(adminIds).containsAnyElementsOf(OUT_OF_SCOPE);
        JsonNode scopedQueue = ok(reader.get("/api/duplicates?limit=200"));
        assertThat(scopedQueue.path("groups")).isNotEmpty();
        scopedQueue.path("groups").forEach(g -> {
            assertThat(ids(g.path("customers"))).isSubsetOf(IN_SCOPE);
            g.path("pairs").forEach(p -> assertThat(Set.of(p.path("left_id").asText(), p.path("right_id").asText()))
                    .isSubsetOf(IN_SCOPE));
        });
        // A pair across the scope's edge cannot be merged or dismissed by the scoped editor.
        String cross = adminPairs.stream().filter(p -> {
            String[] parts = p.split(" ");
            return IN_SCOPE.contains(parts[1]) != IN_SCOPE.contains(parts[2]);
        }).findFirst().orElseThrow().split(" ")[0];
        assertThat(editor.post("/api/duplicates/" + cross + "/merge", "").statusCode()).isEqualTo(404);
        assertThat(editor.post("/api/duplicates/" + cross + "/dismiss", "").statusCode()).isEqualTo(404);
    }

    private static String idOf(String first, String rep) {
        JsonNode hits = ok(admin.get("/api/search?q=" + enc(first + " Lindqvist") + "&rep=" + enc(rep)
                + "&limit=100")).path("customers");
        for (JsonNode c : hits) {
            if (c.path("first_name").asText().equals(first)) {
                return c.path("id").asText();
            }
        }
        throw new AssertionError("no " + first + " of " + rep);
    }

    @Test
    void an_upsert_by_external_id_of_a_customer_outside_the_scope_answers_as_if_there_were_none() {
        HttpResponse<String> hidden = admin.put("/api/customers/by-external-id/x-hidden-boris",
                "{\"first_name\":\"Hidden\",\"last_name\":\"Boris\",\"rep\":\"" + BORIS + "\"}");
        assertThat(hidden.statusCode()).as(hidden.body()).isEqualTo(201);
        String hiddenId = json(hidden).path("id").asText();
        HttpResponse<String> read = editor.get("/api/customers/by-external-id/x-hidden-boris");
        HttpResponse<String> upsert = editor.put("/api/customers/by-external-id/x-hidden-boris",
                "{\"first_name\":\"Hidden\",\"rep\":\"" + ANNA + "\"}");
        assertThat(upsert.statusCode()).as(upsert.body()).isEqualTo(404);
        // The answer must not name the record's id (nor differ from the read's), which would reveal that it exists.
        assertThat(upsert.body()).doesNotContain(hiddenId);
        assertThat(json(upsert).path("detail").asText()).isEqualTo(json(read).path("detail").asText());
        assertThat(ok(admin.get("/api/customers/" + hiddenId)).path("rep").asText()).isEqualTo(BORIS);
        // Creating a customer with that external id is a conflict (ids are unique), but it does not name the record.
        HttpResponse<String> taken = editor.post("/api/customers",
                "{\"first_name\":\"New\",\"external_id\":\"x-hidden-boris\",\"rep\":\"" + ANNA + "\"}");
        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(409);
        assertThat(taken.body()).doesNotContain(hiddenId);
    }

    @Test
    void a_scoped_editor_writes_only_within_its_scope() {
        String outside = "{\"first_name\":\"Olga\",\"last_name\":\"Novak\",\"rep\":\"" + BORIS + "\"}";
        HttpResponse<String> refused = editor.post("/api/customers", outside);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(editor.post("/api/customers", "{\"first_name\":\"Olga\",\"last_name\":\"Novak\"}").statusCode())
                .isEqualTo(403);
        assertThat(editor.put("/api/customers/by-external-id/x-olga", outside).statusCode()).isEqualTo(403);

        HttpResponse<String> created = editor.post("/api/customers",
                "{\"first_name\":\"Olga\",\"last_name\":\"Novak\",\"rep\":\"" + ANNA + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String olga = json(created).path("id").asText();
        assertThat(editor.send("PATCH", "/api/customers/" + olga, "{\"rep\":\"" + BORIS + "\"}").statusCode())
                .isEqualTo(403);
        assertThat(editor.send("PATCH", "/api/customers/" + olga, "{\"position\":\"Buyer\"}").statusCode())
                .isEqualTo(200);
        assertThat(editor.put("/api/customers/" + olga, outside).statusCode()).isEqualTo(403);
        assertThat(ok(admin.get("/api/customers/" + olga)).path("rep").asText()).isEqualTo(ANNA);

        String out = OUT_OF_SCOPE.iterator().next();
        assertThat(editor.send("PATCH", "/api/customers/" + out, "{\"rep\":\"" + ANNA + "\"}").statusCode())
                .isEqualTo(404);
        assertThat(editor.put("/api/customers/" + out, "{\"first_name\":\"X\",\"rep\":\"" + ANNA + "\"}")
                .statusCode()).isEqualTo(404);
        assertThat(editor.delete("/api/customers/" + out).statusCode()).isEqualTo(404);
        assertThat(editor.post("/api/customers/" + out + "/history/1/restore", "").statusCode()).isEqualTo(404);
        assertThat(ok(admin.get("/api/customers/" + out)).path("rep").asText()).isEqualTo(BORIS);

        HttpResponse<String> bulk = editor.send("POST", "/api/customers/_bulk", String.join("\n",
                "{\"first_name\":\"Yara\",\"external_id\":\"x-yara\",\"rep\":\"" + ANNA + "\"}",
                "{\"first_name\":\"Yves\",\"rep\":\"" + BORIS + "\"}",
                "{\"id\":\"" + out + "\",\"first_name\":\"Z\",\"rep\":\"" + ANNA + "\"}",
                "{\"first_name\":\"\",\"emails\":[\"not an email\"]}",
                // naming a customer outside the scope by id is not found, whatever external id the line gives it
                "{\"id\":\"" + out + "\",\"external_id\":\"x-fresh\",\"first_name\":\"Z\",\"rep\":\"" + ANNA + "\"}"));
        assertThat(bulk.statusCode()).isEqualTo(200);
        List<Integer> statuses = bulk.body().lines().map(l -> json(l).path("status").asInt()).toList();
        assertThat(statuses).containsExactly(201, 403, 404, 400, 404);
        assertThat(ok(admin.get("/api/customers/" + out)).path("first_name").asText()).isNotEqualTo("Z");
        String yara = json(bulk.body().lines().findFirst().orElseThrow()).path("id").asText();
        assertThat(editor.delete("/api/customers/" + yara).statusCode()).isEqualTo(204);
        assertThat(editor.send("POST", "/api/import?format=ndjson", "{\"first_name\":\"Y\"}").statusCode())
                .isEqualTo(403);
        assertThat(editor.delete("/api/import/jobs/import-1-x").statusCode()).isEqualTo(403); // nor cancel one
        assertThat(editor.delete("/api/customers/" + olga).statusCode()).isEqualTo(204);
    }

    @Test
    void a_scoped_key_cannot_start_a_duplicate_scan_whose_counts_cover_every_customer() {
        long scans = app.jobs().list().stream().filter(j -> j.kind().equals("dedup")).count();
        HttpResponse<String> r = editor.post("/api/dedup/jobs", "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(json(r).path("type").asText()).endsWith("forbidden");
        assertThat(app.jobs().list().stream().filter(j -> j.kind().equals("dedup")).count()).isEqualTo(scans);
    }

    @Test
    void scopes_are_checked_when_a_key_is_created() {
        for (String bad : List.of("{\"role\":\"reader\",\"scope\":{\"colour\":[\"red\"]}}",
                "{\"role\":\"reader\",\"scope\":{\"rep\":[]}}",
                "{\"role\":\"reader\",\"scope\":{\"rep\":[1]}}",
                "{\"role\":\"reader\",\"scope\":{\"spend\":[\"100-500\"]}}",
                "{\"role\":\"reader\",\"scope\":\"crm-sync\"}",
                "{\"role\":\"admin\",\"scope\":{\"rep\":[\"" + ANNA + "\"]}}")) {
            HttpResponse<String> r = admin.post("/api/admin/keys", bad);
            assertThat(r.statusCode()).as(bad + " → " + r.body()).isEqualTo(400);
            assertThat(json(r).path("errors").get(0).path("field").asText()).as(bad).startsWith("scope");
        }
        HttpResponse<String> r = admin.post("/api/admin/keys", "{\"role\":\"reader\",\"name\":\"n\",\"note\":\"crm\","
                + "\"scope\":{\"not_country\":\"DE\",\"tag\":[\"vip\",\"vip\"]}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(json(r).path("scope").toString()).isEqualTo("{\"not_country\":[\"DE\"],\"tags\":[\"vip\"]}");
        JsonNode listed = ok(admin.get("/api/admin/keys"));
        List<String> notes = new ArrayList<>();
        listed.path("keys").forEach(k -> notes.add(k.path("note").asText()));
        assertThat(notes).contains("crm");
    }

    @Test
    void a_scoped_editor_s_list_edit_changes_only_customers_in_its_scope_and_none_out_of_it() {
        // The Schmidts of both reps: the editor's list holds only Anna's.
        HttpResponse<String> tag = editor.post("/api/edits?q=Schmidt&wait=true", "{\"add_tags\":[\"scoped-edit\"]}");
        assertThat(tag.statusCode()).as(tag.body()).isEqualTo(200);
        JsonNode result = json(tag).path("result");
        assertThat(result.path("changed").asLong()).isEqualTo(result.path("matched").asLong()).isPositive();
        for (String id : CUSTOMERS.keySet()) {
            String tags = ok(admin.get("/api/customers/" + id)).path("tags").toString();
            if (OUT_OF_SCOPE.contains(id)) {
                assertThat(tags).as(id).doesNotContain("scoped-edit");
            }
        }
        // Handing the list to the other rep would move every customer out of the key's scope: each fails, 403.
        HttpResponse<String> handOver = editor.post("/api/edits?q=Schmidt&wait=true",
                "{\"set\":{\"rep\":\"" + BORIS + "\"}}");
        JsonNode refused = json(handOver).path("result");
        assertThat(refused.path("changed").asLong()).isZero();
        assertThat(refused.path("failed").asLong()).isEqualTo(result.path("matched").asLong());
        assertThat(refused.path("errors").get(0).path("status").asInt()).isEqualTo(403);
        for (String id : IN_SCOPE) {
            assertThat(ok(admin.get("/api/customers/" + id)).path("rep").asText()).isEqualTo(ANNA);
        }
        assertThat(editor.post("/api/edits?q=Schmidt&wait=true", "{\"add_tags\":[\"x\"],\"dry_run\":true}")
                .statusCode()).isEqualTo(200);
        assertThat(reader.post("/api/edits?q=Schmidt", "{\"add_tags\":[\"x\"]}").statusCode()).isEqualTo(403);
    }
}
