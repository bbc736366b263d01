package dev.clientele.http;

import static dev.clientele.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clientele.TestServer;
import dev.clientele.config.AppConfig;
import dev.clientele.ops.Backups;
import dev.clientele.testing.TestHttp;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups hold everything a server needs besides the index (its history, keys, review decisions, saved lists,
 * tombstones, audit log), restore puts it back, and erasures recorded after a backup stay applied after a restore.
 */
class BackupApiTest {
    @TempDir
    Path dir;
    TestServer server;

    private AppConfig config(Path data) {
        return AppConfig.DEFAULTS.withPort(0).withDataDir(data).withDemoCount(0);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }



    private JsonNode pending() {
        return json(server.get("/api/duplicates?status=pending")).path("groups");
    }

    @Test
    void a_restore_brings_back_keys_history_review_decisions_and_saved_lists_as_they_were_at_the_backup() {
        Path data = dir.resolve("data");
        server = new TestServer(config(data));
        String id = server.createCustomer("{\"first_name\":\"Ilona\",\"last_name\":\"Szabó\",\"emails\":[\"ilona@szabo.hu\"]}");
        server.putJson("/api/customers/" + id, "{\"first_name\":\"Ilona\",\"last_name\":\"Szabó-Nagy\","
                + "\"emails\":[\"ilona@szabo.hu\"]}");
        server.createCustomer("{\"first_name\":\"Ilona\",\"last_name\":\"Szabo\",\"emails\":[\"ILONA@szabo.hu\"]}");
        server.app().store().index().refresh();
        server.app().duplicates().recordCandidates(List.of(server.app().store().get(id)));
        assertThat(pending()).hasSize(1);
        String pairId = pending().get(0).path("pairs").get(0).path("pair_id").asText();
        String readerKey = json(server.postJson("/api/admin/keys", "{\"role\":\"reader\",\"name\":\"r\"}"))
                .path("key").asText();
        String listId = json(server.postJson("/api/lists", "{\"name\":\"Szabós\",\"query\":\"q=Szabo\"}"))
                .path("id").asText();
        HttpResponse<String> backup = server.postJson("/api/admin/backups", "");
        assertThat(backup.statusCode()).as(backup.body()).isEqualTo(201);
        JsonNode manifest = json(backup);
        Path backupDir = Path.of(manifest.path("path").asText());
        assertThat(manifest.path("history_versions").asInt()).isEqualTo(1);
        List<String> names = new ArrayList<>();
        manifest.path("data").forEach(f -> names.add(f.path("name").asText()));
        assertThat(names).containsExactlyInAnyOrderElementsOf(Backups.DATA_FILES);
        assertThat(json(server.postJson("/api/admin/backups/" + manifest.path("id").asText() + "/verify", ""))
                .path("ok").asBoolean()).isTrue();

        // After the backup: the key is revoked, another made, the pair dismissed, the customer changed (after the
        // dismissal: a change that makes the pair no match takes it out of the queue), the list deleted.
        String readerId = readerKey.split("_")[1];
        assertThat(server.delete("/api/admin/keys/" + readerId).statusCode()).isEqualTo(200);
        String laterKey = json(server.postJson("/api/admin/keys", "{\"role\":\"reader\",\"name\":\"later\"}"))
                .path("key").asText();
        assertThat(server.postJson("/api/duplicates/" + pairId + "/dismiss", "").statusCode()).isEqualTo(200);
        server.putJson("/api/customers/" + id, "{\"first_name\":\"Ilona\",\"last_name\":\"Nagy\"}");
        assertThat(server.delete("/api/lists/" + listId).statusCode()).isEqualTo(204);
        server.close();
        server = null;

        Path restoredData = dir.resolve("restored");
        Backups.Restored restored = Backups.restore(backupDir, restoredData);
        assertThat(restored.history().customers()).isEqualTo(1);
        server = new TestServer(config(restoredData));
        TestHttp http = TestHttp.admin(server.app().port());
        assertThat(http.withKey(readerKey).get("/api/search?q=Szabo").statusCode()).isEqualTo(200);
        assertThat(http.withKey(laterKey).get("/api/search?q=Szabo").statusCode()).isEqualTo(401);
        JsonNode history = json(server.get("/api/customers/" + id + "/history"));
        assertThat(history.path("current").path("last_name").asText()).isEqualTo("Szabó-Nagy");
        assertThat(history.path("versions")).hasSize(1);
        assertThat(history.path("versions").get(0).path("last_name").asText()).isEqualTo("Szabó");
        assertThat(pending()).hasSize(1);
        assertThat(server.get("/api/lists/" + listId).statusCode()).isEqualTo(200);
    }

