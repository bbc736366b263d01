package dev.clientele.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    record Entry(String id, int n) {
    }

    @TempDir
    Path dir;

    @Test
    void appended_records_are_replayed_in_order_after_reopening() {
        Path f = dir.resolve("j.ndjson");
        try (Journal<Entry> j = Journal.open(f, Entry.class, e -> { })) {
            j.append(new Entry("a", 1));
            j.append(new Entry("b", 2), new Entry("Ä ы", 3));
        }
        List<Entry> seen = new ArrayList<>();
        try (Journal<Entry> j = Journal.open(f, Entry.class, seen::add)) {
            j.append(new Entry("d", 4));
        }
        assertThat(seen).containsExactly(new Entry("a", 1), new Entry("b", 2), new Entry("Ä ы", 3));
        List<Entry> again = new ArrayList<>();
        Journal.open(f, Entry.class, again::add).close();
        assertThat(again).hasSize(4);
    }

    @Test
    void a_torn_last_line_is_dropped_and_cut_off() throws Exception {
        Path f = dir.resolve("j.ndjson");
        try (Journal<Entry> j = Journal.open(f, Entry.class, e -> { })) {
            j.append(new Entry("a", 1));
        }
        Files.writeString(f, "{\"id\":\"b\",\"n\"", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        List<Entry> seen = new ArrayList<>();
        try (Journal<Entry> j = Journal.open(f, Entry.class, seen::add)) {
            j.append(new Entry("c", 3));
        }
        assertThat(seen).containsExactly(new Entry("a", 1));
        List<Entry> after = new ArrayList<>();
        Journal.open(f, Entry.class, after::add).close();
        assertThat(after).containsExactly(new Entry("a", 1), new Entry("c", 3));
    }

    @Test
    void a_corrupt_complete_line_fails_loudly_instead_of_losing_data() throws Exception {
        Path f = dir.resolve("j.ndjson");
        Files.writeString(f, "{\"id\":\"a\",\"n\":1}\nnot json\n{\"id\":\"b\",\"n\":2}\n");
        assertThatThrownBy(() -> Journal.open(f, Entry.class, e -> { })).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("line 2");
    }

    @Test
    void rewrite_compacts_atomically_and_appends_continue() {
        Path f = dir.resolve("j.ndjson");
        try (Journal<Entry> j = Journal.open(f, Entry.class, e -> { })) {
            for (int i = 0; i < 10; i++) {
                j.append(new Entry("x", i));
            }
            j.rewrite(List.of(new Entry("x", 9)));
            j.append(new Entry("y", 10));
        }
        List<Entry> seen = new ArrayList<>();
        Journal.open(f, Entry.class, seen::add).close();
        assertThat(seen).containsExactly(new Entry("x", 9), new Entry("y", 10));
        assertThat(Files.exists(dir.resolve("j.ndjson.tmp"))).isFalse();
    }
}
