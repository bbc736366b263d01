package dev.clientele.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clientele.App;
import dev.clientele.cli.ClienteleCommand;
import dev.clientele.customer.Customer;
import dev.clientele.index.CustomerIndex;
import dev.clientele.json.Json;
import dev.clientele.security.KeyStore;
import dev.clientele.security.Role;
import dev.clientele.store.CustomerStore;
import dev.clientele.testing.TestHttp;
import dev.clientele.testing.TestKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The operational CLI commands: keys, backup, restore, optimize. */
class OpsCommandsTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new ClienteleCommand());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void keys_are_created_listed_and_revoked_from_the_command_line() {
        String data = dir.toString();
        Run created = run("keys", "create", "--role", "editor", "--name", "crm-sync", "--data", data);
        assertThat(created.code()).as(created.err()).isZero();
        String key = created.out().lines().filter(l -> l.startsWith("ck_")).findFirst().orElseThrow();
        KeyStore store = KeyStore.open(dir);
        assertThat(store.find(key)).get().extracting(k -> k.role()).isEqualTo(Role.EDITOR);
        String id = store.find(key).orElseThrow().id();

        Run list = run("keys", "list", "--data", data);
        assertThat(list.out()).contains(id, "editor", "active", "crm-sync").doesNotContain(key);

