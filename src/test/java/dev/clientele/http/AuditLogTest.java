package dev.clientele.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.clientele.App;
import dev.clientele.json.Json;
import dev.clientele.testing.TestHttp;
import dev.clientele.testing.TestKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class AuditLogTest {
    /** Distinctive personal data: none of it may reach the audit log or the application log. */
    private static final List<String> PERSONAL = List.of("Zebulonia", "Quixotesque", "zebulonia.q@example.org",
            "+36 30 999 8877", "369998877", "Xyloquartz", "ext-zq-4711", "Pumpernickelweg");

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private Logger root;
    private Logger access;
    private Level accessLevel;

    @BeforeEach
    void capture_logs() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        access = (Logger) LoggerFactory.getLogger("dev.clientele.access");
        accessLevel = access.getLevel();
        access.setLevel(Level.INFO); // the access log too must stay clean
        captured.start();
        root.addAppender(captured);
    }

    @AfterEach
    void stop_capturing() {
        root.detachAppender(captured);
        access.setLevel(accessLevel);
    }

    @Test
    void writes_are_audited_with_ids_and_no_personal_data_reaches_audit_or_logs() throws Exception {
        String id;
        try (App app = App.start(TestKeys.config(dir))) {
            TestHttp admin = TestHttp.admin(app.port());
            HttpResponse<String> created = admin.post("/api/customers", """
                    {"first_name":"Zebulonia","last_name":"Quixotesque","emails":["zebulonia.q@example.org"],
                     "phones":["+36 30 999 8877"],"address":{"street":"Pumpernickelweg 7","city":"Budapest",
                     "country":"HU"}}""");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            id = Json.MAPPER.readTree(created.body()).path("id").asText();
            assertThat(admin.send("PATCH", "/api/customers/" + id, "{\"company\":\"Xyloquartz\"}").statusCode())
                    .isEqualTo(200);
            assertThat(admin.put("/api/customers/by-external-id/ext-zq-4711",
                    "{\"first_name\":\"Zebulonia\",\"last_name\":\"Quixotesque\"}").statusCode()).isEqualTo(201);
            assertThat(admin.post("/api/customers", "{\"first_name\":\"Zebulonia\",\"emails\":[\"not an email "
                    + "Quixotesque\"]}").statusCode()).isEqualTo(400);
            assertThat(TestHttp.anonymous(app.port()).post("/api/customers",
                    "{\"first_name\":\"Zebulonia\"}").statusCode()).isEqualTo(401);
            assertThat(TestHttp.anonymous(app.port()).get("/api/customers/by-external-id/ext-zq-4711")
                    .statusCode()).isEqualTo(200);
            assertThat(admin.delete("/api/customers/" + id).statusCode()).isEqualTo(204);
            assertThat(admin.post("/api/admin/backups", null).statusCode()).isEqualTo(201);
        }

        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("audit.log"))) {
            lines.add(Json.MAPPER.readTree(line));
        }
        assertThat(lines).extracting(l -> l.path("action").asText() + " " + l.path("status").asInt())
                .containsExactly("POST /api/customers 201", "PATCH /api/customers/{id} 200",
                        "PUT /api/customers/by-external-id/{external_id} 201", "POST /api/customers 400",
                        "POST /api/customers 401", "DELETE /api/customers/{id} 204", "POST /api/admin/backups 201");
        assertThat(lines.get(0).path("actor").asText()).isEqualTo("testadmin");
        assertThat(lines.get(0).path("role").asText()).isEqualTo("admin");
        assertThat(lines.get(0).path("customer_id").asText()).isEqualTo(id);
        assertThat(lines.get(1).path("customer_id").asText()).isEqualTo(id);
        assertThat(lines.get(2).path("customer_id").asText()).isNotBlank().isNotEqualTo(id);
        assertThat(lines.get(4).path("actor").asText()).isEqualTo("anonymous-loopback");
        assertThat(lines.get(5).path("customer_id").asText()).isEqualTo(id);
        assertThat(lines.get(6).path("target").asText()).matches("[0-9]{8}-[0-9]{6}-[0-9]{3}.*");
        assertThat(lines).allSatisfy(l -> assertThat(l.path("at").asText()).isNotBlank());

        String audit = Files.readString(dir.resolve("audit.log")).toLowerCase(Locale.ROOT);
        StringBuilder logs = new StringBuilder();
        for (ILoggingEvent e : captured.list) {
            logs.append(e.getFormattedMessage()).append('\n');
            if (e.getThrowableProxy() != null) {
                logs.append(e.getThrowableProxy().getMessage()).append('\n');
            }
        }
        assertThat(logs).as("the access log was captured").contains("POST /api/customers 201");
        for (String p : PERSONAL) {
            assertThat(audit).as("audit log").doesNotContain(p.toLowerCase(Locale.ROOT));
            assertThat(logs.toString().toLowerCase(Locale.ROOT)).as("application log").doesNotContain(
                    p.toLowerCase(Locale.ROOT));
        }
    }

    @Test
    void an_import_file_refused_as_a_whole_does_not_put_its_rows_into_the_log() throws Exception {
        // No header row: the first customer is read as the header, and the refusal names its "columns".
        Logger jobs = (Logger) LoggerFactory.getLogger(dev.clientele.jobs.Jobs.class);
        Level jobsLevel = jobs.getLevel();
        jobs.setLevel(Level.DEBUG); // whatever the job logs is captured
        String csv = "Zebulonia,Quixotesque,zebulonia.q@example.org,+36 30 999 8877\nAnna,Nagy,anna@example.hu,\n";
        // A file whose header is fine but which breaks midway fails as a job.
        String broken = "first_name,last_name,email\nZebulonia,Quixotesque,zebulonia.q@example.org\n"
                + "\"Anna,Nagy,anna@example.hu\n";
        try (App app = App.start(TestKeys.config(dir))) {
            HttpResponse<String> r = importCsv(app, csv);
            // The caller is told at once what is wrong with the file (no job is queued for it) ...
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(Json.MAPPER.readTree(r.body()).path("detail").asText()).contains("no usable header")
                    .contains("Quixotesque");
            HttpResponse<String> job = importCsv(app, broken);
            JsonNode body = Json.MAPPER.readTree(job.body());
            assertThat(body.path("job").path("state").asText()).as(job.body()).isEqualTo("failed");
            assertThat(body.path("error").asText()).contains("row 3", "never closed");
        } finally {
            jobs.setLevel(jobsLevel);
        }
        // ... but the log only says that a job refused its file.
        String logs = logged().toLowerCase(Locale.ROOT);
        assertThat(logs).contains("refused");
        for (String p : PERSONAL) {
            assertThat(logs).as("application log").doesNotContain(p.toLowerCase(Locale.ROOT));
        }
    }

    private static HttpResponse<String> importCsv(App app, String csv) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + app.port()
                        + "/api/import?wait=true"))
                .header("Authorization", "Bearer " + TestKeys.ADMIN).header("Content-Type", "text/csv")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(csv)).build();
        return java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String logged() {
        StringBuilder logs = new StringBuilder();
        for (ILoggingEvent e : captured.list) {
            logs.append(e.getFormattedMessage()).append('\n');
            for (var t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                logs.append(t.getMessage()).append('\n');
            }
        }
        return logs.toString();
    }

    @Test
    void reads_are_not_audited_but_admin_reads_and_refusals_are() throws IOException {
        try (App app = App.start(TestKeys.config(dir).withOpenReadOnLoopback(false))) {
            TestHttp admin = TestHttp.admin(app.port());
            assertThat(admin.get("/api/customers?limit=5").statusCode()).isEqualTo(200);
            assertThat(admin.get("/api/admin/keys").statusCode()).isEqualTo(200);
            assertThat(TestHttp.anonymous(app.port()).get("/api/customers").statusCode()).isEqualTo(401);
        }
        List<String> actions = Files.readAllLines(dir.resolve("audit.log")).stream().map(l -> {
            try {
                JsonNode n = Json.MAPPER.readTree(l);
                return n.path("actor").asText() + " " + n.path("action").asText() + " " + n.path("status").asInt();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
        assertThat(actions).containsExactly("testadmin GET /api/admin/keys 200", "unknown GET /api/customers 401");
    }

    @Test
    void admins_read_the_audit_log_newest_first_filtered_and_page_by_page() throws Exception {
        try (App app = App.start(TestKeys.config(dir).withOpenReadOnLoopback(false))) {
            TestHttp admin = TestHttp.admin(app.port());
            String editorKey = TestKeys.create(app.port(), "editor", "desk");
            TestHttp editor = admin.withKey(editorKey);
            String editorId = editorKey.split("_")[1];
            String anna = Json.MAPPER.readTree(editor.post("/api/customers",
                    "{\"first_name\":\"Anna\",\"last_name\":\"Kovács\"}").body()).path("id").asText();
            String bela = Json.MAPPER.readTree(editor.post("/api/customers",
                    "{\"first_name\":\"Béla\",\"last_name\":\"Kiss\"}").body()).path("id").asText();
            assertThat(editor.delete("/api/customers/" + anna).statusCode()).isEqualTo(204);
            assertThat(editor.get("/api/admin/keys").statusCode()).isEqualTo(403);

            JsonNode all = Json.MAPPER.readTree(admin.get("/api/admin/audit").body());
            assertThat(all.path("events").get(0).path("action").asText()).isEqualTo("GET /api/admin/keys");
            assertThat(all.path("events").get(0).path("status").asInt()).isEqualTo(403);
            assertThat(all.path("next_cursor").isNull()).isTrue();

            JsonNode annas = Json.MAPPER.readTree(admin.get("/api/admin/audit?customer=" + anna).body());
            assertThat(annas.path("events").findValuesAsText("action"))
                    .containsExactly("DELETE /api/customers/{id}", "POST /api/customers");
            JsonNode refused = Json.MAPPER.readTree(admin.get("/api/admin/audit?refused=true&actor=" + editorId).body());
            assertThat(refused.path("events").findValuesAsText("action")).containsExactly("GET /api/admin/keys");

            // Page by page: two events a page, the cursor of one page reads on to the older ones.
            JsonNode first = Json.MAPPER.readTree(admin.get("/api/admin/audit?limit=2&actor=" + editorId).body());
            assertThat(first.path("events").findValuesAsText("action"))
                    .containsExactly("GET /api/admin/keys", "DELETE /api/customers/{id}");
            JsonNode second = Json.MAPPER.readTree(admin.get("/api/admin/audit?limit=2&actor=" + editorId
                    + "&cursor=" + first.path("next_cursor").asText()).body());
            assertThat(second.path("events").findValuesAsText("customer_id")).containsExactly(bela, anna);

            assertThat(editor.get("/api/admin/audit").statusCode()).isEqualTo(403);
            HttpResponse<String> bad = admin.get("/api/admin/audit?cursor=abc");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("cursor");
            assertThat(admin.get("/api/admin/audit?limit=501").statusCode()).isEqualTo(400);
            // A misspelt filter used to be ignored: every key's events, read as the one customer's.
            HttpResponse<String> typo = admin.get("/api/admin/audit?custmer=" + anna);
            assertThat(typo.statusCode()).as(typo.body()).isEqualTo(400);
            assertThat(Json.MAPPER.readTree(typo.body()).path("errors").get(0).path("field").asText())
                    .isEqualTo("custmer");
        }
    }
}
