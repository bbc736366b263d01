package dev.clientele.http;

import static dev.clientele.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clientele.TestServer;
import dev.clientele.config.AppConfig;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivacyApiTest {
    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        server = new TestServer(config());
    }

    private AppConfig config() {
        return AppConfig.DEFAULTS.withPort(0).withDataDir(dir).withDemoCount(0);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }


    @Test
    void previous_versions_are_listed_and_can_be_restored_even_after_a_delete() {
        String id = json(server.postJson("/api/customers", "{\"first_name\":\"Anna\",\"last_name\":\"Kovács\"}"))
                .path("id").asText();
        server.putJson("/api/customers/" + id, "{\"first_name\":\"Anna\",\"last_name\":\"Nagy\"}");
        server.putJson("/api/customers/" + id, "{\"first_name\":\"Anna\",\"last_name\":\"Tóth\"}");
        JsonNode h = json(server.get("/api/customers/" + id + "/history"));
        assertThat(h.path("current").path("last_name").asText()).isEqualTo("Tóth");
        List<String> old = new ArrayList<>();
        h.path("versions").forEach(v -> old.add(v.path("version").asLong() + ":" + v.path("last_name").asText()));
        assertThat(old).containsExactly("2:Nagy", "1:Kovács");

        HttpResponse<String> restored = server.postJson("/api/customers/" + id + "/history/1/restore", "");
        assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
        assertThat(json(restored).path("last_name").asText()).isEqualTo("Kovács");
        assertThat(json(restored).path("version").asLong()).isEqualTo(4);

        server.delete("/api/customers/" + id);
        assertThat(server.get("/api/customers/" + id).statusCode()).isEqualTo(404);
        HttpResponse<String> revived = server.postJson("/api/customers/" + id + "/history/2/restore", "");
        assertThat(revived.statusCode()).as(revived.body()).isEqualTo(200);
        assertThat(json(server.get("/api/customers/" + id)).path("last_name").asText()).isEqualTo("Nagy");
        assertThat(json(server.get("/api/customers/" + id)).path("version").asLong()).isEqualTo(5);
        assertThat(server.postJson("/api/customers/" + id + "/history/99/restore", "").statusCode()).isEqualTo(404);
        assertThat(server.get("/api/customers/01m8ahftmh1p47rnx7g21p3tdp/history").statusCode()).isEqualTo(404);
        // Restoring the current version changes nothing (it was a 404 "no such version").
        HttpResponse<String> current = server.postJson("/api/customers/" + id + "/history/5/restore", "");
        assertThat(current.statusCode()).as(current.body()).isEqualTo(200);
        assertThat(json(current).path("version").asLong()).isEqualTo(5);
        assertThat(json(server.get("/api/customers/" + id)).path("version").asLong()).isEqualTo(5);
    }

    @Test
    void erasure_leaves_no_byte_of_the_person_in_any_file_and_they_do_not_come_back() throws Exception {
        String marker = "erase.me.zqxj@example.org";
        String phone = "+36 30 987 6543";
        String id = json(server.postJson("/api/customers", "{\"external_id\":\"shop-erase-1\","
                + "\"first_name\":\"Zqxjuliska\",\"last_name\":\"Qwertzné\",\"emails\":[\"" + marker + "\"],"
                + "\"phones\":[\"" + phone + "\"],\"notes\":\"" + "remember zqxj ".repeat(20) + "\"}")).path("id").asText();
        server.putJson("/api/customers/" + id, "{\"external_id\":\"shop-erase-1\",\"first_name\":\"Zqxjuliska\","
                + "\"last_name\":\"Qwertzné-Kiss\",\"emails\":[\"" + marker + "\"]}");
        // A near-duplicate, so the review journal holds the person too, and a bystander who must stay.
        server.postJson("/api/customers", "{\"first_name\":\"Zqxjuliska\",\"last_name\":\"Qwertzne\","
                + "\"emails\":[\"" + marker.toUpperCase() + "\"]}");
        String other = json(server.postJson("/api/customers", "{\"first_name\":\"Bystander\",\"last_name\":\"Keep\"}"))
                .path("id").asText();
        server.app().store().index().refresh();
        server.app().duplicates().recordCandidates(List.of(server.app().store().get(id)));
        assertThat(scan(marker)).isNotEmpty(); // the check below can see the marker when it is there

        HttpResponse<String> erased = server.postJson("/api/customers/" + id + "/erase", "");
        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
        assertThat(json(erased).path("files_purged").asBoolean(true)).isFalse(); // the rewrite runs in the background
        assertThat(server.get("/api/customers/" + id).statusCode()).isEqualTo(404);
        assertThat(server.get("/api/customers/" + id + "/history").statusCode()).isEqualTo(404);
        assertThat(server.get("/api/customers/" + other).statusCode()).isEqualTo(200);

        // The near-duplicate still holds the email in upper case; erase it too, waiting for the files this time,
        // then scan every file while the server still runs.
        String dupId = json(server.get("/api/customers?limit=10")).path("customers").findValues("id").stream()
                .map(JsonNode::asText).filter(x -> !x.equals(other)).findFirst().orElseThrow();
        HttpResponse<String> waited = server.postJson("/api/customers/" + dupId + "/erase?wait=true", "");
        assertThat(json(waited).path("files_purged").asBoolean(false)).as(waited.body()).isTrue();
        assertThat(scan(marker)).isEmpty();
        assertThat(scan("Zqxjuliska")).isEmpty();
        JsonNode purge = json(server.get("/api/admin/erasures/purge"));
        assertThat(purge.path("pending").asBoolean(true)).as(purge.toString()).isFalse();
        assertThat(purge.path("last_purged_at").isTextual()).as(purge.toString()).isTrue();
        assertThat(server.postJson("/api/customers/" + other + "/erase?wait=maybe", "").statusCode()).isEqualTo(400);
        server.close();
        server = null;
        assertThat(scan(marker)).isEmpty();
        assertThat(scan(marker.toUpperCase())).isEmpty();
        assertThat(scan("Zqxjuliska")).isEmpty();

        // Neither a create nor an import brings the person back.
        server = new TestServer(config());
        HttpResponse<String> again = server.postJson("/api/customers", "{\"first_name\":\"Z\",\"emails\":[\""
                + marker + "\"]}");
        assertThat(again.statusCode()).isEqualTo(409);
        HttpResponse<String> byExt = server.putJson("/api/customers/by-external-id/shop-erase-1",
                "{\"first_name\":\"Z\"}");
        assertThat(byExt.statusCode()).isEqualTo(409);
        HttpResponse<String> imported = server.send(server.request("/api/import?wait=true")
                .header("Content-Type", "text/csv").POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "first_name,phone\nZ,06 30 987 6543\n")));
        assertThat(json(imported).path("result").path("report").path("rejected").asInt()).as(imported.body())
                .isEqualTo(1);
        // Nor a change to another customer that adds the person's email or phone; its other changes still work.
        String keep = json(server.get("/api/customers?limit=1")).path("customers").get(0).path("id").asText();
        HttpResponse<String> patched = server.send(server.request("/api/customers/" + keep)
                .header("Content-Type", "application/merge-patch+json")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"emails\":[\""
                        + marker.toUpperCase() + "\"]}")));
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(409);
        HttpResponse<String> put = server.putJson("/api/customers/" + keep,
                "{\"first_name\":\"Bystander\",\"last_name\":\"Keep\",\"phones\":[\"06 30 987 6543\"]}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(409);
        HttpResponse<String> fine = server.send(server.request("/api/customers/" + keep)
                .header("Content-Type", "application/merge-patch+json")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"notes\":\"still here\"}")));
        assertThat(fine.statusCode()).as(fine.body()).isEqualTo(200);
    }

    @Test
    void a_deleted_customer_can_still_be_erased_and_its_history_goes_with_it() throws Exception {
        String marker = "deleted.zqxw@example.org";
        String id = json(server.postJson("/api/customers", "{\"external_id\":\"shop-del-1\",\"first_name\":\"Qwx\","
                + "\"last_name\":\"Gelöschtova\",\"emails\":[\"" + marker + "\"]}")).path("id").asText();
        server.putJson("/api/customers/" + id, "{\"external_id\":\"shop-del-1\",\"first_name\":\"Qwx\","
                + "\"last_name\":\"Gelöschtova-Nagy\",\"emails\":[\"" + marker + "\"]}");
        assertThat(server.delete("/api/customers/" + id).statusCode()).isEqualTo(204);
        assertThat(server.get("/api/customers/" + id + "/history").statusCode()).isEqualTo(200); // still held

        HttpResponse<String> erased = server.postJson("/api/customers/" + id + "/erase", "");
        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
        assertThat(server.get("/api/customers/" + id + "/history").statusCode()).isEqualTo(404);
        assertThat(server.get("/api/customers/" + id + "/subject-access").statusCode()).isEqualTo(404);
        assertThat(server.postJson("/api/customers/" + id + "/history/1/restore", "").statusCode()).isEqualTo(404);
        assertThat(server.postJson("/api/customers", "{\"first_name\":\"Q\",\"emails\":[\"" + marker + "\"]}")
                .statusCode()).isEqualTo(409);
        // An id nobody ever had is still 404.
        assertThat(server.postJson("/api/customers/01m8ahftmh1p47rnx7g21p3tdp/erase", "").statusCode())
                .isEqualTo(404);
        server.close();
        server = null;
        assertThat(scan(marker)).isEmpty();
        assertThat(scan("Gelöschtova")).isEmpty();
    }

    @Test
    void erasing_a_survivor_also_erases_the_record_merged_into_it() throws Exception {
        String marker = "merged.away.zqxm@example.org";
        String survivor = json(server.postJson("/api/customers", "{\"first_name\":\"Zqxmária\","
                + "\"last_name\":\"Mergelné\",\"emails\":[\"zqxm@example.org\"],\"phones\":[\"+36 30 555 1212\"]}"))
                .path("id").asText();
        String other = json(server.postJson("/api/customers", "{\"first_name\":\"Zqxmaria\","
                + "\"last_name\":\"Mergelne\",\"emails\":[\"zqxm@example.org\",\"" + marker + "\"],"
                + "\"phones\":[\"06 30 555 1212\"]}")).path("id").asText();
        String bystander = json(server.postJson("/api/customers", "{\"first_name\":\"Bystander\","
                + "\"last_name\":\"Keep\"}")).path("id").asText();
        server.app().store().index().refresh();
        server.app().duplicates().recordCandidates(List.of(server.app().store().get(survivor)));
        String pair = survivor.compareTo(other) < 0 ? survivor + "_" + other : other + "_" + survivor;
        HttpResponse<String> merged = server.postJson("/api/duplicates/" + pair + "/merge",
                "{\"survivor\":\"" + survivor + "\"}");
        assertThat(merged.statusCode()).as(merged.body()).isEqualTo(200);
        assertThat(server.get("/api/customers/" + other + "/history").statusCode()).isEqualTo(200);

        HttpResponse<String> erased = server.postJson("/api/customers/" + survivor + "/erase", "");
        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
        assertThat(json(erased).path("also_erased")).as(erased.body()).hasSize(1);
        assertThat(json(erased).path("also_erased").get(0).asText()).isEqualTo(other);
        assertThat(server.get("/api/customers/" + other + "/history").statusCode()).isEqualTo(404);
        assertThat(server.postJson("/api/customers/" + other + "/history/1/restore", "").statusCode())
                .isEqualTo(404);
        assertThat(server.get("/api/customers/" + bystander).statusCode()).isEqualTo(200);
        server.close();
        server = null;
        assertThat(scan(marker)).isEmpty();
        assertThat(scan("Zqxmaria")).isEmpty();
    }

    @Test
    void a_merge_refused_midway_leaves_the_pair_pending_and_both_records_as_they_were() {
        String email = "erika.loesch@example.de";
        String erased = json(server.postJson("/api/customers", "{\"first_name\":\"Erika\",\"last_name\":\"Lösch\","
                + "\"emails\":[\"" + email + "\"]}")).path("id").asText();
        String holder = json(server.postJson("/api/customers", "{\"first_name\":\"Erika\",\"last_name\":\"Loesch\","
                + "\"emails\":[\"" + email + "\"],\"phones\":[\"+49 30 1234567\"]}")).path("id").asText();
        String other = json(server.postJson("/api/customers", "{\"first_name\":\"Erika\",\"last_name\":\"Lösch\","
                + "\"phones\":[\"030 1234567\"],\"address\":{\"city\":\"Berlin\",\"country\":\"DE\"}}"))
                .path("id").asText();
        assertThat(server.postJson("/api/customers/" + erased + "/erase", "").statusCode()).isEqualTo(200);
        server.app().store().index().refresh();
        String pair = holder.compareTo(other) < 0 ? holder + "_" + other : other + "_" + holder;

        // Kept as `other`, the merged record would gain the erased person's email: the store refuses that.
        HttpResponse<String> refused = server.postJson("/api/duplicates/" + pair + "/merge",
                "{\"survivor\":\"" + other + "\"}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(json(server.get("/api/customers/" + other)).path("emails")).isEmpty();
        assertThat(server.get("/api/customers/" + holder).statusCode()).isEqualTo(200);
        // The pair is pending again (it stayed "merged" until a restart), so the other way round works.
        HttpResponse<String> merged = server.postJson("/api/duplicates/" + pair + "/merge",
                "{\"survivor\":\"" + holder + "\"}");
        assertThat(merged.statusCode()).as(merged.body()).isEqualTo(200);
        assertThat(server.get("/api/customers/" + other).statusCode()).isEqualTo(410); // merged into holder
    }

    @Test
    void an_erasure_after_a_backup_is_applied_again_when_the_backup_is_restored() throws Exception {
        String marker = "restore.zqxv@example.org";
        String id = json(server.postJson("/api/customers", "{\"first_name\":\"Qvx\",\"last_name\":\"Restorova\","
                + "\"emails\":[\"" + marker + "\"]}")).path("id").asText();
        String other = json(server.postJson("/api/customers", "{\"first_name\":\"Keep\",\"last_name\":\"Me\"}"))
                .path("id").asText();
        HttpResponse<String> backup = server.postJson("/api/admin/backups", "");
        assertThat(backup.statusCode()).as(backup.body()).isIn(200, 201);
        Path backupDir = Path.of(json(backup).path("path").asText());
        assertThat(server.postJson("/api/customers/" + id + "/erase", "").statusCode()).isEqualTo(200);
        server.close();

        // The index is lost; the backup (taken before the erasure) is restored into the data dir.
        try (Stream<Path> files = Files.walk(dir.resolve("index"))) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
        dev.clientele.ops.Backups.restore(backupDir, dir);
        server = new TestServer(config());
        assertThat(server.get("/api/customers/" + id).statusCode()).isEqualTo(404);
        assertThat(server.get("/api/customers/" + other).statusCode()).isEqualTo(200);
        server.close();
        server = null;
        assertThat(scan(marker)).allSatisfy(f -> assertThat(f.startsWith(dir.resolve("backups"))).as(f.toString())
                .isTrue());
    }

    @Test
    void subject_access_returns_the_record_its_history_review_pairs_and_audit_entries() {
        String id = json(server.postJson("/api/customers", "{\"first_name\":\"Ilona\",\"last_name\":\"Szabó\","
                + "\"emails\":[\"ilona@szabo.hu\"]}")).path("id").asText();
        server.putJson("/api/customers/" + id, "{\"first_name\":\"Ilona\",\"last_name\":\"Szabó-Nagy\","
                + "\"emails\":[\"ilona@szabo.hu\"]}");
        server.postJson("/api/customers", "{\"first_name\":\"Ilona\",\"last_name\":\"Szabo\","
                + "\"emails\":[\"ILONA@szabo.hu\"]}");
        server.app().store().index().refresh();
        server.app().duplicates().recordCandidates(List.of(server.app().store().get(id)));
        HttpResponse<String> r = server.get("/api/customers/" + id + "/subject-access");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("customer").path("last_name").asText()).isEqualTo("Szabó-Nagy");
        assertThat(body.path("previous_versions").get(0).path("last_name").asText()).isEqualTo("Szabó");
        assertThat(body.path("duplicate_review")).hasSize(1);
        // The other record of the person, by its id only.
        assertThat(body.path("related_ids")).as(body.toString()).hasSize(1);
        assertThat(body.path("related_ids").get(0).asText()).isEqualTo(
                body.path("duplicate_review").get(0).path("pair_id").asText().replace(id, "").replace("_", ""));
        assertThat(body.path("audit").size()).isGreaterThanOrEqualTo(2);
        body.path("audit").forEach(e -> assertThat(e.path("customer_id").asText()).isEqualTo(id));
        HttpResponse<String> anonymous = server.send(server.anonymous("/api/customers/" + id + "/subject-access")
                .GET());
        assertThat(anonymous.statusCode()).isIn(401, 403);

        // A merge and its undo are about both customers: the audit names the other one as the target.
        String pair = body.path("duplicate_review").get(0).path("pair_id").asText();
        JsonNode merged = json(server.postJson("/api/duplicates/" + pair + "/merge", "{\"survivor\":\"" + id + "\"}"));
        String removed = merged.path("removed_id").asText();
        assertThat(server.postJson("/api/merges/" + merged.path("merge_id").asText() + "/undo", "").statusCode())
                .isEqualTo(200);
        List<String> actions = new java.util.ArrayList<>();
        json(server.get("/api/customers/" + removed + "/subject-access")).path("audit")
                .forEach(e -> actions.add(e.path("action").asText() + " " + e.path("customer_id").asText() + " "
                        + e.path("target").asText()));
        assertThat(actions).contains("POST /api/duplicates/{pair}/merge " + id + " " + removed,
                "POST /api/merges/{id}/undo " + id + " " + removed);
        // A survivor that is not one of the pair is named as the field at fault.
        JsonNode bad = json(server.postJson("/api/duplicates/" + pair + "/merge", "{\"survivor\":\"nobody\"}"));
        assertThat(bad.path("errors").get(0).path("field").asText()).as(bad.toString()).isEqualTo("survivor");
    }

    @Test
    void related_lists_the_records_sharing_an_email_phone_or_external_id_and_the_duplicates_each_with_why() {
        String id = server.createCustomer("{\"external_id\":\"shop-rel-1\",\"first_name\":\"Annamária\","
                + "\"last_name\":\"Kovácsné\",\"emails\":[\"annamaria.k@example.hu\"],"
                + "\"phones\":[\"+36 30 111 2233\"],\"birthday\":\"1980-04-12\","
                + "\"address\":{\"street\":\"Fő utca 5\",\"city\":\"Szeged\",\"postal_code\":\"6720\","
                + "\"country\":\"HU\"}}");
        // Another name, the same address written in capitals: the e-mail alone ties it to the person.
        String byEmail = server.createCustomer("{\"first_name\":\"Béla\",\"last_name\":\"Tóth\","
                + "\"emails\":[\"AnnaMaria.K@Example.hu\"]}");
        // The same mobile written the national way.
        String byPhone = server.createCustomer("{\"first_name\":\"Zoltán\",\"last_name\":\"Fekete\","
                + "\"phones\":[\"06 (30) 111-2233\"]}");
        // The person again without e-mail or phone: only the matcher finds it.
        String lookalike = server.createCustomer("{\"first_name\":\"Annamaria\",\"last_name\":\"Kovacsne\","
                + "\"birthday\":\"1980-04-12\",\"address\":{\"street\":\"Fő u. 5\",\"city\":\"Szeged\","
                + "\"postal_code\":\"6720\",\"country\":\"HU\"}}");
        String bystander = server.createCustomer("{\"first_name\":\"Keep\",\"last_name\":\"Bystander\"}");
        // The record's earlier external id, now another record's.
        server.putJson("/api/customers/" + id, json(server.get("/api/customers/" + id)).toString()
                .replace("shop-rel-1", "shop-rel-2"));
        String byExternalId = server.createCustomer("{\"external_id\":\"shop-rel-1\",\"first_name\":\"Cecília\","
                + "\"last_name\":\"Nagy\"}");
        server.app().store().index().refresh();
        server.app().duplicates().recordCandidates(List.of(server.app().store().get(id)));

        HttpResponse<String> r = server.get("/api/customers/" + id + "/related");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        java.util.Map<String, JsonNode> byId = new java.util.HashMap<>();
        json(r).path("records").forEach(x -> byId.put(x.path("id").asText(), x));
        assertThat(byId).as(r.body()).containsOnlyKeys(byEmail, byPhone, lookalike, byExternalId);
        assertThat(reasons(byId.get(byEmail))).contains("email").doesNotContain("phone");
        assertThat(reasons(byId.get(byPhone))).contains("phone").doesNotContain("email");
        assertThat(reasons(byId.get(byExternalId))).containsExactly("external_id");
        assertThat(reasons(byId.get(lookalike))).containsAnyOf("likely_duplicate", "possible_duplicate")
                .contains("pending_pair");
        assertThat(byId.get(lookalike).path("score").asDouble()).isGreaterThan(0);
        assertThat(byId.get(lookalike).path("display_name").asText()).isEqualTo("Annamaria Kovacsne");
        assertThat(byId.get(lookalike).path("kind").asText()).isEqualTo("person");
        assertThat(byId.get(byEmail).path("deleted").asBoolean(true)).isFalse();
        assertThat(byId).doesNotContainKey(bystander);
        assertThat(server.get("/api/customers/01m8ahftmh1p47rnx7g21p3tdp/related").statusCode()).isEqualTo(404);
        assertThat(server.send(server.anonymous("/api/customers/" + id + "/related").GET()).statusCode())
                .isIn(401, 403);
    }

    @Test
    void related_says_how_many_records_share_the_contact_and_whether_it_is_a_role_address_like_info() {
        String id = server.createCustomer("{\"first_name\":\"Irén\",\"last_name\":\"Sárközi\","
                + "\"emails\":[\"info@acme-kft.hu\",\"iren.s@acme-kft.hu\"],\"phones\":[\"+36 1 555 0000\"]}");
        // A colleague writing from the firm's info@ only, her own other record, and three at the switchboard.
        String colleague = server.createCustomer("{\"first_name\":\"Gábor\",\"last_name\":\"Varga\","
                + "\"emails\":[\"Info@Acme-Kft.hu\"]}");
        String herself = server.createCustomer("{\"first_name\":\"I.\",\"last_name\":\"Sárközi\","
                + "\"emails\":[\"iren.s@acme-kft.hu\",\"info@acme-kft.hu\"]}");
        List<String> switchboard = new ArrayList<>();
        for (String name : List.of("Ákos", "Bence", "Csaba")) {
            switchboard.add(server.createCustomer("{\"first_name\":\"" + name + "\",\"last_name\":\"Kiss\","
                    + "\"phones\":[\"06 1 555 0000\"]}"));
        }
        server.app().store().index().refresh();

        java.util.Map<String, JsonNode> byId = new java.util.HashMap<>();
        json(server.get("/api/customers/" + id + "/related")).path("records")
                .forEach(x -> byId.put(x.path("id").asText(), x));
        assertThat(byId).containsKeys(colleague, herself);
        assertThat(byId.get(colleague).path("role_address").asBoolean()).isTrue();
        assertThat(byId.get(colleague).path("shared_by").asInt()).isEqualTo(3); // her, the colleague, herself
        // Her own address counts, the info@ they also share does not.
        assertThat(byId.get(herself).path("role_address").asBoolean()).isFalse();
        assertThat(byId.get(herself).path("shared_by").asInt()).isEqualTo(2);
        for (String s : switchboard) {
            assertThat(byId.get(s).path("role_address").asBoolean()).isFalse();
            assertThat(byId.get(s).path("shared_by").asInt()).as(s).isEqualTo(4);
        }
    }

    @Test
    void related_of_a_deleted_record_finds_the_person_by_its_last_version_and_lists_deleted_pair_members() {
        String id = server.createCustomer("{\"first_name\":\"Gizella\",\"last_name\":\"Deletovics\","
                + "\"emails\":[\"gizella.d@example.hu\"]}");
        String other = server.createCustomer("{\"first_name\":\"Gizi\",\"last_name\":\"Deletovics\","
                + "\"emails\":[\"GIZELLA.D@example.hu\"]}");
        server.app().store().index().refresh();
        server.app().duplicates().recordCandidates(List.of(server.app().store().get(id)));
        String pair = id.compareTo(other) < 0 ? id + "_" + other : other + "_" + id;
        assertThat(server.postJson("/api/duplicates/" + pair + "/dismiss", "").statusCode()).isIn(200, 204);
        assertThat(server.delete("/api/customers/" + id).statusCode()).isEqualTo(204);

        JsonNode records = json(server.get("/api/customers/" + id + "/related")).path("records");
        assertThat(records).as(records.toString()).hasSize(1);
        assertThat(records.get(0).path("id").asText()).isEqualTo(other);
        assertThat(reasons(records.get(0))).contains("email");
        // Seen from the stored one, the deleted record is still in its (dismissed) review pair.
        JsonNode fromOther = json(server.get("/api/customers/" + other + "/related")).path("records");
        assertThat(fromOther).as(fromOther.toString()).hasSize(1);
        assertThat(fromOther.get(0).path("id").asText()).isEqualTo(id);
        assertThat(fromOther.get(0).path("deleted").asBoolean()).isTrue();
        assertThat(reasons(fromOther.get(0))).containsExactly("dismissed_pair");
        assertThat(fromOther.get(0).path("score").asDouble()).isGreaterThan(0);
    }

    @Test
    void erasing_with_also_erases_the_named_records_in_one_erasure_and_lists_and_audits_each() throws Exception {
        String marker = "also.zqxa@example.org";
        String id = server.createCustomer("{\"first_name\":\"Zqxagota\",\"last_name\":\"Alsoné\","
                + "\"emails\":[\"" + marker + "\"]}");
        String second = server.createCustomer("{\"first_name\":\"Agota\",\"last_name\":\"Zqxalso\","
                + "\"emails\":[\"" + marker.toUpperCase() + "\"]}");
        String third = server.createCustomer("{\"first_name\":\"Zqxagi\",\"last_name\":\"Other\"}");
        assertThat(server.delete("/api/customers/" + third).statusCode()).isEqualTo(204); // deleted: history only
        String bystander = server.createCustomer("{\"first_name\":\"Keep\",\"last_name\":\"Me\"}");
        long commits = server.app().store().index().commitCount();

        HttpResponse<String> r = server.postJson("/api/customers/" + id + "/erase?wait=true&also=" + second
                + "," + third + "&also=" + id, "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("customer_id").asText()).isEqualTo(id);
        assertThat(texts(body.path("related_erased"))).containsExactly(second, third);
        assertThat(texts(body.path("erased"))).containsExactly(id, second, third);
        assertThat(body.path("also_erased")).isEmpty();
        assertThat(server.app().store().index().commitCount() - commits).isEqualTo(1);
        for (String gone : List.of(id, second, third)) {
            assertThat(server.get("/api/customers/" + gone + "/history").statusCode()).isEqualTo(404);
        }
        assertThat(server.get("/api/customers/" + bystander).statusCode()).isEqualTo(200);
        List<String> audited = new ArrayList<>();
        for (String gone : List.of(second, third)) {
            server.app().ops().audit().about(gone).forEach(e -> audited.add(e.action() + " " + e.customerId()
                    + " " + e.target() + " " + e.status()));
        }
        assertThat(audited).contains("POST /api/customers/{id}/erase " + second + " " + id + " 200",
                "POST /api/customers/{id}/erase " + third + " " + id + " 200");
        assertThat(server.postJson("/api/customers", "{\"first_name\":\"Z\",\"emails\":[\"" + marker + "\"]}")
                .statusCode()).isEqualTo(409);
        server.close();
        server = null;
        assertThat(scan(marker)).isEmpty();
        assertThat(scan(marker.toUpperCase())).isEmpty();
        assertThat(scan("Zqxagi")).isEmpty();
    }

    @Test
    void an_unknown_id_in_also_refuses_the_erasure_and_erases_nothing() {
        String id = server.createCustomer("{\"first_name\":\"Erna\",\"last_name\":\"Unknownova\","
                + "\"emails\":[\"erna.u@example.org\"]}");
        String second = server.createCustomer("{\"first_name\":\"Erna\",\"last_name\":\"Second\"}");
        HttpResponse<String> r = server.postJson("/api/customers/" + id + "/erase?also=" + second
                + ",01m8ahftmh1p47rnx7g21p3tdp", "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json(r).path("detail").asText()).contains("01m8ahftmh1p47rnx7g21p3tdp");
        assertThat(server.get("/api/customers/" + id).statusCode()).isEqualTo(200);
        assertThat(server.get("/api/customers/" + second).statusCode()).isEqualTo(200);
        // No tombstone was left either: her e-mail address may still be given to a record.
        assertThat(server.postJson("/api/customers", "{\"first_name\":\"Erna\",\"emails\":[\"erna.u@example.org\"]}")
                .statusCode()).isEqualTo(201);
        StringBuilder distinct = new StringBuilder();
        for (int i = 0; i < 101; i++) {
            distinct.append(i == 0 ? "" : ",").append("id").append(i);
        }
        HttpResponse<String> tooMany = server.postJson("/api/customers/" + id + "/erase?also=" + distinct, "");
        assertThat(tooMany.statusCode()).as(tooMany.body()).isEqualTo(400);
        assertThat(server.get("/api/customers/" + id).statusCode()).isEqualTo(200);
        // A misspelt also used to be ignored: the one record erased, for good, and the person's others kept.
        HttpResponse<String> typo = server.postJson("/api/customers/" + id + "/erase?als=" + second, "");
        assertThat(typo.statusCode()).as(typo.body()).isEqualTo(400);
        assertThat(json(typo).path("errors").get(0).path("field").asText()).isEqualTo("als");
        assertThat(server.get("/api/customers/" + id).statusCode()).isEqualTo(200);
    }

    @Test
    void an_import_row_refused_as_an_erased_person_names_the_column_that_matched() {
        String id = server.createCustomer("{\"external_id\":\"shop-er-9\",\"first_name\":\"Erzsébet\","
                + "\"last_name\":\"Columnova\",\"emails\":[\"erased.col@example.org\"],"
                + "\"phones\":[\"+36 30 444 5566\"]}");
        assertThat(server.postJson("/api/customers/" + id + "/erase", "").statusCode()).isEqualTo(200);

        String file = """
                Vorname,Kundennummer,E-Mail,Telefon,Mobil
                Anna,new-1,someone@example.org,+36 1 777 8899,06 30 444 5566
                Berta,new-2,ERASED.COL@example.org,,
                Cili,shop-er-9,,,
                Dóra,new-4,dora@example.org,+36 1 222 3344,
                """;
        // A dry run says what the import will refuse, and the import refuses it, each naming the column that matched.
        for (String query : List.of("?dry_run=true", "?wait=true")) {
            HttpResponse<String> imported = server.send(server.request("/api/import" + query)
                    .header("Content-Type", "text/csv").POST(java.net.http.HttpRequest.BodyPublishers.ofString(file)));
            JsonNode root = json(imported);
            JsonNode report = root.has("report") ? root.path("report") : root.path("result").path("report");
            assertThat(report.path("rejected").asInt()).as(imported.body()).isEqualTo(3);
            assertThat(report.path("imported").asInt()).as(imported.body()).isEqualTo(1);
            List<String> errors = new ArrayList<>();
            report.path("errors").forEach(e -> errors.add(e.path("row").asInt() + " " + e.path("column").asText()));
            assertThat(errors).as(imported.body()).containsExactly("2 Mobil", "3 E-Mail", "4 Kundennummer");
            assertThat(report.path("errors").get(1).path("message").asText()).contains("e-mail address")
                    .doesNotContain("erased.col");
        }

        // A create names the field as the API writes it.
        HttpResponse<String> created = server.postJson("/api/customers", "{\"first_name\":\"E\",\"emails\":"
                + "[\"x@example.org\",\"Erased.Col@example.org\"]}");
        assertThat(created.statusCode()).isEqualTo(409);
        assertThat(json(created).path("errors").get(0).path("field").asText()).as(created.body())
                .isEqualTo("emails[1]");
        // A change to a stored customer names the field in the customer as sent, not among the added ones only.
        String keep = server.createCustomer("{\"first_name\":\"Keep\",\"emails\":[\"keep@example.org\"]}");
        HttpResponse<String> changed = server.putJson("/api/customers/" + keep, "{\"first_name\":\"Keep\","
                + "\"emails\":[\"keep@example.org\"],\"phones\":[\"+36 1 999 8877\",\"06304445566\"]}");
        assertThat(changed.statusCode()).isEqualTo(409);
        assertThat(json(changed).path("errors").get(0).path("field").asText()).as(changed.body())
                .isEqualTo("phones[1]");
    }

    private static List<String> reasons(JsonNode record) {
        return texts(record.path("reasons"));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asText()));
        return out;
    }

    /** Files under the data dir that contain the text (UTF-8 bytes). */
    private List<Path> scan(String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        List<Path> hits = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                byte[] data = Files.readAllBytes(f);
                if (indexOf(data, needle) >= 0) {
                    hits.add(f);
                }
            }
        }
        return hits;
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
