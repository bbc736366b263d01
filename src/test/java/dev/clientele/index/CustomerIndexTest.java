package dev.clientele.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clientele.customer.Customer;
import dev.clientele.customer.CustomerIds;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomerIndexTest {
    @TempDir
    Path dir;

    private static Customer withId(String first, String last) {
        // Millisecond timestamps, as the store makes them: JSON (and so the stored source) keeps milliseconds.
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        return Customer.person(first, last).withIdentity(CustomerIds.newId(), now, now, 1);
    }

    @Test
    void a_write_is_readable_at_once_by_id_before_any_refresh() {
        try (CustomerIndex index = CustomerIndex.open(dir)) {
            Customer c = withId("Rob", "Smith").withExternalId("ext-1");
            index.put(c, null);
            assertThat(index.get(c.id())).contains(c);
            assertThat(index.idForExternalId("ext-1")).contains(c.id());
            assertThat(index.count()).isZero(); // searches see it only after a refresh
            index.refresh();
            assertThat(index.count()).isEqualTo(1);
            assertThat(index.get(c.id())).contains(c);
        }
    }

    @Test
    void an_acknowledged_write_is_already_visible_to_searches() {
        try (CustomerIndex index = CustomerIndex.open(dir)) {
            for (int i = 1; i <= 30; i++) {
                index.awaitDurable(index.put(withId("Anna" + i, "Acked"), null)); // as the store acknowledges a write
                assertThat(index.count()).as("after write %d", i).isEqualTo(i); // no refresh asked for
            }
        }
    }

    @Test
    void existing_answers_the_ids_of_live_customers_among_many_in_one_call() {
        try (CustomerIndex index = CustomerIndex.open(dir)) {
            Customer kept = withId("Anna", "Kept");
            Customer deleted = withId("Bert", "Deleted");
            Customer fresh = withId("Cleo", "Fresh");
            index.awaitDurable(index.put(kept, null));
            index.awaitDurable(index.put(deleted, null));
            index.refresh();
            index.awaitDurable(index.delete(deleted.id(), null));
            index.put(fresh, null); // not yet searchable: known from the real-time map
            String unknown = CustomerIds.newId();
            List<String> ids = List.of(fresh.id(), unknown, deleted.id(), kept.id());
            assertThat(index.existing(ids)).containsExactlyInAnyOrder(kept.id(), fresh.id());
            index.refresh();
            assertThat(index.existing(ids)).containsExactlyInAnyOrder(kept.id(), fresh.id());
            assertThat(ids).allSatisfy(id -> assertThat(index.existing(List.of(id)).contains(id))
                    .isEqualTo(index.exists(id)));
        }
    }

    @Test
    void versions_answers_the_current_version_of_live_customers_before_and_after_a_refresh() {
        try (CustomerIndex index = CustomerIndex.open(dir)) {
            Customer kept = withId("Anna", "Kept");
            Customer changed = withId("Bert", "Changed");
            Customer deleted = withId("Cleo", "Deleted");
            for (Customer c : List.of(kept, changed, deleted)) {
                index.awaitDurable(index.put(c, null));
            }
            index.refresh();
            Instant now = changed.updatedAt();
            index.put(changed.withIdentity(changed.id(), now, now, 7), null); // not yet searchable
            index.awaitDurable(index.delete(deleted.id(), null));
            List<String> ids = List.of(kept.id(), changed.id(), deleted.id(), CustomerIds.newId());
            assertThat(index.versions(ids)).isEqualTo(java.util.Map.of(kept.id(), 1L, changed.id(), 7L));
            index.refresh();
            assertThat(index.versions(ids)).isEqualTo(java.util.Map.of(kept.id(), 1L, changed.id(), 7L));
        }
    }

    @Test
    void versions_and_existing_find_each_customer_in_its_segment_after_a_reopen_when_older_segments_hold_its_past() {
        Customer a = withId("Anna", "Moved");
        Customer b = withId("Bert", "Stayed");
        Customer c = withId("Cleo", "Later");
        Customer gone = withId("Dora", "Deleted");
        try (CustomerIndex index = CustomerIndex.open(dir)) {
            for (Customer x : List.of(a, b, gone)) {
                index.awaitDurable(index.put(x, null)); // one segment
            }
            Instant now = a.updatedAt();
            index.awaitDurable(index.put(a.withIdentity(a.id(), now, now, 2), null)); // another: a's past is deleted
            index.awaitDurable(index.put(c, null));
            index.awaitDurable(index.delete(gone.id(), null));
        }
        try (CustomerIndex index = CustomerIndex.open(dir)) { // nothing real-time: every id is looked up
            List<String> ids = List.of(c.id(), gone.id(), b.id(), CustomerIds.newId(), a.id());
            assertThat(index.versions(ids)).isEqualTo(java.util.Map.of(a.id(), 2L, b.id(), 1L, c.id(), 1L));
            assertThat(index.existing(ids)).containsExactlyInAnyOrder(a.id(), b.id(), c.id());
        }
    }

    @Test
    void durable_writes_survive_reopening() {
        Customer c = withId("Иван", "Петров");
        try (CustomerIndex index = CustomerIndex.open(dir)) {
            index.awaitDurable(index.put(c, null));
        }
        try (CustomerIndex index = CustomerIndex.open(dir)) {
            assertThat(index.get(c.id())).contains(c);
            assertThat(index.count()).isEqualTo(1);
        }
    }

    @Test
    void concurrent_writers_share_commits() throws Exception {
        try (CustomerIndex index = CustomerIndex.open(dir)) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                futures.add(pool.submit(() -> index.awaitDurable(index.put(withId("A", "B"), null))));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            // Every write waited for a commit, yet far fewer commits than writes ran (group commit).
            assertThat(index.commitCount()).isLessThan(400);
            index.refresh();
            assertThat(index.count()).isEqualTo(400);
        }
    }

    @Test
    void delete_hides_the_customer_and_releases_its_external_id() {
        try (CustomerIndex index = CustomerIndex.open(dir)) {
            Customer c = withId("A", "B").withExternalId("x");
            index.awaitDurable(index.put(c, null));
            index.refresh();
            index.awaitDurable(index.delete(c.id(), "x"));
            assertThat(index.get(c.id())).isEmpty();
            assertThat(index.idForExternalId("x")).isEmpty();
            index.refresh();
            assertThat(index.get(c.id())).isEmpty();
            assertThat(index.count()).isZero();
        }
    }

    @Test
    void lookups_by_external_id_follow_new_segments_and_deletes_across_refreshes() {
        // The per-thread term enums are kept per reader: each refresh below brings a new reader with one more segment.
        try (CustomerIndex index = CustomerIndex.open(dir)) {
            List<String> ids = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                Customer c = withId("A", "B" + round).withExternalId("ext-" + round);
                ids.add(c.id());
                index.awaitDurable(index.put(c, null));
                index.refresh();
                for (int j = 0; j <= round; j++) {
                    assertThat(index.idForExternalId("ext-" + j)).contains(ids.get(j));
                    assertThat(index.exists(ids.get(j))).isTrue();
                }
                assertThat(index.idForExternalId("ext-missing")).isEmpty();
            }
            index.awaitDurable(index.delete(ids.get(2), "ext-2"));
            index.refresh();
            assertThat(index.idForExternalId("ext-2")).isEmpty();
            assertThat(index.exists(ids.get(2))).isFalse();
            assertThat(index.idForExternalId("ext-4")).contains(ids.get(4));
            assertThat(index.get(ids.get(0))).map(Customer::lastName).contains("B0");
        }
    }

    @Test
    void changing_an_external_id_moves_the_lookup() {
        try (CustomerIndex index = CustomerIndex.open(dir)) {
            Customer c = withId("A", "B").withExternalId("old");
            index.put(c, null);
            index.refresh();
            index.put(c.withExternalId("new"), "old");
            assertThat(index.idForExternalId("old")).isEmpty();
            assertThat(index.idForExternalId("new")).contains(c.id());
            index.refresh();
            assertThat(index.idForExternalId("old")).isEmpty();
            assertThat(index.idForExternalId("new")).contains(c.id());
        }
    }

    @Test
    void pages_walk_all_customers_in_id_order() {
        try (CustomerIndex index = CustomerIndex.open(dir)) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                Customer c = withId("N" + i, "L");
                ids.add(c.id());
                index.put(c, null);
            }
            index.refresh();
            List<String> seen = new ArrayList<>();
            String cursor = null;
            while (true) {
                List<Customer> page = index.page(cursor, 10);
                page.forEach(c -> seen.add(c.id()));
                if (page.size() < 10) {
                    break;
                }
                cursor = page.get(page.size() - 1).id();
            }
            assertThat(seen).containsExactlyElementsOf(ids.stream().sorted().toList());
        }
    }

    @Test
    void a_second_open_of_the_same_directory_fails_clearly() {
        try (CustomerIndex index = CustomerIndex.open(dir)) {
            assertThatThrownBy(() -> CustomerIndex.open(dir)).isInstanceOf(IndexException.class)
                    .hasMessageContaining(dir.toString());
        }
    }

    @Test
    void close_commits_writes_nobody_waited_for() {
        Customer c = withId("A", "B");
        try (CustomerIndex index = CustomerIndex.open(dir)) {
            index.put(c, null);
        }
        try (CustomerIndex index = CustomerIndex.open(dir)) {
            assertThat(index.get(c.id())).isPresent();
        }
    }

    @Test
    void erase_rewrites_every_segment_that_held_the_customer_even_a_large_one() throws Exception {
        Path history = dir.resolve("history");
        Path main = dir.resolve("index");
        String marker = "zqxvorbert";
        Customer target;
        try (CustomerIndex index = CustomerIndex.open(main, IndexSettings.DEFAULTS.withHistory(history))) {
            // One segment of 60 customers in each index, so erasing one leaves under 10 % of a segment deleted:
            // Lucene's default forceMergeDeletes leaves such a segment, with the erased documents in it, alone.
            List<Customer> all = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                all.add(withId(i == 30 ? "Norbert" : "Keep" + i, i == 30 ? marker : "Person" + i));
            }
            long seq = -1;
            for (Customer c : all) {
                index.put(c, null);
                Customer next = c.withIdentity(c.id(), c.createdAt(), c.updatedAt(), 2);
                seq = index.put(next, null, c); // version 1 goes to the history
            }
            index.awaitDurable(seq);
            target = all.get(30);
            assertThat(storedOrIndexed(main, marker)).isTrue(); // the check below can see the text when it is there
            assertThat(storedOrIndexed(history, marker)).isTrue();

            index.erase(target.id(), null);
            assertThat(index.get(target.id())).isEmpty();
            assertThat(index.history(target.id(), 10)).isEmpty();
            assertThat(index.get(all.get(31).id())).isPresent();
        }
        assertThat(storedOrIndexed(main, marker)).isFalse();
        assertThat(storedOrIndexed(history, marker)).isFalse();
    }

    @Test
    void a_purge_left_unfinished_by_a_crash_is_finished_at_the_next_open() throws Exception {
        Path main = dir.resolve("index");
        String marker = "zqxkrashova";
        Customer target = withId("Vera", marker);
        try (CustomerIndex index = CustomerIndex.open(main)) {
            index.put(target, null);
            long seq = -1;
            for (int i = 0; i < 40; i++) {
                seq = index.put(withId("Keep" + i, "Person" + i), null);
            }
            index.awaitDurable(seq);
        }
        // What a crash between an erasure's durable delete and its rewrite leaves: the document deleted, its data
        // still in a segment, and the marker in the commit data.
        try (var directory = org.apache.lucene.store.FSDirectory.open(main);
             var raw = new org.apache.lucene.index.IndexWriter(directory,
                     new org.apache.lucene.index.IndexWriterConfig().setMergePolicy(
                             org.apache.lucene.index.NoMergePolicy.INSTANCE))) {
            java.util.Map<String, String> data = new java.util.HashMap<>();
            raw.getLiveCommitData().forEach(e -> data.put(e.getKey(), e.getValue()));
            data.put("clientele.purge_pending", "true");
            raw.deleteDocuments(new org.apache.lucene.index.Term(CustomerSchema.ID, target.id()));
            raw.setLiveCommitData(data.entrySet());
            raw.commit();
        }
        assertThat(storedOrIndexed(main, marker)).isTrue(); // the check below can see the text when it is there

        try (CustomerIndex index = CustomerIndex.open(main)) {
            index.awaitPurge(0);
            assertThat(index.purgeStatus().pending()).isFalse();
            assertThat(index.purgeStatus().lastPurgedAt()).isNotNull();
            assertThat(storedOrIndexed(main, marker)).isFalse();
        }
        try (var directory = org.apache.lucene.store.FSDirectory.open(main);
             var reader = org.apache.lucene.index.DirectoryReader.open(directory)) {
            assertThat(reader.getIndexCommit().getUserData()).doesNotContainKey("clientele.purge_pending");
            assertThat(reader.numDocs()).isEqualTo(40);
        }
    }

    @Test
    void erasures_during_a_rewrite_share_the_next_one_and_each_waiter_sees_its_own_done() throws Exception {
        Path main = dir.resolve("index");
        try (CustomerIndex index = CustomerIndex.open(main)) {
            List<Customer> people = new ArrayList<>();
            long seq = -1;
            for (int i = 0; i < 30; i++) {
                Customer c = withId("Erase" + i, "zqxgroup" + (char) ('a' + i) + "x");
                people.add(c);
                seq = index.put(c, null);
            }
            index.awaitDurable(seq);
            List<Long> tickets = new ArrayList<>();
            for (Customer c : people.subList(0, 10)) {
                tickets.add(index.expungeErased(index.eraseDocuments(List.of(c.id()),
                        java.util.Collections.singletonList(null)), List.of(c.id())));
            }
            assertThat(tickets).isSorted().doesNotHaveDuplicates();
            for (Customer c : people.subList(0, 10)) {
                assertThat(index.get(c.id())).isEmpty(); // gone at once, before any rewrite
            }
            index.awaitPurge(tickets.get(tickets.size() - 1));
            assertThat(index.purgeStatus().pending()).isFalse();
            for (int i = 0; i < 10; i++) {
                assertThat(storedOrIndexed(main, "zqxgroup" + (char) ('a' + i) + "x")).isFalse();
            }
            assertThat(index.get(people.get(10).id())).isPresent();
            assertThat(storedOrIndexed(main, "zqxgroupkx")).isTrue();
        }
    }

    @Test
    void a_backup_waits_for_the_rewrite_of_an_erasure_so_no_copy_holds_the_erased_customer() throws Exception {
        Path main = dir.resolve("index");
        String marker = "zqxbackupova";
        java.util.concurrent.CountDownLatch mergeStarted = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean hold = new java.util.concurrent.atomic.AtomicBoolean();
        // Holds the erasure's rewrite at its first merged file until released.
        var holdMerges = onMergeOutput(() -> {
            if (hold.get()) {
                mergeStarted.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
            }
        });
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (CustomerIndex index = CustomerIndex.open(main, IndexSettings.DEFAULTS, holdMerges)) {
            try { // released before the index closes, which waits for the rewrite
                Customer target = withKeepers(index, marker);
                hold.set(true);
                index.expungeErased(index.eraseDocuments(List.of(target.id()),
                        java.util.Collections.singletonList(null)), List.of(target.id()));
                mergeStarted.await();
                assertThat(index.purgeStatus().running()).isTrue();

                Path copy = dir.resolve("copy");
                Thread[] backupThread = new Thread[1];
                Future<?> backup = pool.submit(() -> {
                    backupThread[0] = Thread.currentThread();
                    index.backup(copy);
                });
                while (backupThread[0] == null || !waitsForPurge(backupThread[0])) {
                    assertThat(backup.isDone()).as("the backup ended before the erased data left the files").isFalse();
                    Thread.onSpinWait();
                }
                release.countDown();
                backup.get();
                assertThat(storedOrIndexed(copy, marker)).isFalse();
                assertThat(storedOrIndexed(copy, "keep7")).isTrue();
            } finally {
                release.countDown();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void an_erasure_during_a_merge_waits_for_it_and_then_rewrites_the_segment_it_wrote() throws Exception {
        Path main = dir.resolve("index");
        String marker = "zqxmergova";
        // Holds a merge at its first file until released: a merge that started before the erasure, as Lucene's
        // own merges after writes do, and that copies the customer into its new segment.
        HeldMerge held = new HeldMerge();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (CustomerIndex index = held.open(main)) {
            try {
                Customer target = withKeepers(index, marker);
                long seq = -1;
                for (int i = 0; i < 20; i++) {
                    seq = index.put(withId("Later" + i, "Person" + i), null);
                }
                index.awaitDurable(seq); // a second segment
                held.holdNext();
                Future<?> merge = pool.submit(() -> {
                    index.mergeAllForTest();
                    return null;
                });
                held.awaitHeld();

                long ticket = index.expungeErased(index.eraseDocuments(List.of(target.id()),
                        java.util.Collections.singletonList(null)), List.of(target.id()));
                Future<?> purged = pool.submit(() -> index.awaitPurge(ticket));
                Thread.sleep(500);
                assertThat(purged.isDone()).as("the purge ended while a merge holding the customer ran").isFalse();

                held.release();
                merge.get(30, java.util.concurrent.TimeUnit.SECONDS);
                purged.get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(index.get(target.id())).isEmpty();
                assertThat(index.count()).isEqualTo(40);
            } finally {
                held.release();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(storedOrIndexed(main, marker)).isFalse();
        assertThat(storedOrIndexed(main, "keep7")).isTrue();
    }

    @Test
    void closing_during_a_merge_into_one_segment_stops_it_and_keeps_every_write_with_no_unfinished_file_left()
            throws Exception {
        Path main = dir.resolve("index");
        // Holds the merge at its first file until released: a merge of a large index, still running at the stop.
        HeldMerge held = new HeldMerge();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CustomerIndex index = held.open(main);
        Customer late = withId("Lena", "Late");
        try {
            for (int s = 0; s < 3; s++) { // three segments
                long seq = -1;
                for (int i = 0; i < 20; i++) {
                    seq = index.put(withId("Keep" + s + "x" + i, "Person"), null);
                }
                index.awaitDurable(seq);
            }
            held.holdNext();
            Future<CustomerIndex.MergeResult> merge = pool.submit(index::mergeSegments);
            held.awaitHeld();
            index.put(late, null); // written during the merge, not yet committed: the close commits it

            Thread[] closer = new Thread[1];
            Future<?> closed = pool.submit(() -> {
                closer[0] = Thread.currentThread();
                index.close();
            });
            // Released once the close waits: for the merge to stop (rollback) or, as before, to end.
            while (closer[0] == null || !HeldMerge.waitsIn(closer[0], "abortMerges", "rollbackInternal", "awaitTermination")) {
                assertThat(closed.isDone()).as("the close ended while the merge was held").isFalse();
                Thread.onSpinWait();
            }
            held.release();
            closed.get();
            assertThatThrownBy(merge::get).hasCauseInstanceOf(IndexException.class)
                    .hasMessageContaining("stopped").hasMessageContaining("3 segments stay as they were");
        } finally {
            held.release();
            pool.shutdownNow();
            index.close();
        }
        try (var directory = org.apache.lucene.store.FSDirectory.open(main)) {
            var commit = org.apache.lucene.index.SegmentInfos.readLatestCommit(directory);
            java.util.Set<String> kept = new java.util.HashSet<>(commit.files(true));
            kept.add("write.lock");
            assertThat(directory.listAll()).as("files of no commit: the merge's unfinished segment")
                    .allMatch(kept::contains);
        }
        try (CustomerIndex again = CustomerIndex.open(main)) {
            assertThat(again.segments().count()).isGreaterThan(1);
            assertThat(again.count()).isEqualTo(61);
            assertThat(again.get(late.id())).contains(late);
        }
    }

    @Test
    void a_rewrite_the_disk_refuses_is_reported_and_finished_at_the_next_open() throws Exception {
        Path main = dir.resolve("index");
        String marker = "zqxfehlerova";
        java.util.concurrent.atomic.AtomicBoolean fail = new java.util.concurrent.atomic.AtomicBoolean();
        // The disk refuses the merged files while `fail` is set (full during the rewrite).
        var failingMerges = onMergeOutput(() -> {
            if (fail.get()) {
                throw new java.io.IOException("No space left on device (test)");
            }
        });
        Customer target;
        try (CustomerIndex index = CustomerIndex.open(main, IndexSettings.DEFAULTS, failingMerges)) {
            target = withKeepers(index, marker);
            fail.set(true);
            long ticket = index.expungeErased(index.eraseDocuments(List.of(target.id()),
                    java.util.Collections.singletonList(null)), List.of(target.id()));
            // Lucene treats a failed merge as fatal for the writer: the index turns read-only, as after any disk
            // failure, and the erasure's delete, already durable, stays.
            assertThatThrownBy(() -> index.awaitPurge(ticket)).isInstanceOf(IndexException.class)
                    .hasMessageContaining("purging erased customers");
            assertThat(index.purgeStatus().pending()).isTrue();
            assertThat(index.purgeStatus().lastError()).isNotBlank();
            assertThat(index.get(target.id())).isEmpty();
            assertThat(storedOrIndexed(main, marker)).isTrue(); // still in the files
            assertThatThrownBy(() -> index.backup(dir.resolve("copy"))).isInstanceOf(RuntimeException.class);
        }
        try (CustomerIndex index = CustomerIndex.open(main)) { // room again, and a restart
            index.awaitPurge(0);
            assertThat(index.get(target.id())).isEmpty();
            assertThat(index.count()).isEqualTo(20);
            assertThat(storedOrIndexed(main, marker)).isFalse();
            Path copy = dir.resolve("copy2");
            index.backup(copy);
            assertThat(storedOrIndexed(copy, marker)).isFalse();
        }
    }

    /** Something that may fail like a disk does. */
    private interface IoAction {
        void run() throws java.io.IOException;
    }

    /** A directory wrapper that runs {@code action} before each file a merge creates. */
    private static java.util.function.UnaryOperator<org.apache.lucene.store.Directory> onMergeOutput(IoAction action) {
        return d -> new org.apache.lucene.store.FilterDirectory(d) {
            @Override
            public org.apache.lucene.store.IndexOutput createOutput(String name,
                    org.apache.lucene.store.IOContext context) throws java.io.IOException {
                if (context.context() == org.apache.lucene.store.IOContext.Context.MERGE) {
                    action.run();
                }
                return super.createOutput(name, context);
            }
        };
    }

    /** Indexes a customer with the given last name and 20 others, durably; returns the first. */
    private static Customer withKeepers(CustomerIndex index, String lastName) {
        Customer target = withId("Vera", lastName);
        index.put(target, null);
        long seq = -1;
        for (int i = 0; i < 20; i++) {
            seq = index.put(withId("Keep" + i, "Person" + i), null);
        }
        index.awaitDurable(seq);
        return target;
    }

    /** True when the thread waits inside {@link CustomerIndex#awaitPurge}. */
    private static boolean waitsForPurge(Thread t) {
        if (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
            return false;
        }
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().equals(CustomerIndex.class.getName()) && e.getMethodName().equals("awaitPurge")) {
                return true;
            }
        }
        return false;
    }

    /** True when any document of the index, live or deleted, stores the text, or any field has it in a term. */
    private static boolean storedOrIndexed(Path path, String text) throws java.io.IOException {
        try (var directory = org.apache.lucene.store.FSDirectory.open(path);
             var reader = org.apache.lucene.index.DirectoryReader.open(directory)) {
            for (var leaf : reader.leaves()) {
                var r = leaf.reader();
                var stored = r.storedFields();
                for (int d = 0; d < r.maxDoc(); d++) { // deleted documents too: they stay in the files until merged
                    for (var f : stored.document(d)) {
                        String v = f.stringValue() != null ? f.stringValue()
                                : f.binaryValue() != null ? f.binaryValue().utf8ToString() : "";
                        if (v.toLowerCase(java.util.Locale.ROOT).contains(text)) {
                            return true;
                        }
                    }
                }
                for (var info : r.getFieldInfos()) {
                    var terms = r.terms(info.name);
                    if (terms == null) {
                        continue;
                    }
                    var it = terms.iterator();
                    for (var t = it.next(); t != null; t = it.next()) {
                        if (t.utf8ToString().contains(text)) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }
}
