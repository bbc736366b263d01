package dev.clientele.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clientele.customer.Customer;
import dev.clientele.dedup.DuplicatePairs;
import dev.clientele.index.CustomerIndex;
import dev.clientele.index.IndexSettings;
import dev.clientele.store.CustomerStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErasureServiceTest {
    @TempDir
    Path dir;

    @Test
    void a_change_in_flight_when_the_erasure_starts_does_not_bring_the_customer_back() throws Exception {
        try (CustomerIndex index = CustomerIndex.open(dir.resolve("index"),
                IndexSettings.DEFAULTS.withHistory(dir.resolve("history")));
             Tombstones tombstones = Tombstones.open(dir.resolve("tombstones.ndjson"));
             DuplicatePairs pairs = DuplicatePairs.open(dir.resolve("review.ndjson"), Clock.systemUTC())) {
            CustomerStore store = new CustomerStore(index);
            ErasureService erasure = new ErasureService(store, tombstones, pairs, Clock.systemUTC());
            String id = store.create(Customer.person("Zqxena", "Racewitz")
                    .withEmails(List.of("zqxena@example.org"))).customer().id();

            // The change function runs twice: once to peek, then under the customer's lock. The second time, an
            // erasure starts on another thread; the change goes on once that thread waits for the lock (with the
            // fix), or has deleted the customer and waits for the commit (without it), or has finished.
            AtomicInteger calls = new AtomicInteger();
            AtomicReference<CompletableFuture<ErasureService.Receipt>> erasing = new AtomicReference<>();
            store.update(id, c -> {
                if (calls.incrementAndGet() == 2) {
                    Thread[] eraser = new Thread[1];
                    CompletableFuture<ErasureService.Receipt> f = new CompletableFuture<>();
                    eraser[0] = Thread.ofPlatform().start(() -> {
                        try {
                            f.complete(erasure.erase(id, false));
                        } catch (RuntimeException e) {
                            f.completeExceptionally(e);
                        }
                    });
                    erasing.set(f);
                    while (!f.isDone() && !waitsForLockOrCommit(eraser[0])) {
                        Thread.onSpinWait();
                    }
                }
                return c.withCompany("Changed meanwhile");
            }, null);
            erasing.get().join();

            assertThat(store.find(id)).isEmpty();
            assertThat(store.history(id, 10)).isEmpty();
            index.refresh();
            assertThat(index.count()).isZero();
        }
    }

    @Test
    void a_crash_after_the_index_forgot_a_person_and_before_the_review_journal_did_is_caught_up_at_the_next_start()
            throws Exception {
        Path journal = dir.resolve("review.ndjson");
        String erased;
        try (CustomerIndex index = CustomerIndex.open(dir.resolve("index"),
                IndexSettings.DEFAULTS.withHistory(dir.resolve("history")));
             Tombstones tombstones = Tombstones.open(dir.resolve("tombstones.ndjson"));
             DuplicatePairs pairs = DuplicatePairs.open(journal, Clock.systemUTC())) {
            CustomerStore store = new CustomerStore(index);
            Customer a = store.create(Customer.person("Zqxena", "Racewitz")
                    .withEmails(List.of("zqxena@example.org"))).customer();
            Customer b = store.create(Customer.person("Zqxena", "Racewicz")
                    .withEmails(List.of("zqxena@example.org"))).customer();
            pairs.record(List.of(new DuplicatePairs.Found(a, b,
                    dev.clientele.dedup.MatchScorer.withDefaults().score(a, b))));
            erased = a.id();
            // The first two steps of an erasure, then the crash: the review journal still holds the person.
            tombstones.record(a, store.history(a.id(), 10), java.time.Instant.now());
            store.erase(List.of(a.id()), java.util.Arrays.asList((String) null));
        }
        assertThat(java.nio.file.Files.readString(journal)).contains("zqxena@example.org");

        try (CustomerIndex index = CustomerIndex.open(dir.resolve("index"),
                IndexSettings.DEFAULTS.withHistory(dir.resolve("history")));
             Tombstones tombstones = Tombstones.open(dir.resolve("tombstones.ndjson"));
             DuplicatePairs pairs = DuplicatePairs.open(journal, Clock.systemUTC())) {
            new ErasureService(new CustomerStore(index), tombstones, pairs, Clock.systemUTC()).reapply();
            assertThat(pairs.all()).isEmpty();
        }
        assertThat(java.nio.file.Files.readString(journal)).doesNotContain("zqxena@example.org")
                .doesNotContain(erased);
    }

    /** True when the thread is parked on a store lock or waiting for a commit. */
    private static boolean waitsForLockOrCommit(Thread t) {
        Thread.State state = t.getState();
        if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
            return false;
        }
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().equals(CustomerStore.class.getName()) && e.getMethodName().equals("locked")
                    || e.getClassName().equals(CustomerIndex.class.getName())
                    && e.getMethodName().equals("awaitDurable")) {
                return true;
            }
        }
        return false;
    }
}
