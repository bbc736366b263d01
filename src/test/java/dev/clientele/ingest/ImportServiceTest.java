package dev.clientele.ingest;

import static dev.clientele.ingest.TestCustomers.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clientele.customer.Customer;
import dev.clientele.index.CustomerIndex;
import dev.clientele.store.CustomerStore;
import dev.clientele.testing.TestCsv;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How an import writes: chunks to the index, a commit per batch, rows counted as stored only after it. */
class ImportServiceTest {
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

    private static String csv(int rows) {
        return TestCsv.numbered("E", rows);
    }

    private static ImportService.Options csvOptions() {
        return new ImportService.Options(ImportFormat.CSV, StandardCharsets.UTF_8, null, Map.of(), false);
    }

    /** Records what an import reports as durable. */
    private static final class Recorder implements ImportService.Listener {
        final boolean wants;
        final List<List<String>> stored = new ArrayList<>();
        long lastStored;

        Recorder(boolean wants) {
            this.wants = wants;
        }

        @Override
        public void bytesRead(long bytes) {
        }

        @Override
        public void rows(long read, long stored, long rejected) {
            assertThat(stored).isGreaterThanOrEqualTo(lastStored);
            lastStored = stored;
        }

        @Override
        public void stored(List<Customer> customers) {
            this.stored.add(customers.stream().map(Customer::externalId).toList());
        }

        @Override
        public boolean wantsStored() {
            return wants;
        }
    }

    @Test
    void a_batch_of_several_chunks_is_acknowledged_as_one_after_its_commit() {
        Recorder listener = new Recorder(true);
        ImportService service = new ImportService(store, 10, 4);

        ImportService.Result result = service.run(utf8(csv(25)), csvOptions(), listener);

        assertThat(result.report().imported()).isEqualTo(25);
        assertThat(listener.stored).extracting(List::size).containsExactly(10, 10, 5);
        assertThat(listener.stored.get(0)).containsExactly("E1", "E2", "E3", "E4", "E5", "E6", "E7", "E8", "E9",
                "E10");
        assertThat(listener.lastStored).isEqualTo(25);
        index.refresh();
        assertThat(index.count()).isEqualTo(25);
        assertThat(index.commitCount()).isBetween(1L, 3L);
    }

    @Test
    void customers_are_not_kept_for_a_listener_that_does_not_want_them() {
        Recorder listener = new Recorder(false);

        ImportService.Result result = new ImportService(store, 10, 4).run(utf8(csv(25)), csvOptions(), listener);

        assertThat(result.report().imported()).isEqualTo(25);
        assertThat(listener.stored).isEmpty();
    }

    @Test
    void rows_the_store_refuses_keep_their_row_numbers_across_chunks_and_batches() {
        // Rows 3, 7 and 12 of the data (file lines 4, 8 and 13) match "erased" people.
        store.refuseErased(c -> List.of("E3", "E7", "E12").contains(c.externalId()));

        ImportService.Result result = new ImportService(store, 5, 2).run(utf8(csv(13)), csvOptions(),
                ImportService.QUIET);

        ImportReport report = result.report();
        assertThat(report.imported()).isEqualTo(10);
        assertThat(report.rejected()).isEqualTo(3);
        assertThat(report.errors()).extracting(RowError::row).containsExactly(4, 8, 13);
        assertThat(report.errors()).allSatisfy(e -> assertThat(e.message()).contains("erased"));
        index.refresh();
        assertThat(index.count()).isEqualTo(10);
    }

    @Test
    void a_re_run_of_the_same_file_updates_instead_of_duplicating() {
        ImportService service = new ImportService(store, 10, 4);
        service.run(utf8(csv(25)), csvOptions(), ImportService.QUIET);

        ImportService.Result again = service.run(utf8(csv(25)), csvOptions(), ImportService.QUIET);

        assertThat(again.report().imported()).isEqualTo(25);
        index.refresh();
        assertThat(index.count()).isEqualTo(25);
    }
}
