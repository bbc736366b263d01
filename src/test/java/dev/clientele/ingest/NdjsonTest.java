package dev.clientele.ingest;

import static dev.clientele.ingest.TestCustomers.clean;
import static dev.clientele.ingest.TestCustomers.readAll;
import static dev.clientele.ingest.TestCustomers.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clientele.customer.Customer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class NdjsonTest {

    @Test
    void export_then_import_loses_no_field() {
        List<Customer> customers = new java.util.ArrayList<>(List.of(
                clean(TestCustomers.everyField()).withId("01J00000000000000000000000"),
                clean(TestCustomers.hungarianCompany())));
        TestCustomers.formulaLikeAndNameless().forEach(c -> customers.add(clean(c)));
        var out = new ByteArrayOutputStream();
        try (var w = NdjsonExporter.open(out)) {
            customers.forEach(w::write);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text.split("\n")).hasSize(4);

        List<ImportRow> rows = readAll(NdjsonImporter.open(new ByteArrayInputStream(out.toByteArray())));

        assertThat(rows).extracting(ImportRow::row).containsExactly(1, 2, 3, 4);
        assertThat(rows).flatExtracting(ImportRow::errors).isEmpty();
        assertThat(rows).extracting(ImportRow::customer)
                .usingRecursiveFieldByFieldElementComparatorIgnoringFields("id", "createdAt", "updatedAt", "version")
                .containsExactlyElementsOf(customers);
        assertThat(rows.get(0).customer().id()).as("ids are the server's to assign").isNull();
    }

    @Test
    void reports_each_bad_line_with_its_number_and_json_path_and_skips_blank_lines() {
        String ndjson = """
                {"first_name":"Anna"}

                {"first_name":"Bob","address":{"country":"HU","planet":"Mars"}}
                not json at all
                {"first_name":"Carl","emails":["c@example.com","nope"]}
                {"first_name":"Dora","address":{"country":7}}
                {"first_name":"Eve"}
                """;
        List<ImportRow> rows = readAll(NdjsonImporter.open(utf8(ndjson)));

        assertThat(rows).extracting(ImportRow::row).containsExactly(1, 3, 4, 5, 6, 7);
        assertThat(rows).extracting(ImportRow::ok).containsExactly(true, false, false, false, false, true);
        assertThat(rows.get(1).errors()).singleElement().extracting(RowError::column).isEqualTo("address.planet");
        assertThat(rows.get(2).errors()).singleElement().satisfies(e -> {
            assertThat(e.column()).isNull(); // the whole line
            assertThat(e.message()).startsWith("is not valid JSON");
        });
        assertThat(rows.get(3).errors()).containsExactly(new RowError(5, "emails[1]", "is not an email address"));
        assertThat(rows.get(4).errors()).singleElement().extracting(RowError::column).isEqualTo("address.country");
    }

    @Test
    void a_byte_order_mark_before_a_blank_first_line_is_not_a_bad_line() {
        List<ImportRow> rows = readAll(NdjsonImporter.open(utf8("\uFEFF\r\n{\"first_name\":\"Anna\"}\r\n")));
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.errors()).isEmpty();
            assertThat(r.row()).isEqualTo(2);
        });
    }

    @Test
    void explains_a_bad_line_in_words_not_in_jackson_class_names() {
        String ndjson = "\uFEFF{\"first_name\":\"Anna\",\"nickname\":\"Ani\"}\r\n"
                + "{\"first_name\":\"Bob\",\"birthday\":\"31.12.1980\"}\r\n"
                + "{\"first_name\":\"Carl\",\"gender\":\"robot\"}\r\n"
                + "[{\"first_name\":\"Dora\"}]\r\n"
                + "{\"first_name\":\"Eve\",\"emails\":{\"work\":\"e@example.com\"}}\r\n"
                + "{\"first_name\":\"Finn\"}\r\n";
        List<ImportRow> rows = readAll(NdjsonImporter.open(utf8(ndjson)));

        assertThat(rows).extracting(ImportRow::ok).containsExactly(false, false, false, false, false, true);
        assertThat(rows).flatExtracting(ImportRow::errors).extracting(RowError::message)
                .allSatisfy(m -> assertThat(m).doesNotContain("dev.clientele", "java.", "`", "known properties"));
        assertThat(rows.get(0).errors()).containsExactly(new RowError(1, "nickname", "unknown field 'nickname'"));
        assertThat(rows.get(1).errors()).singleElement().satisfies(e -> {
            assertThat(e.column()).isEqualTo("birthday");
            assertThat(e.message()).contains("\"31.12.1980\"", "2024-05-31");
        });
        assertThat(rows.get(2).errors()).singleElement().satisfies(e -> {
            assertThat(e.column()).isEqualTo("gender");
            assertThat(e.message()).contains("robot");
        });
        assertThat(rows.get(3).errors()).singleElement().satisfies(e ->
                assertThat(e.message()).contains("not a JSON object"));
        assertThat(rows.get(4).errors()).singleElement().satisfies(e -> {
            assertThat(e.column()).isEqualTo("emails");
            assertThat(e.message()).contains("wrong type", "a list");
        });
        assertThat(rows.get(5).customer().firstName()).isEqualTo("Finn");
    }

    @Test
    void a_file_s_numbers_where_text_belongs_are_read_as_their_text_but_true_is_not() throws Exception {
        // Other programs' exports write customer numbers, postal codes and phones as JSON numbers.
        String ndjson = "{\"external_id\":4711,\"first_name\":\"Anna\",\"phones\":[3612345678],"
                + "\"address\":{\"postal_code\":1011,\"country\":\"HU\"}}\n"
                + "{\"first_name\":\"Béla\",\"company\":true}\n";
        List<ImportRow> rows = readAll(NdjsonImporter.open(utf8(ndjson)));

        Customer anna = rows.get(0).customer();
        assertThat(anna.externalId()).isEqualTo("4711");
        assertThat(anna.phones()).containsExactly("3612345678");
        assertThat(anna.address().postalCode()).isEqualTo("1011");
        assertThat(rows.get(1).ok()).isFalse();
        assertThat(rows.get(1).errors()).singleElement().satisfies(e -> {
            assertThat(e.column()).isEqualTo("company");
            assertThat(e.message()).contains("wrong type");
        });
    }
}
