package dev.clientele.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyStoreTest {
    @TempDir
    Path dir;

    @Test
    void created_keys_are_found_by_their_plaintext_and_stored_only_as_hashes() throws Exception {
        KeyStore store = KeyStore.open(dir);
        CreatedKey k = store.create(Role.EDITOR, "sync job", null, "crm");
        assertThat(k.plaintext()).matches("ck_[0-9a-f]{12}_[A-Za-z0-9_-]{43}");
        assertThat(k.plaintext()).startsWith("ck_" + k.key().id() + "_");
        assertThat(store.find(k.plaintext())).get().extracting(ApiKey::role).isEqualTo(Role.EDITOR);
        String file = Files.readString(dir.resolve("keys.json"));
        assertThat(file).doesNotContain(k.plaintext()).contains(KeyStore.hash(k.plaintext()))
                .contains("\"role\" : \"editor\"").contains("\"note\" : \"crm\"");
        assertThat(k.toString()).doesNotContain(k.plaintext());
        assertThat(store.list()).singleElement().extracting(ApiKey::hash).isNull();
    }

    @Test
    void unknown_and_altered_keys_are_not_found() {
        KeyStore store = KeyStore.open(dir);
        CreatedKey k = store.create(Role.READER, "r", null, null);
        assertThat(store.find(k.plaintext() + "x")).isEmpty();
        assertThat(store.find(k.plaintext().substring(0, k.plaintext().length() - 1))).isEmpty();
        assertThat(store.find("")).isEmpty();
        assertThat(store.find(null)).isEmpty();
    }

    @Test
    void the_last_active_admin_key_cannot_be_revoked() {
        KeyStore store = KeyStore.open(dir);
        CreatedKey first = store.create(Role.ADMIN, "a", null, null);
        CreatedKey second = store.create(Role.ADMIN, "b", null, null);
        store.revoke(first.key().id());
        assertThatThrownBy(() -> store.revoke(second.key().id())).isInstanceOf(LastAdminKeyException.class);
        assertThat(store.find(second.plaintext())).isPresent();
    }

    @Test
    void revoked_keys_stop_working_and_survive_a_reopen() {
        KeyStore store = KeyStore.open(dir);
        store.create(Role.ADMIN, "keeper", null, null);
        CreatedKey k = store.create(Role.ADMIN, "a", null, null);
        ApiKey revoked = store.revoke(k.key().id());
        assertThat(revoked.revoked()).isTrue();
        assertThat(revoked.revokedAt()).isNotNull();
        assertThat(store.find(k.plaintext())).isEmpty();
        KeyStore reopened = KeyStore.open(dir);
        assertThat(reopened.find(k.plaintext())).isEmpty();
        assertThat(reopened.list()).extracting(ApiKey::revoked).containsExactly(false, true);
        assertThatThrownBy(() -> store.revoke("nope")).isInstanceOf(KeyNotFoundException.class);
    }

    @Test
    void keys_created_by_another_store_instance_are_seen_without_restart() {
        KeyStore server = KeyStore.open(dir);
        server.create(Role.ADMIN, "first", null, null);
        CreatedKey fromCli = KeyStore.open(dir).create(Role.READER, "cli", null, null);
        assertThat(server.find(fromCli.plaintext())).isPresent();
    }

    @Test
    void the_file_is_replaced_atomically_without_leftovers() throws Exception {
        KeyStore store = KeyStore.open(dir);
        for (int i = 0; i < 5; i++) {
            store.create(Role.READER, "k" + i, null, null);
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("keys.json");
        }
        assertThat(KeyStore.open(dir).list()).hasSize(5);
    }

    @Test
    void configured_keys_keep_their_id_when_well_formed_and_must_be_long() {
        KeyStore store = KeyStore.open(dir);
        ApiKey k = store.importKey("ck_myadmin_0123456789abcdefghij", Role.ADMIN, "boot");
        assertThat(k.id()).isEqualTo("myadmin");
        ApiKey other = store.importKey("a-plain-but-long-enough-secret", Role.ADMIN, "boot2");
        assertThat(other.id()).matches("[0-9a-f]{12}");
        assertThat(store.find("a-plain-but-long-enough-secret")).isPresent();
        assertThatThrownBy(() -> store.importKey("short", Role.ADMIN, "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void roles_are_ordered() {
        assertThat(Role.ADMIN.includes(Role.EDITOR)).isTrue();
        assertThat(Role.EDITOR.includes(Role.READER)).isTrue();
        assertThat(Role.READER.includes(Role.EDITOR)).isFalse();
        assertThat(Role.EDITOR.includes(Role.ADMIN)).isFalse();
        assertThat(Role.parse(" Editor ")).isEqualTo(Role.EDITOR);
        assertThatThrownBy(() -> Role.parse("root")).hasMessageContaining("reader, editor, admin");
    }
    @Test
    void a_scope_and_note_survive_the_file_round_trip() {
        KeyStore store = KeyStore.open(dir);
        var scope = java.util.Map.of("rep", java.util.List.of("Anna Kovács"), "not_country", java.util.List.of("RU"));
        CreatedKey k = store.create(Role.READER, "anna", scope, "crm");
        ApiKey read = KeyStore.open(dir).find(k.plaintext()).orElseThrow();
        assertThat(read.scope()).isEqualTo(scope);
        assertThat(read.note()).isEqualTo("crm");
        assertThat(read.scoped()).isTrue();
        assertThat(store.create(Role.READER, "all", java.util.Map.of(), null).key().scoped()).isFalse();
        assertThatThrownBy(() -> store.create(Role.ADMIN, "a", scope, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keys_files_with_a_free_text_scope_still_load_with_the_text_as_note_and_no_restriction() throws Exception {
        String plaintext = "ck_0123456789ab_" + "x".repeat(43);
        Files.writeString(dir.resolve("keys.json"), """
                {"keys" : [ {"id" : "0123456789ab", "role" : "editor", "name" : "sync",                 "created_at" : "2025-01-01T00:00:00Z", "revoked" : false, "revoked_at" : null,                 "scope" : "crm-sync", "hash" : "%s"} ]}""".formatted(KeyStore.hash(plaintext)));
        KeyStore store = KeyStore.open(dir);
        ApiKey k = store.find(plaintext).orElseThrow();
        assertThat(k.scope()).isNull();
        assertThat(k.note()).isEqualTo("crm-sync");
        assertThat(k.role()).isEqualTo(Role.EDITOR);
        store.create(Role.READER, "next", null, null); // rewrites the file in the new form
        assertThat(Files.readString(dir.resolve("keys.json"))).contains("\"note\" : \"crm-sync\"")
                .doesNotContain("\"scope\" : \"crm-sync\"");
    }
}
