package dev.clientele.http;

import static dev.clientele.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clientele.TestServer;
import dev.clientele.config.AppConfig;
import dev.clientele.ops.BackupManifest;
import dev.clientele.ops.BackupSchedule;
import dev.clientele.ops.Backups;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backups the server makes by itself ({@code backup.every}, {@code backup.keep}), and deleting backups. */
class BackupScheduleTest {
    @TempDir
    Path dir;
    TestServer server;

    private TestServer start(AppConfig.Backup backup) {
        server = new TestServer(AppConfig.DEFAULTS.withPort(0).withDataDir(dir).withDemoCount(0).withBackup(backup));
        server.createCustomer("{\"first_name\":\"Anna\",\"last_name\":\"Kovács\"}");
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private List<String> ids() {
        return server.app().ops().backups().list().stream().map(BackupManifest::id).toList();
    }

    @Test
    void a_scheduled_backup_is_verified_and_then_only_the_newest_ones_are_kept() {
        start(new AppConfig.Backup(Duration.ofHours(24), 2));
        BackupSchedule schedule = server.app().ops().schedule();
        BackupManifest first = schedule.runNow();
        BackupManifest second = schedule.runNow();
        assertThat(ids()).containsExactly(first.id(), second.id());

        BackupManifest third = schedule.runNow();

        assertThat(ids()).containsExactly(second.id(), third.id());
        assertThat(Path.of(first.path())).doesNotExist();
        assertThat(schedule.status().deleted()).containsExactly(first.id());
        assertThat(schedule.status().lastAt()).isEqualTo(third.createdAt());
        assertThat(schedule.status().lastError()).isNull();
        // The next is due one interval after the newest backup, made by hand or by the schedule.
        JsonNode listed = json(server.get("/api/admin/backups"));
        assertThat(listed.path("backups")).hasSize(2);
        assertThat(listed.path("schedule").path("every_seconds").asLong()).isEqualTo(86_400);
        assertThat(listed.path("schedule").path("keep").asInt()).isEqualTo(2);
        assertThat(server.app().ops().metrics().scrape()).contains("clientele_backup_newest_seconds");
    }

    @Test
    void a_scheduled_backup_holds_the_undo_journals_of_list_edits() {
        start(new AppConfig.Backup(Duration.ofHours(24), 2));
        server.app().store().index().refresh();
        String edit = json(server.postJson("/api/edits?wait=true", "{\"add_tags\":[\"fair\"]}")).path("job")
                .path("id").asText();

        BackupManifest made = server.app().ops().schedule().runNow();

        assertThat(made.data()).extracting(BackupManifest.DataFile::name).contains("edits/" + edit + ".txt");
    }

    @Test
    void a_backup_that_fails_verification_deletes_no_older_one() {
        start(new AppConfig.Backup(Duration.ofHours(24), 1));
        BackupSchedule schedule = server.app().ops().schedule();
        BackupManifest good = schedule.runNow();
        // A schedule whose backups come out damaged (a disk flipping bytes): verified, refused, nothing pruned.
        BackupSchedule damaging = new BackupSchedule(server.app().ops().backups(), () -> {
            BackupManifest m = server.app().ops().backup();
            try {
                Files.writeString(Path.of(m.path()).resolve(Backups.KEYS), "{\"keys\":[]}");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return m;
        }, new AppConfig.Backup(Duration.ofHours(24), 1), Clock.systemUTC());

        assertThatThrownBy(damaging::runNow).hasMessageContaining("keys.json");

        assertThat(ids()).hasSize(2).contains(good.id());
        assertThat(damaging.status().lastError()).contains("keys.json");
        assertThat(damaging.status().deleted()).isEmpty();
    }

    @Test
    void the_first_backup_is_due_one_interval_after_the_newest_there_is() {
        start(new AppConfig.Backup(Duration.ofHours(6), 0));
        BackupManifest byHand = server.app().ops().backup();
        BackupSchedule later = new BackupSchedule(server.app().ops().backups(), server.app().ops()::backup,
                new AppConfig.Backup(Duration.ofHours(6), 0), Clock.systemUTC());
        later.start();
        try {
            assertThat(later.status().nextAt()).isEqualTo(byHand.createdAt().plus(Duration.ofHours(6)));
        } finally {
            later.close();
        }
    }

    @Test
    void a_short_interval_makes_backups_by_itself() throws Exception {
        start(new AppConfig.Backup(Duration.ofSeconds(1), 3));
        for (int i = 0; i < 300 && ids().size() < 2; i++) {
            Thread.sleep(100);
        }
        assertThat(ids()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(server.app().ops().backups().verify(ids().getLast()).customers()).isEqualTo(1);
    }

    @Test
    void backups_go_to_backup_dir_on_another_disk_and_are_listed_kept_verified_and_restored_from_there() {
        Path data = dir.resolve("data");
        Path otherDisk = dir.resolve("other-disk").resolve("clientele-backups");
        server = new TestServer(AppConfig.DEFAULTS.withPort(0).withDataDir(data).withDemoCount(0)
                .withBackup(new AppConfig.Backup(Duration.ofHours(24), 1, otherDisk)));
        String id = server.createCustomer("{\"first_name\":\"Anna\",\"last_name\":\"Kovács\"}");

        JsonNode byHand = json(server.postJson("/api/admin/backups", ""));
        BackupManifest scheduled = server.app().ops().schedule().runNow();

        assertThat(Path.of(byHand.path("path").asText())).startsWithRaw(otherDisk.toAbsolutePath());
        assertThat(Path.of(scheduled.path())).startsWithRaw(otherDisk.toAbsolutePath());
        assertThat(data.resolve("backups")).doesNotExist();
        JsonNode listed = json(server.get("/api/admin/backups"));
        assertThat(Path.of(listed.path("dir").asText())).isEqualTo(otherDisk.toAbsolutePath());
        assertThat(listed.path("backups")).hasSize(1); // keep 1: the older one was deleted there
        assertThat(listed.path("backups").get(0).path("id").asText()).isEqualTo(scheduled.id());
        assertThat(Path.of(byHand.path("path").asText())).doesNotExist();
        assertThat(server.postJson("/api/admin/backups/" + scheduled.id() + "/verify", "").statusCode()).isEqualTo(200);
        server.close();
        server = null;

        Backups.restore(Path.of(scheduled.path()), dir.resolve("restored"));
        server = new TestServer(AppConfig.DEFAULTS.withPort(0).withDataDir(dir.resolve("restored")).withDemoCount(0));
        assertThat(json(server.get("/api/customers/" + id)).path("last_name").asText()).isEqualTo("Kovács");
    }

    @Test
    void a_backup_dir_whose_disk_is_not_mounted_is_refused_and_the_schedule_says_so() throws Exception {
        Path data = dir.resolve("data");
        Path backupDir = dir.resolve("mnt-backup").resolve("clientele");
        server = new TestServer(AppConfig.DEFAULTS.withPort(0).withDataDir(data).withDemoCount(0)
                .withBackup(new AppConfig.Backup(Duration.ofHours(24), 0, backupDir)));
        server.createCustomer("{\"first_name\":\"Anna\",\"last_name\":\"Kovács\"}");
        assertThat(server.postJson("/api/admin/backups", "").statusCode()).isEqualTo(201);
        assertThat(backupDir.resolve(".clientele-backup-dir")).isRegularFile(); // left by the first backup

        // The disk not mounted: its mount point is an empty directory of the disk beneath (or none at all).
        Backups.deleteTree(backupDir);
        for (boolean emptyMountPoint : List.of(false, true)) {
            if (emptyMountPoint) {
                Files.createDirectories(backupDir);
            }
            var refused = server.postJson("/api/admin/backups", "");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(json(refused).path("type").asText()).endsWith("backup-dir-unavailable");
            assertThat(json(refused).path("detail").asText()).contains("mounted", ".clientele-backup-dir");
            assertThat(backupDir.toFile().exists()).isEqualTo(emptyMountPoint);
            if (emptyMountPoint) {
                try (var left = Files.list(backupDir)) {
                    assertThat(left.toList()).isEmpty(); // nothing written
                }
            }
        }
        // A scheduled backup is refused the same way, and the schedule says why.
        assertThatThrownBy(() -> server.app().ops().schedule().runNow()).hasMessageContaining("mounted");
        assertThat(json(server.get("/api/admin/backups")).path("schedule").path("last_error").asText())
                .contains(".clientele-backup-dir", "mounted");

        // The disk mounted again (the marker is back), or a new disk marked by hand: backups go on.
        Files.createFile(backupDir.resolve(".clientele-backup-dir"));
        assertThat(server.postJson("/api/admin/backups", "").statusCode()).isEqualTo(201);
        assertThat(server.app().ops().schedule().runNow().customers()).isEqualTo(1);
        assertThat(server.app().ops().schedule().status().lastError()).isNull();
    }

    @Test
    void a_new_backup_dir_is_marked_by_its_first_backup_rather_than_refused() {
        Path data = dir.resolve("data");
        server = new TestServer(AppConfig.DEFAULTS.withPort(0).withDataDir(data).withDemoCount(0)
                .withBackup(new AppConfig.Backup(null, 0, dir.resolve("first"))));
        assertThat(server.postJson("/api/admin/backups", "").statusCode()).isEqualTo(201);
        server.close();
        // backup.dir changed to another disk: its first backup marks it
        server = new TestServer(AppConfig.DEFAULTS.withPort(0).withDataDir(data).withDemoCount(0)
                .withBackup(new AppConfig.Backup(null, 0, dir.resolve("second"))));
        var made = server.postJson("/api/admin/backups", "");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        assertThat(dir.resolve("second").resolve(".clientele-backup-dir")).isRegularFile();
    }

    @Test
    void a_backup_dir_that_is_the_data_dir_or_inside_its_index_stops_the_start_naming_the_key() {
        for (String inside : List.of("", "index", "history/x")) {
            Path data = dir.resolve("data-" + inside.replace('/', '-'));
            AppConfig config = dev.clientele.testing.TestKeys.config(data)
                    .withBackup(new AppConfig.Backup(null, 0, inside.isEmpty() ? data : data.resolve(inside)));
            assertThatThrownBy(() -> dev.clientele.App.start(config).close()).as(inside)
                    .isInstanceOf(dev.clientele.config.ConfigException.class).hasMessageContaining("backup.dir");
        }
    }

    @Test
    void a_backup_can_be_deleted_by_an_admin() {
        start(AppConfig.Backup.OFF);
        String id = json(server.postJson("/api/admin/backups", "")).path("id").asText();
        assertThat(server.delete("/api/admin/backups/" + id).statusCode()).isEqualTo(204);
        assertThat(ids()).isEmpty();
        assertThat(server.delete("/api/admin/backups/" + id).statusCode()).isEqualTo(404);
        assertThat(server.delete("/api/admin/backups/..%2Fkeys.json").statusCode()).isEqualTo(404);
        assertThat(json(server.get("/api/admin/backups")).path("schedule").path("every_seconds").isNull()).isTrue();
    }
}
