package dev.clientele.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clientele.TestCustomers;
import dev.clientele.customer.ConflictException;
import dev.clientele.customer.Customer;
import dev.clientele.customer.CustomerNotFoundException;
import dev.clientele.customer.ValidationException;
import dev.clientele.customer.VersionConflictException;
import dev.clientele.index.CustomerIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomerStoreTest {
    @TempDir
    Path dir;
    CustomerIndex index;
    CustomerStore store;

    @BeforeEach
    void open() {
        index = CustomerIndex.open(dir);
        store = new CustomerStore(index);
    }

    @AfterEach
    void close() {
        index.close();
    }

    @Test
    void create_assigns_id_version_and_times() {
        Customer c = store.create(TestCustomers.fullCyrillic()).customer();
        assertThat(c.id()).hasSize(26);
        assertThat(c.version()).isEqualTo(1);
        assertThat(c.createdAt()).isEqualTo(c.updatedAt());
        assertThat(store.get(c.id())).isEqualTo(c);
    }

    @Test
    void replace_bumps_the_version_but_an_identical_resend_does_not() {
        Customer c = store.create(TestCustomers.hungarianCompany()).customer();
        WriteResult same = store.replace(c.id(), TestCustomers.hungarianCompany(), null);
        assertThat(same.outcome()).isEqualTo(WriteResult.Outcome.UNCHANGED);
        assertThat(same.customer().version()).isEqualTo(1);
        WriteResult changed = store.replace(c.id(), TestCustomers.hungarianCompany().withCompany("Új Kft."), 1L);
        assertThat(changed.outcome()).isEqualTo(WriteResult.Outcome.UPDATED);
        assertThat(changed.customer().version()).isEqualTo(2);
        assertThat(changed.customer().createdAt()).isEqualTo(c.createdAt());
    }

    @Test
    void a_stale_expected_version_is_a_conflict_and_changes_nothing() {
        Customer c = store.create(Customer.person("A", "B")).customer();
        store.replace(c.id(), Customer.person("A", "C"), 1L);
        assertThatThrownBy(() -> store.replace(c.id(), Customer.person("A", "D"), 1L))
                .isInstanceOf(VersionConflictException.class);
        assertThat(store.get(c.id()).lastName()).isEqualTo("C");
    }

    @Test
    void upsert_by_external_id_creates_once_then_updates() {
        WriteResult first = store.upsertByExternalId("crm-1", Customer.person("Rob", "Smith"), null);
        WriteResult again = store.upsertByExternalId("crm-1", Customer.person("Rob", "Smith"), null);
        WriteResult changed = store.upsertByExternalId("crm-1", Customer.person("Robert", "Smith"), null);
        assertThat(first.created()).isTrue();
        assertThat(again.outcome()).isEqualTo(WriteResult.Outcome.UNCHANGED);
        assertThat(changed.customer().id()).isEqualTo(first.customer().id());
        assertThat(changed.customer().version()).isEqualTo(2);
        index.refresh();
        assertThat(index.count()).isEqualTo(1);
    }

    @Test
    void an_external_id_cannot_be_taken_twice() {
        store.create(Customer.person("A", "B").withExternalId("dup"));
        assertThatThrownBy(() -> store.create(Customer.person("C", "D").withExternalId("dup")))
                .isInstanceOf(ConflictException.class);
        Customer other = store.create(Customer.person("E", "F")).customer();
        assertThatThrownBy(() -> store.replace(other.id(), Customer.person("E", "F").withExternalId("dup"), null))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void delete_removes_and_a_second_delete_is_not_found() {
        Customer c = store.create(Customer.person("A", "B")).customer();
        store.delete(c.id(), 1L);
        assertThatThrownBy(() -> store.get(c.id())).isInstanceOf(CustomerNotFoundException.class);
        assertThatThrownBy(() -> store.delete(c.id(), null)).isInstanceOf(CustomerNotFoundException.class);
    }

    /** Hears of every change it is asked about, noting the last name stored when it is told. */
    private static final class Recorder implements CustomerStore.ChangeListener {
        final List<String> asked = new ArrayList<>();
        final List<java.util.Set<String>> told = new ArrayList<>();
        final List<String> lastNamesWhenTold = new ArrayList<>();
        CustomerStore store;

        @Override
        public synchronized boolean wants(Customer before, Customer after) {
            asked.add(before.id() + (after == null ? " deleted" : " " + after.lastName()));
            return after == null || !after.lastName().equals("Unwanted");
        }

        @Override
        public synchronized void changed(java.util.Set<String> ids) {
            told.add(ids);
            ids.stream().sorted().forEach(id -> lastNamesWhenTold.add(store.find(id).map(Customer::lastName)
                    .orElse("gone")));
        }
    }

    @Test
    void the_change_listener_is_told_of_the_updates_and_deletes_it_wants_once_they_are_stored_and_of_no_create() {
        Recorder r = new Recorder();
        r.store = store;
        store.onChange(r);
        String a = store.create(Customer.person("Anna", "A")).customer().id();
        String b = store.upsertByExternalId("b", Customer.person("Bea", "B"), null).customer().id();
        assertThat(r.asked).isEmpty();

        store.replace(a, Customer.person("Anna", "A2"), null);
        store.replace(a, Customer.person("Anna", "A2"), null); // unchanged: nothing to tell
        store.replace(a, Customer.person("Anna", "Unwanted"), null); // asked, not wanted
        store.replace(a, Customer.person("Anna", "A3"), null);
        store.upsertByExternalId("b", Customer.person("Bea", "B2"), null);
        assertThat(r.told).containsExactly(java.util.Set.of(a), java.util.Set.of(a), java.util.Set.of(b));
        assertThat(r.lastNamesWhenTold).containsExactly("A2", "A3", "B2");
        assertThat(r.asked).containsExactly(a + " A2", a + " Unwanted", a + " A3", b + " B2");

        r.told.clear();
        store.updateEach(List.of(a, b), c -> c.withIdentity(c.id(), c.createdAt(), c.updatedAt(), c.version())
                .withCompany("Firm"));
        store.writeBatch(List.of(CustomerStore.BatchItem.of(Customer.person("Bea", "B3").withExternalId("b")),
                CustomerStore.BatchItem.of(Customer.person("New", "N"))));
        assertThat(r.told).containsExactly(java.util.Set.of(a, b), java.util.Set.of(b));

        // A staged batch (an import's) is told once its commit is awaited, and once only.
        r.told.clear();
        CustomerStore.PendingBatch staged = store.stageBatch(List.of(
                CustomerStore.BatchItem.of(Customer.person("Bea", "B4").withExternalId("b"))));
        assertThat(r.told).isEmpty();
        staged.commit().await();
        staged.awaitDurable();
        assertThat(r.told).containsExactly(java.util.Set.of(b));

        r.told.clear();
        Customer before = store.get(a);
        store.delete(a, null);
        store.restoreExactly(List.of(before), java.util.Map.of()); // back again: a create, nothing to tell
        Customer bNow = store.get(b);
        store.restoreExactly(List.of(bNow.withCompany("Other")), java.util.Map.of(b, bNow.version()));
        assertThat(r.told).containsExactly(java.util.Set.of(a), java.util.Set.of(b));
    }

    @Test
    void a_failing_change_listener_does_not_fail_the_write_it_is_told_of() {
        store.onChange(new CustomerStore.ChangeListener() {
            @Override
            public boolean wants(Customer before, Customer after) {
                return true;
            }

            @Override
            public void changed(java.util.Set<String> ids) {
                throw new IllegalStateException("review journal unavailable");
            }
        });
        String a = store.create(Customer.person("Anna", "A")).customer().id();
        assertThat(store.replace(a, Customer.person("Anna", "B"), null).outcome())
                .isEqualTo(WriteResult.Outcome.UPDATED);
        assertThat(store.get(a).lastName()).isEqualTo("B");
    }

    @Test
    void a_batch_stores_good_items_and_reports_bad_ones_and_resending_creates_no_duplicates() {
        List<CustomerStore.BatchItem> items = List.of(
                CustomerStore.BatchItem.of(Customer.person("A", "B").withExternalId("e1")),
                CustomerStore.BatchItem.of(Customer.person("C", "D").withEmails(List.of("nope"))),
                CustomerStore.BatchItem.of(Customer.person("E", "F").withExternalId("e2")),
                CustomerStore.BatchItem.of(Customer.person("A2", "B").withExternalId("e1")));
        List<CustomerStore.BatchResult> r = store.writeBatch(items);
        assertThat(r.get(0).result().created()).isTrue();
        assertThat(r.get(1).error()).isInstanceOf(ValidationException.class);
        assertThat(r.get(2).result().created()).isTrue();
        assertThat(r.get(3).result().customer().id()).isEqualTo(r.get(0).result().customer().id());
        store.writeBatch(items);
        index.refresh();
        assertThat(index.count()).isEqualTo(2);
        assertThat(store.findByExternalId("e1").orElseThrow().firstName()).isEqualTo("A2");
    }

    @Test
    void a_validated_item_is_written_without_validating_again_and_a_plain_one_is_validated() {
        // The store's clock says 2005, so its own validator finds a 2010 birthday in the future; the proof made by
        // a validator with today's clock is taken as it is, which shows the store did not check that item again.
        var clock2005 = java.time.Clock.fixed(java.time.Instant.parse("2005-06-01T00:00:00Z"),
                java.time.ZoneOffset.UTC);
        CustomerStore store2005 = new CustomerStore(index, clock2005);
        Customer born2010 = new Customer(null, null, dev.clientele.customer.Kind.PERSON, "Anna", "Kovács", null, null,
                null, null, null, null, null, null, null, null, null, java.time.LocalDate.of(2010, 3, 4), null, null,
                null, null, null, null, null, null, null, null, null, null, null, null);
        dev.clientele.customer.ValidCustomer valid = new dev.clientele.customer.CustomerValidator().check(born2010);

        List<CustomerStore.BatchResult> r = store2005.writeBatch(List.of(
                CustomerStore.BatchItem.of(valid), CustomerStore.BatchItem.of(born2010)));

        assertThat(r.get(0).error()).isNull();
        assertThat(store.get(r.get(0).result().customer().id()).birthday()).isEqualTo(born2010.birthday());
        assertThat(r.get(1).error()).isInstanceOf(ValidationException.class)
                .hasMessageContaining("birthday");
    }

    @Test
    void a_batch_item_refuses_a_proof_made_for_another_customer() {
        dev.clientele.customer.ValidCustomer valid =
                new dev.clientele.customer.CustomerValidator().check(Customer.person("A", "B"));
        assertThatThrownBy(() -> new CustomerStore.BatchItem(Customer.person("A", "B"), valid, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new CustomerStore.BatchItem(valid.customer(), valid, null, null).valid()).isSameAs(valid);
    }

    @Test
    void concurrent_conditional_updates_have_exactly_one_winner() throws Exception {
        Customer c = store.create(Customer.person("A", "B")).customer();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger wins = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int n = i;
            fs.add(pool.submit(() -> {
                go.await();
                try {
                    store.replace(c.id(), Customer.person("A", "B" + n), 1L);
                    wins.incrementAndGet();
                } catch (VersionConflictException e) {
                    conflicts.incrementAndGet();
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        assertThat(wins.get()).isEqualTo(1);
        assertThat(conflicts.get()).isEqualTo(7);
        assertThat(store.get(c.id()).version()).isEqualTo(2);
    }

    @Test
    void concurrent_unconditional_updates_lose_no_version() throws Exception {
        Customer c = store.create(Customer.person("A", "B")).customer();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int n = i;
            fs.add(pool.submit(() -> store.update(c.id(), cur -> Customer.person("A", "B" + n), null)));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        assertThat(store.get(c.id()).version()).isEqualTo(41);
    }

    @Test
    void concurrent_upserts_of_one_external_id_make_one_customer() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<WriteResult>> fs = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            int n = i;
            fs.add(pool.submit(() -> store.upsertByExternalId("same", Customer.person("A", "B" + n), null)));
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (Future<WriteResult> f : fs) {
            ids.add(f.get().customer().id());
        }
        pool.shutdown();
        assertThat(ids).hasSize(1);
        index.refresh();
        assertThat(index.count()).isEqualTo(1);
    }

    @Test
    void a_large_batch_written_in_parallel_lanes_keeps_the_last_line_per_customer() {
        List<CustomerStore.BatchItem> items = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            // 100 customers, each written 20 times; the last write of each must win.
            items.add(CustomerStore.BatchItem.of(Customer.person("N" + i, "L").withExternalId("k" + (i % 100))));
        }
        List<CustomerStore.BatchResult> results = store.writeBatch(items);
        assertThat(results).hasSize(2_000).allSatisfy(r -> assertThat(r.error()).isNull());
        index.refresh();
        assertThat(index.count()).isEqualTo(100);
        for (int k = 0; k < 100; k++) {
            assertThat(store.findByExternalId("k" + k).orElseThrow().firstName()).isEqualTo("N" + (1900 + k));
        }
    }
}
