package dev.clientele.ingest;

import static dev.clientele.ingest.TestCustomers.clean;
import static dev.clientele.ingest.TestCustomers.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clientele.customer.Customer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvExporterTest {

    private static byte[] export(List<Customer> customers, List<String> columns, boolean bom) {
        var out = new ByteArrayOutputStream();
        try (var w = CsvExporter.open(out, columns, bom)) {
            customers.forEach(w::write);
        }
        return out.toByteArray();
    }

    @Test
    void writes_a_bom_a_canonical_header_and_crlf_line_ends() {
        byte[] bytes = export(List.of(clean(Customer.person("Anna", "Kovács"))), CsvExporter.ALL_COLUMNS, true);

        assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
        String text = new String(bytes, StandardCharsets.UTF_8).substring(1);
        assertThat(text).startsWith(String.join(",", ColumnMapping.FIELDS) + "\r\n");
        assertThat(text.split("\r\n")).hasSize(2);
        assertThat(text).doesNotContain("\r\r").endsWith("\r\n");
    }

    @Test
    void writes_only_the_chosen_columns_in_the_chosen_order_without_bom() {
        Customer c = clean(Customer.person("Anna", "Kovács").withEmails(List.of("a@example.hu", "b@example.hu")));
        String text = new String(export(List.of(c), List.of("emails", "first_name"), false), StandardCharsets.UTF_8);
        assertThat(text).isEqualTo("emails,first_name\r\na@example.hu; b@example.hu,Anna\r\n");
    }

    @Test
    void writes_the_server_made_id_as_a_column_when_asked() {
        Customer c = clean(Customer.person("Anna", "Kovács")).withId("c1");
        String text = new String(export(List.of(c), List.of("id", "first_name"), false), StandardCharsets.UTF_8);
        assertThat(text).isEqualTo("id,first_name\r\nc1,Anna\r\n");
    }

    @Test
    void an_export_of_no_customers_still_has_the_header() {
        String text = new String(export(List.of(), List.of("first_name", "emails"), false), StandardCharsets.UTF_8);
        assertThat(text).isEqualTo("first_name,emails\r\n");
    }

    @Test
    void rejects_unknown_columns() {
        assertThatThrownBy(() -> CsvExporter.open(new ByteArrayOutputStream(), List.of("first_name", "nickname"),
                false)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nickname'");
    }

    @Test
    void neutralises_cells_a_spreadsheet_would_run_as_formulas() {
        Customer attack = clean(Customer.person("=HYPERLINK(\"http://evil.example\")", "@SUM(1+1)")
                .withCompany("-2+3").withPhones(List.of("+36 1 234 5678")));
        String text = new String(export(List.of(attack), List.of("first_name", "last_name", "company", "phones"),
                false), StandardCharsets.UTF_8);

        assertThat(text.split("\r\n")[1])
                .isEqualTo("\"'=HYPERLINK(\"\"http://evil.example\"\")\",'@SUM(1+1),'-2+3,'+36 1 234 5678");
    }

    @Test
    void export_then_import_loses_no_field() {
        List<Customer> customers = new java.util.ArrayList<>(List.of(clean(TestCustomers.everyField()),
                clean(TestCustomers.hungarianCompany())));
        TestCustomers.formulaLikeAndNameless().forEach(c -> customers.add(clean(c)));
        byte[] bytes = export(customers, CsvExporter.ALL_COLUMNS, true);

        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).contains("\"'=SUM(A1:A9)\n").contains("'+7 495 123-45-67; '-12 345; '+36 30 123 4567")
                .contains(",vip; '@partner; опт,")
                .contains("\"'@mention first\n-dash line\"");

        List<ImportRow> rows = readAll(CsvImporter.open(new ByteArrayInputStream(bytes)));
        assertThat(rows).allSatisfy(r -> assertThat(r.errors()).isEmpty());
        assertThat(rows).extracting(ImportRow::customer)
                .usingRecursiveFieldByFieldElementComparatorIgnoringFields("id", "createdAt", "updatedAt", "version")
                .containsExactlyElementsOf(customers);
    }

    @Test
    void formula_guard_round_trips_apostrophes_and_triggers_exactly() {
        for (String value : List.of("=1", "+1", "-", "@x", "\tx", "'=1", "''+x", "'plain", "plain", "'", "'-", "")) {
            String escaped = FormulaGuard.escape(value);
            assertThat(FormulaGuard.unescape(escaped)).as(value).isEqualTo(value);
            assertThat(escaped).as(value).doesNotStartWith("=").doesNotStartWith("+").doesNotStartWith("-")
                    .doesNotStartWith("@").doesNotStartWith("\t");
        }
    }
}
