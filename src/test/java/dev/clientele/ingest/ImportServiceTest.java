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
    private static class Recorder implements ImportService.Listener {
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
    void a_cancelled_import_stops_before_its_next_row_and_makes_every_row_it_read_durable() {
        Recorder listener = new Recorder(false) {
            int asked;

            @Override
            public boolean cancelled() {
                return ++asked > 13; // asked before each row: 13 rows are read
            }
        };
        ImportService service = new ImportService(store, 10, 4);

        ImportService.Result result = service.run(utf8(csv(25)), csvOptions(), listener);

        assertThat(result.cancelled()).isTrue();
        assertThat(result.report().rows()).isEqualTo(13);
        assertThat(result.report().imported()).isEqualTo(13);
        assertThat(listener.lastStored).isEqualTo(13);
        index.close(); // durable: a fresh open of the directory holds them, E1..E13 and nothing after
        index = CustomerIndex.open(dir);
        store = new CustomerStore(index);
        assertThat(index.count()).isEqualTo(13);
        assertThat(store.findByExternalId("E13")).isPresent();
        assertThat(store.findByExternalId("E14")).isEmpty();

        ImportService.Result whole = new ImportService(store, 10, 4).run(utf8(csv(25)), csvOptions(),
                new Recorder(false));
        assertThat(whole.cancelled()).isFalse();
        index.refresh();
        assertThat(index.count()).isEqualTo(25); // the re-run finishes it without duplicating the first 13
    }

    @Test
    void a_second_row_with_an_external_id_of_an_earlier_row_is_warned_about_naming_that_row() {
        // Row 4 repeats row 2's external id with another person: it replaces what row 2 wrote, which is only in the
        // history then. Nothing said so; a file with a copy-paste slip lost a customer without a word.
        String csv = "external_id,first_name,last_name\nK-1,Anna,Kovács\nK-2,Béla,Nagy\nK-1,Ödön,Őri\n";
        for (boolean dryRun : List.of(true, false)) {
            ImportService.Result result = new ImportService(store, 10, 4).run(utf8(csv),
                    new ImportService.Options(ImportFormat.CSV, StandardCharsets.UTF_8, null, Map.of(), dryRun),
                    new Recorder(false));
            assertThat(result.report().warnings()).as("dry run %s", dryRun).singleElement().satisfies(w -> {
                assertThat(w.row()).isEqualTo(4);
                assertThat(w.column()).isEqualTo("external_id");
                assertThat(w.message()).contains("K-1", "row 2");
            });
        }
        assertThat(store.findByExternalId("K-1"))
                .hasValueSatisfying(c -> assertThat(c.firstName()).isEqualTo("Ödön"));
    }

    @Test
    void thousands_of_distinct_external_ids_are_no_warning_and_a_repeat_among_them_is_one() {
        String csv = csv(3_000) + "E1500,Anna,Again,again@example.hu,Győr\n"; // row 3,002 repeats row 1,501
        ImportService.Result result = new ImportService(store, 1_000, 500).run(utf8(csv),
                new ImportService.Options(ImportFormat.CSV, StandardCharsets.UTF_8, null, Map.of(), true),
                new Recorder(false));
        assertThat(result.report().warnings()).singleElement().satisfies(w -> {
            assertThat(w.row()).isEqualTo(3_002);
            assertThat(w.message()).contains("'E1500' is on row 1501");
        });
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
        store.refuseErased(c -> List.of("E3", "E7", "E12").contains(c.externalId()) ? "external_id" : null);

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

    private ImportService.Result run(ImportFormat format, String text) {
        return new ImportService(store, ImportService.FILE_BATCH_SIZE).run(utf8(text), new ImportService.Options(format, StandardCharsets.UTF_8,
                null, Map.of(), false), ImportService.QUIET);
    }

    private Customer stored(String externalId) {
        return store.findByExternalId(externalId).orElseThrow();
    }

    private void storeFullCustomer() {
        run(ImportFormat.NDJSON, """
                {"external_id":"crm-7","first_name":"Семён","last_name":"Медведев","emails":["semen@example.ru"],\
                "phones":["+7 495 123-45-67","+7 916 000-11-22"],"tags":["vip"],"rep":"Anna Kovács",\
                "address":{"street":"Тверская 1","city":"Москва","postal_code":"125009","country":"RU"},\
                "purchases":[{"date":"2025-01-02","product":"A","amount":120,"currency":"RUB"}]}
                """);
    }

    @Test
    void a_file_with_some_columns_updates_only_those_and_leaves_every_other_field_alone() {
        storeFullCustomer();
        ImportService.Result r = run(ImportFormat.CSV, "external_id,email,city\ncrm-7,new@example.ru,Тула\n");
        assertThat(r.report().imported()).isEqualTo(1);
        Customer c = stored("crm-7");
        assertThat(c.emails()).containsExactly("new@example.ru");
        assertThat(c.address().city()).isEqualTo("Тула");
        assertThat(c.address().street()).isEqualTo("Тверская 1");
        assertThat(c.address().postalCode()).isEqualTo("125009");
        assertThat(c.firstName()).isEqualTo("Семён");
        assertThat(c.phones()).hasSize(2);
        assertThat(c.tags()).containsExactly("vip");
        assertThat(c.rep()).isEqualTo("Anna Kovács");
        assertThat(c.purchases()).hasSize(1);
        assertThat(c.lifetimeSpend()).isEqualByComparingTo("120");
        assertThat(c.version()).isEqualTo(2);
        // A blank cell in a column the file has clears that field; a re-run changes nothing.
        assertThat(run(ImportFormat.CSV, "external_id;rep;city\ncrm-7;;Тула\n").report().errors()).isEmpty();
        assertThat(stored("crm-7").rep()).isNull();
        assertThat(stored("crm-7").address().city()).isEqualTo("Тула");
        run(ImportFormat.CSV, "external_id;rep;city\ncrm-7;;Тула\n");
        assertThat(stored("crm-7").version()).isEqualTo(3);
    }

    @Test
    void an_ndjson_line_or_a_vcard_updates_the_fields_it_has() {
        storeFullCustomer();
        assertThat(run(ImportFormat.NDJSON, "{\"external_id\":\"crm-7\",\"tags\":[\"gold\"],\"address\":{\"city\":\"Тула\"}}\n")
                .report().errors()).isEmpty();
        Customer c = stored("crm-7");
        assertThat(c.tags()).containsExactly("gold");
        // An NDJSON address is one object: the parts it lacks are cleared.
        assertThat(c.address().city()).isEqualTo("Тула");
        assertThat(c.address().street()).isNull();
        assertThat(c.emails()).containsExactly("semen@example.ru");
        assertThat(c.purchases()).hasSize(1);

        run(ImportFormat.VCARD, """
                BEGIN:VCARD
                VERSION:3.0
                UID:crm-7
                FN:Семён Медведев
                N:Медведев;Семён;;;
                TEL;TYPE=CELL:+7 999 555-44-33
                END:VCARD
                """);
        Customer v = stored("crm-7");
        assertThat(v.phones()).containsExactly("+7 999 555-44-33");
        assertThat(v.emails()).containsExactly("semen@example.ru");
        assertThat(v.tags()).containsExactly("gold");
        assertThat(v.purchases()).hasSize(1);
    }

    @Test
    void a_file_with_every_column_still_replaces_the_whole_customer() {
        storeFullCustomer();
        StringBuilder header = new StringBuilder();
        StringBuilder row = new StringBuilder();
        for (String f : ColumnMapping.FIELDS) {
            header.append(header.isEmpty() ? "" : ",").append(f);
            row.append(row.isEmpty() ? "" : ",").append(switch (f) {
                case "external_id" -> "crm-7";
                case "first_name" -> "Semyon";
                default -> "";
            });
        }
        run(ImportFormat.CSV, header + "\n" + row + "\n");
        Customer c = stored("crm-7");
        assertThat(c.firstName()).isEqualTo("Semyon");
        assertThat(c.lastName()).isNull();
        assertThat(c.phones()).isEmpty();
        assertThat(c.purchases()).isEmpty();
    }
}