    @Test
    void a_list_edit_made_before_a_backup_can_be_undone_after_a_restore_and_one_made_after_it_cannot()
            throws IOException {
        Path data = dir.resolve("data");
        server = new TestServer(config(data));
        for (int i = 0; i < 5; i++) {
            server.createCustomer("{\"first_name\":\"Ilona" + i + "\",\"last_name\":\"Szabó\",\"address\":"
                    + "{\"country\":\"HU\"}}");
        }
        server.app().store().index().refresh();
        String before = json(server.postJson("/api/edits?country=HU&wait=true", "{\"add_tags\":[\"fair\"]}"))
                .path("job").path("id").asText();
        JsonNode manifest = json(server.postJson("/api/admin/backups", ""));
        Path backupDir = Path.of(manifest.path("path").asText());
        List<String> names = new ArrayList<>();
        manifest.path("data").forEach(f -> names.add(f.path("name").asText()));
        assertThat(names).contains("edits/" + before + ".txt");
        String after = json(server.postJson("/api/edits?country=HU&wait=true", "{\"add_tags\":[\"later\"]}"))
                .path("job").path("id").asText();
        server.close();
        server = null;

        // The index is lost and the backup restored into the same data dir: the later edit's journal names versions
        // the restored customers never had, so it goes; the earlier one comes from the backup.
        deleteTree(data.resolve("index"));
        deleteTree(data.resolve("edits"));
        Files.createDirectories(data.resolve("edits"));
        Files.writeString(data.resolve("edits").resolve(after + ".txt"), "# started_by x\n");
        Backups.restore(backupDir, data);
        server = new TestServer(config(data));
        assertThat(server.postJson("/api/edits/jobs/" + after + "/undo?wait=true", "").statusCode()).isEqualTo(404);
        HttpResponse<String> undo = server.postJson("/api/edits/jobs/" + before + "/undo?wait=true", "");
        assertThat(undo.statusCode()).as(undo.body()).isEqualTo(200);
        assertThat(json(undo).path("result").path("changed").asInt()).isEqualTo(5);
        JsonNode page = json(server.get("/api/customers?limit=10")).path("customers");
        assertThat(page).hasSize(5).allSatisfy(c -> assertThat(c.path("tags")).isEmpty());

        // A backup's verification covers the journals.
        Files.writeString(backupDir.resolve("edits").resolve(before + ".txt"), "changed", StandardOpenOption.APPEND);
        HttpResponse<String> verified = server.postJson("/api/admin/backups/" + manifest.path("id").asText()
                + "/verify", "");
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(422);
        assertThat(verified.body()).contains("edits/" + before + ".txt");
        assertThatThrownBy(() -> Backups.restore(backupDir, dir.resolve("elsewhere")))
                .hasMessageContaining("edits/" + before + ".txt");
    }

    @Test
    void verify_notices_a_changed_data_file_and_restore_refuses_it() throws IOException {
        server = new TestServer(config(dir.resolve("data")));
        server.createCustomer("{\"first_name\":\"Anna\",\"last_name\":\"Kovács\"}");
        JsonNode manifest = json(server.postJson("/api/admin/backups", ""));
        Path backupDir = Path.of(manifest.path("path").asText());
        Files.writeString(backupDir.resolve("keys.json"), "{\"keys\":[]}");
        HttpResponse<String> verified = server.postJson("/api/admin/backups/" + manifest.path("id").asText()
                + "/verify", "");
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(422);
        assertThat(verified.body()).contains("keys.json");
        assertThatThrownBy(() -> Backups.restore(backupDir, dir.resolve("elsewhere")))
                .hasMessageContaining("keys.json");
        assertThat(dir.resolve("elsewhere").resolve("index")).doesNotExist();
    }

