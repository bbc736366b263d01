package dev.clientele.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clientele.customer.Customer;
import dev.clientele.index.CustomerIndex;
import dev.clientele.index.IndexSettings;
import dev.clientele.index.NameCollation;
import dev.clientele.search.ListQuery.SortOrder;
import dev.clientele.store.CustomerStore;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sort=name} in the configured collation ({@code search.collation}), and a changed one re-indexing. */
class NameCollationTest {
    @TempDir
    Path dir;

    @Test
    void sort_by_name_follows_the_configured_collation_and_another_one_re_indexes_at_open() {
        Path path = dir.resolve("index");
        try (CustomerIndex index = CustomerIndex.open(path)) {
            CustomerStore store = new CustomerStore(index);
            for (String last : List.of("Zsoldos", "Ördög", "Cukor", "Иванов", "Csizmadia", "Orbán", "Zuhász", "Czakó",
                    "Óvári", "Ács", "Ёлкин", "Егоров")) {
                store.create(Fixture.person("Anna", last));
            }
            index.refresh();
            // Root (the default, as before): Cs among the Cs, Ö with O, Zs before Zu, Cyrillic after Latin.
            assertThat(byName(index)).containsExactly("Ács", "Csizmadia", "Cukor", "Czakó", "Orbán", "Ördög",
                    "Óvári", "Zsoldos", "Zuhász", "Егоров", "Ёлкин", "Иванов");
        }
        try (CustomerIndex index = CustomerIndex.open(path, IndexSettings.DEFAULTS.withCollation("hu"))) {
            // Hungarian: Cs after C, Ö after O, Zs after Z; the keys were rewritten when it opened.
            assertThat(byName(index)).containsExactly("Ács", "Cukor", "Czakó", "Csizmadia", "Orbán", "Óvári",
                    "Ördög", "Zuhász", "Zsoldos", "Егоров", "Ёлкин", "Иванов");
        }
        try (CustomerIndex index = CustomerIndex.open(path)) {
            // No collation given (the CLI's export, backup, import): the index keeps its own, for new names too.
            new CustomerStore(index).create(Fixture.person("Béla", "Csorba"));
            index.refresh();
            assertThat(byName(index)).startsWith("Ács", "Cukor", "Czakó", "Csizmadia", "Csorba", "Orbán");
        }
        try (CustomerIndex index = CustomerIndex.open(path, IndexSettings.DEFAULTS.withCollation("ru"))) {
            assertThat(byName(index)).startsWith("Егоров", "Ёлкин", "Иванов", "Ács");
        }
    }

    @Test
    void a_collation_is_root_or_a_language_icu_collates() {
        assertThat(NameCollation.canonical("HU")).isEqualTo("hu");
        assertThat(NameCollation.canonical("de_DE")).isEqualTo("de-de");
        assertThat(NameCollation.canonical(" Root ")).isEqualTo("root");
        assertThatThrownBy(() -> NameCollation.canonical("klingon")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IndexSettings.DEFAULTS.withCollation("")).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> byName(CustomerIndex index) {
        ListSearcher lists = new ListSearcher(index, List.of(BigDecimal.ZERO), Clock.systemUTC());
        return lists.search(ListQuery.all().withPage(SortOrder.NAME, 50, null)).customers().stream()
                .map(Customer::lastName).toList();
    }
}