        assertThat(run("keys", "revoke", id, "--data", data).code()).isZero();
        assertThat(store.find(key)).isEmpty();
        assertThat(run("keys", "list", "--data", data).out()).contains("revoked");
        assertThat(run("keys", "revoke", "nosuchid", "--data", data).code()).isEqualTo(1);
        assertThat(run("keys", "create", "--role", "root", "--name", "x", "--data", data).code()).isNotZero();
    }

    @Test
    void a_reader_or_editor_key_made_where_there_is_no_admin_key_says_how_one_is_made() {
        String data = dir.toString();
        Run reader = run("keys", "create", "--role", "reader", "--name", "dash", "--data", data);
        assertThat(reader.code()).isZero();
        assertThat(reader.err()).contains("no admin key yet", "next server start", "--role admin");
        assertThat(reader.out()).doesNotContain("admin key");
        assertThat(run("keys", "create", "--role", "admin", "--name", "root", "--data", data).err()).isEmpty();
        assertThat(run("keys", "create", "--role", "editor", "--name", "crm", "--data", data).err()).isEmpty();
    }

    @Test
    void a_key_created_by_the_cli_works_on_a_running_server_at_once() {
        try (App app = App.start(TestKeys.config(dir).withOpenReadOnLoopback(false))) {
            Run created = run("keys", "create", "--role", "reader", "--name", "dash", "--data", dir.toString());
            String key = created.out().lines().filter(l -> l.startsWith("ck_")).findFirst().orElseThrow();
            assertThat(TestHttp.anonymous(app.port()).withKey(key).get("/api/customers").statusCode())
                    .isEqualTo(200);
            String id = KeyStore.open(dir).find(key).orElseThrow().id();
            assertThat(run("keys", "revoke", id, "--data", dir.toString()).code()).isZero();
            assertThat(TestHttp.anonymous(app.port()).withKey(key).get("/api/customers").statusCode())
                    .isEqualTo(401);
        }
    }

    @Test
    void the_cli_creates_scoped_keys_and_refuses_bad_scopes() {
        Run created = run("keys", "create", "--role", "reader", "--name", "anna", "--scope", "rep=Anna Kovács",
                "--scope", "country=HU", "--scope", "country=AT", "--data", dir.toString());
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.out()).contains("It reads only customers matching").doesNotContain("changes only");
        assertThat(KeyStore.open(dir).list()).singleElement().extracting(dev.clientele.security.ApiKey::scope)
                .isEqualTo(java.util.Map.of("rep", java.util.List.of("Anna Kovács"), "country",
                        java.util.List.of("AT", "HU")));
        Run json = run("keys", "create", "--role", "editor", "--name", "x", "--scope", "{\"not_rep\":\"Boris\"}",
                "--data", dir.toString());
        assertThat(json.code()).as(json.err()).isZero();
        assertThat(json.out()).contains("It reads and changes only customers matching");
        assertThat(run("keys", "list", "--data", dir.toString()).out()).contains("not_rep=[Boris]");
        for (String bad : java.util.List.of("colour=red", "rep", "{\"rep\": 1}")) {
            Run r = run("keys", "create", "--role", "reader", "--name", "bad", "--scope", bad, "--data",
                    dir.toString());
            assertThat(r.code()).as(bad).isEqualTo(2);
            assertThat(r.err()).as(bad).contains("--scope");
        }
        Run admin = run("keys", "create", "--role", "admin", "--name", "a", "--scope", "rep=X", "--data",
                dir.toString());
        assertThat(admin.code()).isEqualTo(2);
        assertThat(admin.err()).contains("admin keys cannot have a scope");
        assertThat(KeyStore.open(dir).list()).hasSize(2);
    }

    @Test
    void cli_backup_and_restore_round_trip_and_restore_refuses_a_used_data_dir() throws IOException {
        Path data = dir.resolve("data");
        String first;
        try (CustomerIndex index = CustomerIndex.open(data.resolve("index"),
                new dev.clientele.index.IndexSettings(16, data.resolve("history")))) {
            CustomerStore store = new CustomerStore(index);
            for (int i = 0; i < 12; i++) {
                store.create(Json.MAPPER.readValue("{\"first_name\":\"Bo" + i + "\"}", Customer.class));
            }
            first = index.page(null, 1).get(0).id();
            store.replace(first, Json.MAPPER.readValue("{\"first_name\":\"Bob\"}", Customer.class), null);
        }
        assertThat(run("keys", "create", "--role", "reader", "--name", "r", "--data", data.toString()).code()).isZero();
        // The undo journal of a list edit (what it changed): a restored server can still undo that edit.
        Path journal = Files.createDirectories(data.resolve("edits")).resolve("edit-1-0000abcd.txt");
        Files.writeString(journal, "# started_by k1\n" + first + " 2\n");
        Run backup = run("backup", dir.resolve("bk").toString(), "--data", data.toString());
        assertThat(backup.code()).as(backup.err()).isZero();
        assertThat(backup.out()).contains("12 customers", "1 previous versions and keys.json", "1 undo journal")
                .doesNotContain("[");
        assertThat(dir.resolve("bk").resolve("backup.json")).exists();
        Run twice = run("backup", dir.resolve("bk").toString(), "--data", data.toString());
        assertThat(twice.code()).isEqualTo(1);
        assertThat(twice.err()).contains("backup failed", "not empty").doesNotContain("\tat ", "Exception");

        Run restore = run("restore", dir.resolve("bk").toString(), "--data", dir.resolve("new").toString());
        assertThat(restore.code()).as(restore.err()).isZero();
        try (CustomerIndex restored = CustomerIndex.open(dir.resolve("new").resolve("index"),
                new dev.clientele.index.IndexSettings(16, dir.resolve("new").resolve("history")))) {
            assertThat(restored.count()).isEqualTo(12);
            assertThat(restored.history(first, 10)).extracting(Customer::firstName).containsExactly("Bo0");
        }
        assertThat(KeyStore.open(dir.resolve("new")).list()).extracting(dev.clientele.security.ApiKey::name)
                .contains("r");
        assertThat(restore.out()).contains("1 undo journal");
        assertThat(dir.resolve("new").resolve("edits").resolve("edit-1-0000abcd.txt")).hasSameTextualContentAs(journal);
        Run again = run("restore", dir.resolve("bk").toString(), "--data", data.toString());
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("not empty");
    }

    @Test
    void cli_optimize_merges_an_index_into_one_segment_or_asks_the_running_server() throws IOException {
        Path data = dir.resolve("data");
        try (CustomerIndex index = CustomerIndex.open(data.resolve("index"))) {
            CustomerStore store = new CustomerStore(index);
            for (int i = 0; i < 3; i++) {
                store.create(Json.MAPPER.readValue("{\"first_name\":\"Bo" + i + "\"}", Customer.class));
            }
            index.refresh();
            assertThat(index.segments().count()).isEqualTo(3); // each create is committed apart
        }

        Run optimize = run("optimize", "--data", data.toString());

        assertThat(optimize.code()).as(optimize.err()).isZero();
        assertThat(optimize.out()).contains("Merged 3 segments into 1 (3 customers");
        try (CustomerIndex index = CustomerIndex.open(data.resolve("index"))) {
            assertThat(index.segments().count()).isEqualTo(1);
            assertThat(index.count()).isEqualTo(3);
        }
        assertThat(run("optimize", "--data", dir.resolve("none").toString()).err()).contains("no index at");

        try (App app = App.start(TestKeys.config(data))) {
            Run local = run("optimize", "--data", data.toString());
            assertThat(local.code()).isEqualTo(1);
            assertThat(local.err()).contains("--url");
            Run viaServer = run("optimize", "--url", "http://127.0.0.1:" + app.port(), "--key", TestKeys.ADMIN);
            assertThat(viaServer.code()).as(viaServer.err()).isZero();
            assertThat(viaServer.out()).contains("\"after\":{\"count\":1");
            Run noKey = run("optimize", "--url", "http://127.0.0.1:" + app.port(), "--key", "ck_wrong");
            assertThat(noKey.code()).isEqualTo(1);
            assertThat(noKey.err()).contains("HTTP 401");
        }
    }

    @Test
    void cli_backup_refuses_an_index_a_server_is_using() {
        try (App app = App.start(TestKeys.config(dir))) {
            Run backup = run("backup", dir.resolve("bk").toString(), "--data", dir.toString());
            assertThat(backup.code()).isEqualTo(1);
            assertThat(backup.err()).contains("/api/admin/backups");
            assertThat(app.port()).isPositive();
        }
    }

    @Test
    void cli_backup_with_url_asks_the_running_server() throws Exception {
        try (App app = App.start(TestKeys.config(dir))) {
            String url = "http://127.0.0.1:" + app.port();
            Run ok = run("backup", "--url", url, "--key", TestKeys.ADMIN);
            assertThat(ok.code()).as(ok.err()).isZero();
            String id = Json.MAPPER.readTree(ok.out()).path("id").asText();
            assertThat(dir.resolve("backups").resolve(id).resolve("backup.json")).exists();
            Run refused = run("backup", "--url", url, "--key", "ck_nosuch_keykeykeykeykeykeykey");
            assertThat(refused.code()).isEqualTo(1);
            assertThat(refused.err()).contains("401");
        }
    }

    @Test
    void admin_api_backups_are_listed_verified_and_damage_is_reported() throws Exception {
        try (App app = App.start(TestKeys.config(dir))) {
            TestHttp admin = TestHttp.admin(app.port());
            for (int i = 0; i < 3; i++) {
                assertThat(admin.post("/api/customers", "{\"first_name\":\"Cy" + i + "\"}").statusCode())
                        .isEqualTo(201);
            }
            var created = Json.MAPPER.readTree(admin.post("/api/admin/backups", null).body());
            String id = created.path("id").asText();
            assertThat(created.path("customers").asInt()).isEqualTo(3);
            assertThat(created.path("files").asInt()).isPositive();
            assertThat(Path.of(created.path("path").asText())).isEqualTo(dir.resolve("backups").resolve(id)
                    .toAbsolutePath());
            assertThat(Json.MAPPER.readTree(admin.get("/api/admin/backups").body()).path("backups").get(0)
                    .path("id").asText()).isEqualTo(id);
            var verified = admin.post("/api/admin/backups/" + id + "/verify", null);
            assertThat(verified.statusCode()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(verified.body()).path("ok").asBoolean()).isTrue();
            assertThat(admin.post("/api/admin/backups/20990101-000000-000/verify", null).statusCode())
                    .isEqualTo(404);
            assertThat(admin.post("/api/admin/backups/..%2F..%2Fetc/verify", null).statusCode()).isEqualTo(404);

            try (var files = Files.list(dir.resolve("backups").resolve(id).resolve("index"))) {
                Path f = files.filter(p -> p.getFileName().toString().startsWith("segments")).findFirst()
                        .orElseThrow();
                Files.write(f, new byte[] {1, 2, 3});
            }
            var damaged = admin.post("/api/admin/backups/" + id + "/verify", null);
            assertThat(damaged.statusCode()).isEqualTo(422);
            assertThat(damaged.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
    }
}
