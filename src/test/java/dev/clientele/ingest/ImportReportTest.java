package dev.clientele.ingest;

import static dev.clientele.ingest.TestCustomers.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clientele.customer.Customer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImportReportTest {

    @Test
    void counts_rows_hands_valid_customers_to_the_sink_and_collects_errors() {
        List<Customer> imported = new ArrayList<>();
        ImportReport report = ImportReport.run(CsvImporter.open(fixture("mixed_rows.csv")), imported::add);

        // The reader's view: A5 (an external id and a note) may update A5's note; the store decides whether it may
        // create a customer on its own (ImportApiTest).
        assertThat(report.rows()).isEqualTo(7);
        assertThat(report.imported()).isEqualTo(3);
        assertThat(report.rejected()).isEqualTo(4);
        assertThat(report.errorCount()).isEqualTo(5);
        assertThat(report.errors()).extracting(RowError::row).containsExactly(3, 5, 6, 8, 8);
        assertThat(report.errorsTruncated()).isFalse();
        assertThat(imported).extracting(Customer::externalId).containsExactly("A1", "A5", "A7");
    }

    @Test
    void keeps_warnings_from_the_reader() {
        ImportReport report = ImportReport.run(VcardImporter.open(fixture("apple.vcf")), c -> { });
        assertThat(report.warnings()).extracting(RowError::column).containsExactly("BDAY");
    }

    @Test
    void picks_the_format_from_the_file_name() {
        assertThat(ImportFormat.fromFileName("Kontakte.CSV")).isEqualTo(ImportFormat.CSV);
        assertThat(ImportFormat.fromFileName("export.tsv")).isEqualTo(ImportFormat.CSV);
        assertThat(ImportFormat.fromFileName("dump.ndjson")).isEqualTo(ImportFormat.NDJSON);
        assertThat(ImportFormat.fromFileName("dump.jsonl")).isEqualTo(ImportFormat.NDJSON);
        assertThat(ImportFormat.fromFileName("contacts.vcf")).isEqualTo(ImportFormat.VCARD);
        assertThatThrownBy(() -> ImportFormat.fromFileName("contacts.pdf"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contacts.pdf");
        try (CustomerReader reader = ImportFormat.VCARD.open(fixture("google.vcf"),
                CsvImporter.Options.defaults())) {
            assertThat(reader).isInstanceOf(VcardImporter.class);
            assertThat(reader.next().customer().lastName()).isEqualTo("Jones");
        }
    }
}
