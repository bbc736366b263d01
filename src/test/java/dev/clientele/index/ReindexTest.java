package dev.clientele.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clientele.customer.Customer;
import dev.clientele.customer.CustomerIds;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The re-index after a schema change: at open (the CLI), or deferred while the server listens. */
class ReindexTest {
    @TempDir
    Path dir;

    private List<Customer> written(int n) {
        List<Customer> all = new ArrayList<>();
        try (CustomerIndex index = CustomerIndex.open(dir)) {
            for (int i = 0; i < n; i++) {
                Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
                Customer c = Customer.person("Anna" + i, "Kovács").withIdentity(CustomerIds.newId(), now, now, 1);
                index.awaitDurable(index.put(c, null));
                all.add(c);
            }
        }
        OldSchema.mark(dir);
        return all;
    }

    @Test
    void a_deferred_reindex_reports_its_progress_refuses_writes_until_done_and_is_recorded() {
        List<Customer> all = written(7);
        try (CustomerIndex index = CustomerIndex.openDeferringReindex(dir, IndexSettings.DEFAULTS)) {
            assertThat(index.reindexing()).contains(new CustomerIndex.ReindexProgress(0, all.size()));
            assertThat(index.count()).as("searches see the customers as they were").isEqualTo(all.size());
            assertThatThrownBy(() -> index.put(all.get(0).withCompany("Changed Kft."), null))
                    .isInstanceOf(IndexException.class).hasMessageContaining("re-indexed");
            List<Long> progress = new ArrayList<>();
            index.reindex(done -> {
                progress.add(done);
                assertThat(index.reindexing()).contains(new CustomerIndex.ReindexProgress(done, all.size()));
            });
            assertThat(progress).hasSize(all.size()).last().isEqualTo((long) all.size());
            assertThat(index.reindexing()).isEmpty();
            assertThat(index.count()).isEqualTo(all.size());
            all.forEach(c -> assertThat(index.get(c.id())).contains(c));
            index.awaitDurable(index.put(all.get(0).withCompany("Changed Kft."), null)); // writes work again
        }
        try (CustomerIndex index = CustomerIndex.openDeferringReindex(dir, IndexSettings.DEFAULTS)) {
            assertThat(index.reindexing()).as("the schema version was recorded").isEmpty();
            assertThat(index.count()).isEqualTo(all.size());
        }
    }

    @Test
    void a_plain_open_reindexes_before_it_returns() {
        List<Customer> all = written(3);
        try (CustomerIndex index = CustomerIndex.open(dir)) {
            assertThat(index.reindexing()).isEmpty();
            assertThat(index.count()).isEqualTo(all.size());
        }
        try (CustomerIndex index = CustomerIndex.openDeferringReindex(dir, IndexSettings.DEFAULTS)) {
            assertThat(index.reindexing()).isEmpty();
        }
    }

    @Test
    void a_reindex_of_several_segments_with_deleted_customers_keeps_each_live_customer_once() {
        // Several segments (one per round), some customers deleted and some changed in later rounds, and a tiny RAM
        // buffer during the re-index, so it flushes and merges while its workers delete old documents by place.
        List<Customer> live = severalSegments();
        OldSchema.mark(dir);
        try (CustomerIndex index = CustomerIndex.openDeferringReindex(dir, new IndexSettings(1))) {
            assertThat(index.reindexing()).isPresent();
            List<Long> progress = java.util.Collections.synchronizedList(new ArrayList<>());
            index.reindex(done -> {
                progress.add(done);
                if (done == live.size() / 2) {
                    try {
                        // the segments the re-index reads from are merged away halfway: the rest replace by id
                        index.mergeAllForTest();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            });
            assertThat(progress).hasSize(live.size()).isSorted().last().isEqualTo((long) live.size());
            assertThat(index.count()).as("no customer twice, none lost").isEqualTo(live.size());
            live.forEach(c -> assertThat(index.get(c.id())).contains(c));
        }
        try (CustomerIndex index = CustomerIndex.openDeferringReindex(dir, IndexSettings.DEFAULTS)) {
            assertThat(index.reindexing()).isEmpty();
            assertThat(index.count()).isEqualTo(live.size());
        }
    }

    /**
     * Writes several segments (one per round), some customers deleted and some changed in later rounds; returns the
     * live customers.
     */
    private List<Customer> severalSegments() {
        List<Customer> live = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            try (CustomerIndex index = CustomerIndex.open(dir)) {
                long seq = 0;
                for (int i = 0; i < 1_500; i++) {
                    Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
                    Customer c = Customer.person("Anna" + round + "x" + i, "Kovács")
                            .withIdentity(CustomerIds.newId(), now, now, 1);
                    seq = index.put(c, null);
                    live.add(c);
                }
                for (int i = 0; i < 100; i++) {
                    Customer gone = live.remove(i * 7);
                    seq = index.delete(gone.id(), gone.externalId());
                    int j = live.size() - 1 - i * 3;
                    Customer changed = live.get(j).withCompany("Round " + round + " Kft.");
                    live.set(j, changed);
                    seq = index.put(changed, null);
                }
                index.awaitDurable(seq);
            }
        }
        return live;
    }

    @Test
    void a_reindex_leaves_no_deleted_documents_where_a_merge_took_old_ones_along() throws Exception {
        // A merge of every segment near the end: the customers left are replaced by id, which leaves their old
        // documents deleted in the merged segment, fewer than the share that makes the merge policy reclaim them.
        List<Customer> live = severalSegments();
        OldSchema.mark(dir);
        try (CustomerIndex index = CustomerIndex.openDeferringReindex(dir, new IndexSettings(1))) {
            index.reindex(done -> {
                if (done == live.size() * 9 / 10) {
                    try {
                        index.mergeAllForTest();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            });
            assertThat(index.count()).isEqualTo(live.size());
        }
        try (var d = org.apache.lucene.store.FSDirectory.open(dir);
             var reader = org.apache.lucene.index.DirectoryReader.open(d)) {
            assertThat(reader.numDocs()).isEqualTo(live.size());
            assertThat(reader.numDeletedDocs()).isZero();
        }
    }
}