    @Test
    void an_erasure_after_a_backup_stays_applied_to_index_history_and_review_journal_after_a_restore()
            throws Exception {
        String marker = "erased.qzvx@example.org";
        server = new TestServer(config(dir));
        String id = server.createCustomer("{\"first_name\":\"Qvx\",\"last_name\":\"Restorova\",\"emails\":[\"" + marker + "\"],"
                + "\"phones\":[\"+36 30 111 2233\"]}");
        server.putJson("/api/customers/" + id, "{\"first_name\":\"Qvx\",\"last_name\":\"Restorova\",\"emails\":[\""
                + marker + "\"],\"phones\":[\"+36 30 111 2233\"],\"notes\":\"second version\"}");
        String other = server.createCustomer("{\"first_name\":\"Qvx\",\"last_name\":\"Restorova\",\"emails\":[\"kept@example.org\"],"
                + "\"phones\":[\"+36 30 111 2233\"]}");
        server.app().store().index().refresh();
        server.app().duplicates().recordCandidates(List.of(server.app().store().get(id)));
        assertThat(pending()).hasSize(1);
        Path backupDir = Path.of(json(server.postJson("/api/admin/backups", "")).path("path").asText());
        assertThat(scan(backupDir, marker)).isNotEmpty(); // the backup holds the person (taken before the erasure)
        assertThat(server.postJson("/api/customers/" + id + "/erase", "").statusCode()).isEqualTo(200);
        server.close();
        server = null;

        // The index is lost; the backup is restored into the data dir, whose tombstones record the erasure.
        deleteTree(dir.resolve("index"));
        Backups.restore(backupDir, dir);
        assertThat(scan(dir.resolve("history"), marker)).isNotEmpty(); // until the server starts and re-applies
        server = new TestServer(config(dir));
        assertThat(server.get("/api/customers/" + id).statusCode()).isEqualTo(404);
        assertThat(server.get("/api/customers/" + id + "/history").statusCode()).isEqualTo(404);
        assertThat(server.get("/api/customers/" + other).statusCode()).isEqualTo(200);
        assertThat(pending()).isEmpty();
        server.close();
        server = null;
        assertThat(scan(dir, marker)).allSatisfy(f -> assertThat(f.startsWith(dir.resolve("backups")))
                .as(f.toString()).isTrue());
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    /**
     * The files under {@code root} holding {@code text}, read as what they are: a Lucene index (a directory with a
     * commit point) by its stored fields and terms, of deleted documents too, since its files are compressed (LZ4
     * writes a value seen before as a back-reference, so a byte search misses it); any other file as UTF-8 text.
     * A hit in an index is named by the index's directory.
     */
    private static List<Path> scan(Path root, String text) throws IOException {
        List<Path> indexes;
        try (Stream<Path> files = Files.walk(root)) {
            indexes = files.filter(f -> f.getFileName().toString().startsWith("segments_")).map(Path::getParent)
                    .distinct().toList();
        }
        List<Path> hits = new ArrayList<>();
        for (Path index : indexes) {
            if (indexHolds(index, text)) {
                hits.add(index);
            }
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !indexes.contains(f.getParent())).toList()) {
                if (new String(Files.readAllBytes(f), StandardCharsets.UTF_8).contains(text)) {
                    hits.add(f);
                }
            }
        }
        return hits;
    }

    /** Whether a stored value or a term of any document of the index at {@code dir}, deleted or not, holds text. */
    private static boolean indexHolds(Path dir, String text) throws IOException {
        boolean[] found = {false};
        org.apache.lucene.index.StoredFieldVisitor visitor = new org.apache.lucene.index.StoredFieldVisitor() {
            @Override
            public Status needsField(org.apache.lucene.index.FieldInfo field) {
                return found[0] ? Status.STOP : Status.YES;
            }

            @Override
            public void stringField(org.apache.lucene.index.FieldInfo field, String value) {
                found[0] |= value.contains(text);
            }

            @Override
            public void binaryField(org.apache.lucene.index.FieldInfo field, byte[] value) {
                found[0] |= new String(value, StandardCharsets.UTF_8).contains(text);
            }
        };
        try (var d = org.apache.lucene.store.FSDirectory.open(dir);
             var reader = org.apache.lucene.index.DirectoryReader.open(d)) {
            for (var leaf : reader.leaves()) {
                var stored = leaf.reader().storedFields();
                for (int doc = 0; doc < leaf.reader().maxDoc() && !found[0]; doc++) {
                    stored.document(doc, visitor);
                }
                for (var field : leaf.reader().getFieldInfos()) {
                    var terms = leaf.reader().terms(field.name);
                    if (terms == null) {
                        continue;
                    }
                    var te = terms.iterator();
                    for (var term = te.next(); term != null && !found[0]; term = te.next()) {
                        found[0] |= term.utf8ToString().contains(text);
                    }
                }
            }
        }
        return found[0];
    }
}
