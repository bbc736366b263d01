package dev.clientele.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clientele.App;
import dev.clientele.config.AppConfig;
import dev.clientele.index.CustomerIndex;
import dev.clientele.json.Json;
import dev.clientele.ops.Operations;
import dev.clientele.security.ApiKey;
import dev.clientele.security.KeyStore;
import dev.clientele.security.Role;
import dev.clientele.store.CustomerStore;
import dev.clientele.testing.TestHttp;
import dev.clientele.testing.TestKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessControlTest {
    /** Every route the server has must appear here with its rule: a new route fails this test until added. */
    private static final Map<String, Access> EXPECTED = Map.ofEntries(
            Map.entry("GET /api/health", Access.ANYONE),
            Map.entry("GET /api/ready", Access.ANYONE),
            Map.entry("GET /api/openapi.json", Access.ANYONE),
            Map.entry("GET /metrics", Access.READER),
            Map.entry("GET /api/me", Access.READER),
            Map.entry("GET /api/customers", Access.READER),
            Map.entry("POST /api/customers", Access.EDITOR),
            Map.entry("GET /api/customers/{id}", Access.READER),
            Map.entry("PUT /api/customers/{id}", Access.EDITOR),
            Map.entry("PATCH /api/customers/{id}", Access.EDITOR),
            Map.entry("DELETE /api/customers/{id}", Access.EDITOR),
            Map.entry("POST /api/customers/{id}/purchases", Access.EDITOR),
            Map.entry("GET /api/customers/by-external-id/{external_id}", Access.READER),
            Map.entry("PUT /api/customers/by-external-id/{external_id}", Access.EDITOR),
            Map.entry("POST /api/customers/_bulk", Access.EDITOR),
            Map.entry("POST /api/admin/keys", Access.ADMIN),
            Map.entry("GET /api/admin/keys", Access.ADMIN),
            Map.entry("DELETE /api/admin/keys/{id}", Access.ADMIN),
            Map.entry("POST /api/admin/backups", Access.ADMIN),
            Map.entry("GET /api/admin/backups", Access.ADMIN),
            Map.entry("POST /api/admin/backups/{id}/verify", Access.ADMIN),
            Map.entry("DELETE /api/admin/backups/{id}", Access.ADMIN),
            Map.entry("GET /api/customers/{id}/duplicates", Access.READER),
            Map.entry("POST /api/duplicates/check", Access.READER),
            Map.entry("POST /api/dedup/jobs", Access.EDITOR),
            Map.entry("GET /api/dedup/jobs/{id}", Access.READER),
            Map.entry("DELETE /api/dedup/jobs/{id}", Access.EDITOR),
            Map.entry("GET /api/duplicates", Access.READER),
            Map.entry("POST /api/duplicates/{pair}/merge", Access.EDITOR),
            Map.entry("POST /api/duplicates/{pair}/dismiss", Access.EDITOR),
            Map.entry("POST /api/merges/{id}/undo", Access.EDITOR),
            Map.entry("GET /api/customers/{id}/history", Access.READER),
            Map.entry("POST /api/customers/{id}/history/{version}/restore", Access.EDITOR),
            Map.entry("POST /api/customers/{id}/erase", Access.ADMIN),
            Map.entry("GET /api/admin/erasures/purge", Access.ADMIN),
            Map.entry("GET /api/admin/audit", Access.ADMIN),
            Map.entry("POST /api/admin/optimize", Access.ADMIN),
            Map.entry("GET /api/admin/optimize", Access.ADMIN),
            Map.entry("GET /api/customers/{id}/subject-access", Access.ADMIN),
            Map.entry("GET /api/customers/{id}/related", Access.ADMIN),
            Map.entry("POST /api/import", Access.EDITOR),
            Map.entry("GET /api/import/jobs/{id}", Access.EDITOR),
            Map.entry("DELETE /api/import/jobs/{id}", Access.EDITOR),
            Map.entry("GET /api/customers/{id}/export", Access.READER),
            Map.entry("GET /api/search", Access.READER),
            Map.entry("GET /api/suggest", Access.READER),
            Map.entry("GET /api/facets/{dim}/values", Access.READER),
            Map.entry("GET /api/export", Access.READER),
            Map.entry("POST /api/edits", Access.EDITOR),
            Map.entry("GET /api/edits/jobs/{id}", Access.EDITOR),
            Map.entry("DELETE /api/edits/jobs/{id}", Access.EDITOR),
            Map.entry("POST /api/edits/jobs/{id}/undo", Access.EDITOR),
            Map.entry("POST /api/lists", Access.EDITOR),
            Map.entry("GET /api/lists", Access.READER),
            Map.entry("GET /api/lists/{id}", Access.READER),
            Map.entry("PUT /api/lists/{id}", Access.EDITOR),
            Map.entry("DELETE /api/lists/{id}", Access.EDITOR));

    @TempDir
    Path dir;

    @Test
    void every_route_has_the_expected_access_rule() {
        try (App app = App.start(TestKeys.config(dir).withOpenReadOnLoopback(false))) {
            Map<String, Access> actual = new java.util.TreeMap<>();
            app.routes().forEach(r -> actual.put(r.method() + " " + r.path(), r.access()));
            assertThat(differences(EXPECTED, actual)).as("routes vs. EXPECTED in AccessControlTest").isEmpty();
        }
    }

    @Test
    void every_route_refuses_missing_and_weaker_keys_and_admits_the_right_role() {
        try (App app = App.start(TestKeys.config(dir).withOpenReadOnLoopback(false))) {
            TestHttp admin = TestHttp.admin(app.port());
            Map<Access, String> keyOf = new EnumMap<>(Access.class);
            keyOf.put(Access.ADMIN, TestKeys.ADMIN);
            keyOf.put(Access.EDITOR, createKey(admin, "editor"));
            keyOf.put(Access.READER, createKey(admin, "reader"));
            List<String> failures = new ArrayList<>();
            for (RouteRegistry.Route r : app.routes()) {
                String path = r.path().replaceAll("\\{[^}]+}", "no-such-thing");
                String body = Set.of("POST", "PUT", "PATCH").contains(r.method()) ? "{}" : null;
                String what = r.method() + " " + r.path();
                int none = TestHttp.anonymous(app.port()).send(r.method(), path, body).statusCode();
                int wrong = TestHttp.anonymous(app.port()).withKey("ck_nosuchkey_abcdefghijklmnopqrstuvwxyz")
                        .send(r.method(), path, body).statusCode();
                if (r.access() == Access.ANYONE) {
                    if (none == 401 || none == 403) {
                        failures.add(what + ": public route answered " + none + " without a key");
                    }
                    continue;
                }
                if (none != 401) {
                    failures.add(what + ": without a key expected 401, got " + none);
                }
                if (wrong != 401) {
                    failures.add(what + ": with an unknown key expected 401, got " + wrong);
                }
                for (Access a : List.of(Access.READER, Access.EDITOR, Access.ADMIN)) {
                    int status = TestHttp.anonymous(app.port()).withKey(keyOf.get(a))
                            .send(r.method(), path, body).statusCode();
                    boolean allowed = a.role().includes(r.access().role());
                    if (allowed && (status == 401 || status == 403)) {
                        failures.add(what + ": " + a + " key expected to pass, got " + status);
                    }
                    if (!allowed && status != 403) {
                        failures.add(what + ": " + a + " key expected 403, got " + status);
                    }
                }
            }
            assertThat(failures).isEmpty();
            assertThat(app.routes()).hasSizeGreaterThanOrEqualTo(EXPECTED.size());
        }
    }

    @Test
    void open_read_on_loopback_lets_keyless_local_requests_read_but_not_write() {
        try (App app = App.start(TestKeys.config(dir).withOpenReadOnLoopback(true))) {
            TestHttp anon = TestHttp.anonymous(app.port());
            assertThat(anon.get("/api/customers").statusCode()).isEqualTo(200);
            assertThat(anon.get("/metrics").statusCode()).isEqualTo(200);
            HttpResponse<String> write = anon.post("/api/customers", "{\"first_name\":\"Ann\"}");
            assertThat(write.statusCode()).isEqualTo(401);
            assertThat(write.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(anon.get("/api/admin/keys").statusCode()).isEqualTo(401);
            assertThat(TestHttp.admin(app.port()).post("/api/customers", "{\"first_name\":\"Ann\"}").statusCode())
                    .isEqualTo(201);
        }
    }

    @Test
    void without_open_read_keyless_reads_are_refused_with_a_problem() {
        try (App app = App.start(TestKeys.config(dir).withOpenReadOnLoopback(false))) {
            HttpResponse<String> r = TestHttp.anonymous(app.port()).get("/api/customers");
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
            assertThat(Json.MAPPER.readTree(r.body()).path("type").asText()).isEqualTo("/problems/unauthorized");
            assertThat(TestHttp.anonymous(app.port()).get("/api/health").statusCode()).isEqualTo(200);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void health_and_ready_tell_keyless_callers_the_state_and_only_keys_the_figures() throws Exception {
        try (App app = App.start(TestKeys.config(dir).withOpenReadOnLoopback(false))) {
            TestHttp admin = TestHttp.admin(app.port());
            assertThat(admin.post("/api/customers", "{\"first_name\":\"Ann\"}").statusCode()).isEqualTo(201);
            String reader = createKey(admin, "reader");
            HttpResponse<String> scopedKey = admin.post("/api/admin/keys",
                    "{\"role\":\"reader\",\"name\":\"s\",\"scope\":{\"country\":[\"HU\"]}}");
            assertThat(scopedKey.statusCode()).as(scopedKey.body()).isEqualTo(201);
            String scoped = Json.MAPPER.readTree(scopedKey.body()).path("key").asText();
            for (String path : List.of("/api/health", "/api/ready")) {
                for (TestHttp caller : List.of(TestHttp.anonymous(app.port()),
                        TestHttp.anonymous(app.port()).withKey("ck_nosuchkey_abcdefghijklmnopqrstuvwxyz"),
                        TestHttp.anonymous(app.port()).withKey(scoped))) {
                    HttpResponse<String> r = caller.get(path);
                    assertThat(r.statusCode()).as(path).isEqualTo(200);
                    JsonNode n = Json.MAPPER.readTree(r.body());
                    assertThat(n.path("status").asText()).as(path).isEqualTo("up");
                    assertThat(n.path("writable").asBoolean()).as(path).isTrue();
                    assertThat(n.has("customers") || n.has("index_bytes") || n.has("commits") || n.has("problem"))
                            .as(path + " without a key (or with a scoped or unknown one): " + r.body()).isFalse();
                }
                for (String key : List.of(reader, TestKeys.ADMIN)) {
                    JsonNode n = Json.MAPPER.readTree(TestHttp.anonymous(app.port()).withKey(key).get(path).body());
                    assertThat(n.path("status").asText()).isEqualTo("up");
                    assertThat(n.path("customers").asLong()).as(path).isEqualTo(1);
                    assertThat(n.has("index_bytes") && n.has("commits")).as(path).isTrue();
                }
            }
        }
    }

    @Test
    void x_api_key_header_works_and_revoked_keys_are_refused() throws Exception {
        try (App app = App.start(TestKeys.config(dir).withOpenReadOnLoopback(false))) {
            TestHttp admin = TestHttp.admin(app.port());
            HttpResponse<String> created = admin.post("/api/admin/keys", "{\"role\":\"reader\",\"name\":\"dash\"}");
            assertThat(created.statusCode()).isEqualTo(201);
            JsonNode k = Json.MAPPER.readTree(created.body());
            String key = k.path("key").asText();
            assertThat(key).startsWith("ck_" + k.path("id").asText() + "_");
            var req = java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + app.port() + "/api/customers"))
                    .header("X-API-Key", key).build();
            assertThat(java.net.http.HttpClient.newHttpClient().send(req,
                    java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

            JsonNode list = Json.MAPPER.readTree(admin.get("/api/admin/keys").body());
            assertThat(list.toString()).doesNotContain(key).doesNotContain("sha256");
            assertThat(Files.readString(dir.resolve("keys.json"))).doesNotContain(key)
                    .contains(k.path("id").asText());

            assertThat(admin.delete("/api/admin/keys/" + k.path("id").asText()).statusCode()).isEqualTo(200);
            assertThat(TestHttp.anonymous(app.port()).withKey(key).get("/api/customers").statusCode())
                    .isEqualTo(401);
        }
    }

    @Test
    void me_says_which_role_and_scope_the_callers_key_has() throws Exception {
        try (App app = App.start(TestKeys.config(dir).withOpenReadOnLoopback(true))) {
            TestHttp admin = TestHttp.admin(app.port());
            HttpResponse<String> created = admin.post("/api/admin/keys",
                    "{\"role\":\"reader\",\"name\":\"anna\",\"scope\":{\"country\":[\"HU\"]}}");
            JsonNode k = Json.MAPPER.readTree(created.body());
            JsonNode reader = Json.MAPPER.readTree(TestHttp.anonymous(app.port()).withKey(k.path("key").asText())
                    .get("/api/me").body());
            assertThat(reader.path("key_id").asText()).isEqualTo(k.path("id").asText());
            assertThat(reader.path("role").asText()).isEqualTo("reader");
            assertThat(reader.path("scope").path("country").get(0).asText()).isEqualTo("HU");
            assertThat(reader.toString()).doesNotContain(k.path("key").asText());
            assertThat(Json.MAPPER.readTree(admin.get("/api/me").body()).path("role").asText()).isEqualTo("admin");
            JsonNode keyless = Json.MAPPER.readTree(TestHttp.anonymous(app.port()).get("/api/me").body());
            assertThat(keyless.path("role").asText()).isEqualTo("reader");
            assertThat(keyless.path("key_id").asText()).isEqualTo("anonymous-loopback");
        }
    }

    @Test
    void the_last_admin_key_cannot_be_revoked() throws Exception {
        try (App app = App.start(TestKeys.config(dir))) {
            TestHttp admin = TestHttp.admin(app.port());
            String id = Json.MAPPER.readTree(admin.get("/api/admin/keys").body()).path("keys").get(0)
                    .path("id").asText();
            assertThat(admin.delete("/api/admin/keys/" + id).statusCode()).isEqualTo(409);
            assertThat(admin.get("/api/admin/keys").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void security_disabled_lets_everyone_in() {
        AppConfig cfg = TestKeys.config(dir);
        cfg = cfg.withSecurity(new AppConfig.Security(false, false, null));
        try (App app = App.start(cfg)) {
            assertThat(TestHttp.anonymous(app.port()).get("/api/admin/keys").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void first_start_without_a_configured_key_prints_a_generated_admin_key_once() {
        AppConfig cfg = AppConfig.DEFAULTS.withPort(0).withDataDir(dir).withDemoCount(0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String key;
        try (CustomerIndex index = CustomerIndex.open(cfg.indexDir());
             Operations ops = Operations.open(cfg, index, new PrintStream(out, true, StandardCharsets.UTF_8))) {
            String printed = out.toString(StandardCharsets.UTF_8);
            key = printed.lines().map(String::strip).filter(l -> l.startsWith("ck_")).findFirst().orElseThrow();
            assertThat(printed).contains("Authorization: Bearer");
            assertThat(ops.keys().find(key)).isPresent();
        }
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        try (CustomerIndex index = CustomerIndex.open(cfg.indexDir());
             Operations ops = Operations.open(cfg, index, new PrintStream(again, true, StandardCharsets.UTF_8))) {
            assertThat(again.toString(StandardCharsets.UTF_8)).isEmpty();
            assertThat(ops.keys().find(key)).isPresent();
        }
    }

    @Test
    void a_start_finding_only_reader_keys_makes_an_admin_key_once_the_configured_one_or_a_printed_one() {
        // clientele keys create --role reader before the first start: that start made no admin key, so nobody could
        // manage keys or backups over HTTP.
        AppConfig cfg = AppConfig.DEFAULTS.withPort(0).withDataDir(dir).withDemoCount(0);
        String reader = KeyStore.open(dir).create(Role.READER, "dash", null, null).plaintext();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String key;
        try (CustomerIndex index = CustomerIndex.open(cfg.indexDir());
             Operations ops = Operations.open(cfg, index, new PrintStream(out, true, StandardCharsets.UTF_8))) {
            String printed = out.toString(StandardCharsets.UTF_8);
            key = printed.lines().map(String::strip).filter(l -> l.startsWith("ck_")).findFirst().orElseThrow();
            assertThat(printed).contains("holds no admin key");
            assertThat(ops.keys().find(key)).get().extracting(ApiKey::role).isEqualTo(Role.ADMIN);
            assertThat(ops.keys().find(reader)).get().extracting(ApiKey::role).isEqualTo(Role.READER);
        }
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        try (CustomerIndex index = CustomerIndex.open(cfg.indexDir());
             Operations ops = Operations.open(cfg, index, new PrintStream(again, true, StandardCharsets.UTF_8))) {
            assertThat(again.toString(StandardCharsets.UTF_8)).isEmpty();
        }

        Path other = dir.resolve("other");
        KeyStore.open(other).create(Role.EDITOR, "crm", null, null);
        AppConfig configured = cfg.withDataDir(other).withAdminKey(TestKeys.ADMIN);
        ByteArrayOutputStream quiet = new ByteArrayOutputStream();
        try (CustomerIndex index = CustomerIndex.open(configured.indexDir());
             Operations ops = Operations.open(configured, index, new PrintStream(quiet, true,
                     StandardCharsets.UTF_8))) {
            assertThat(quiet.toString(StandardCharsets.UTF_8)).isEmpty();
            assertThat(ops.keys().find(TestKeys.ADMIN)).get().extracting(ApiKey::role).isEqualTo(Role.ADMIN);
        }
        // a configured key that is already a reader's is not made admin behind its owner's back
        Path third = dir.resolve("third");
        String readerKey = KeyStore.open(third).create(Role.READER, "dash", null, null).plaintext();
        AppConfig misconfigured = cfg.withDataDir(third).withAdminKey(readerKey);
        ByteArrayOutputStream generated = new ByteArrayOutputStream();
        try (CustomerIndex index = CustomerIndex.open(misconfigured.indexDir());
             Operations ops = Operations.open(misconfigured, index, new PrintStream(generated, true,
                     StandardCharsets.UTF_8))) {
            assertThat(ops.keys().find(readerKey)).get().extracting(ApiKey::role).isEqualTo(Role.READER);
            assertThat(generated.toString(StandardCharsets.UTF_8)).contains("holds no admin key");
        }
    }

    @Test
    void a_route_without_an_access_role_stops_the_server_from_being_built() {
        AppConfig cfg = TestKeys.config(dir);
        try (CustomerIndex index = CustomerIndex.open(cfg.indexDir());
             Operations ops = Operations.open(cfg, index, new PrintStream(new ByteArrayOutputStream()))) {
            assertThatThrownBy(() -> io.javalin.Javalin.create(c -> {
                OpsWiring.install(c, ops, cfg);
                c.routes.get("/api/forgotten", ctx -> ctx.result("open"));
            })).hasStackTraceContaining("/api/forgotten");
            assertThat(new CustomerStore(index)).isNotNull();
        }
    }

    @Test
    void static_ui_files_are_served_without_a_key() throws Exception {
        AppConfig cfg = TestKeys.config(dir).withOpenReadOnLoopback(false);
        Path web = Files.createDirectories(dir.resolve("web"));
        Files.writeString(web.resolve("index.html"), "<p>hi</p>");
        try (CustomerIndex index = CustomerIndex.open(cfg.indexDir());
             Operations ops = Operations.open(cfg, index, new PrintStream(new ByteArrayOutputStream()))) {
            ops.startup().finished(); // as App does once it has started (until then the API answers 503)
            io.javalin.Javalin server = io.javalin.Javalin.create(c -> {
                c.startup.showJavalinBanner = false;
                c.jetty.port = 0;
                c.staticFiles.add(web.toString(), io.javalin.http.staticfiles.Location.EXTERNAL);
                ErrorMapping.register(c.routes);
                OpsWiring.install(c, ops, cfg);
            }).start();
            try {
                assertThat(TestHttp.anonymous(server.port()).get("/index.html").body()).isEqualTo("<p>hi</p>");
                assertThat(TestHttp.anonymous(server.port()).get("/api/admin/keys").statusCode()).isEqualTo(401);
            } finally {
                server.stop();
            }
        }
    }

    /** Human-readable differences between two route maps, e.g. "POST /x: registered READER, expected EDITOR". */
    static <V> List<String> differences(Map<String, V> expected, Map<String, V> registered) {
        List<String> out = new ArrayList<>();
        for (String route : new java.util.TreeSet<>(registered.keySet())) {
            if (!expected.containsKey(route)) {
                out.add(route + ": registered (" + registered.get(route) + ") but not listed");
            } else if (!expected.get(route).equals(registered.get(route))) {
                out.add(route + ": registered " + registered.get(route) + ", listed " + expected.get(route));
            }
        }
        for (String route : new java.util.TreeSet<>(expected.keySet())) {
            if (!registered.containsKey(route)) {
                out.add(route + ": listed (" + expected.get(route) + ") but not registered");
            }
        }
        return out;
    }

    private static String createKey(TestHttp admin, String role) {
        HttpResponse<String> r = admin.post("/api/admin/keys", "{\"role\":\"" + role + "\",\"name\":\"t\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        try {
            return Json.MAPPER.readTree(r.body()).path("key").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
