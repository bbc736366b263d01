package dev.clientele.ingest;

import static dev.clientele.ingest.TestCustomers.fixture;
import static dev.clientele.ingest.TestCustomers.readAll;
import static dev.clientele.ingest.TestCustomers.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clientele.customer.Customer;
import dev.clientele.customer.Gender;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvImporterTest {
    private static final Charset WINDOWS_1250 = Charset.forName("windows-1250");
    private static final Charset WINDOWS_1251 = Charset.forName("windows-1251");

    private static List<ImportRow> read(String csv) {
        return readAll(CsvImporter.open(utf8(csv)));
    }

    private static Customer only(List<ImportRow> rows) {
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).errors()).isEmpty();
        return rows.get(0).customer();
    }

    @Test
    void reads_a_canonical_comma_file() {
        Customer c = only(read("first_name,last_name,emails,country\nAnna,Kovács,anna@example.hu,HU\n"));
        assertThat(c.firstName()).isEqualTo("Anna");
        assertThat(c.lastName()).isEqualTo("Kovács");
        assertThat(c.emails()).containsExactly("anna@example.hu");
        assertThat(c.address().country()).isEqualTo("HU");
    }

    @Test
    void strips_a_utf8_byte_order_mark_from_the_first_header() {
        try (CsvImporter importer = CsvImporter.open(utf8("\uFEFFfirst_name,last_name\nAnna,Kovács\n"))) {
            assertThat(importer.mapping().fields()).containsEntry("first_name", "first_name");
            assertThat(importer.next().customer().firstName()).isEqualTo("Anna");
        }
    }

    @Test
    void detects_semicolon_and_tab_delimiters() {
        try (CsvImporter semi = CsvImporter.open(utf8("first_name;last_name;notes\nAnna;Kovács;\"a, b\"\n"))) {
            assertThat(semi.delimiter()).isEqualTo(';');
            assertThat(semi.next().customer().notes()).isEqualTo("a, b");
        }
        try (CsvImporter tab = CsvImporter.open(utf8("first_name\tlast_name\tnotes\nAnna\tKovács\ta; b, c\n"))) {
            assertThat(tab.delimiter()).isEqualTo('\t');
            assertThat(tab.next().customer().notes()).isEqualTo("a; b, c");
        }
    }

    @Test
    void reports_bad_rows_with_spreadsheet_row_numbers_and_source_columns_and_keeps_going() {
        List<ImportRow> rows = readAll(CsvImporter.open(fixture("mixed_rows.csv")));

        assertThat(rows).extracting(ImportRow::row).containsExactly(2, 3, 5, 6, 7, 8, 9);
        assertThat(rows).extracting(ImportRow::line).containsExactly(2, 3, 6, 7, 8, 9, 10);
        // Row 7 (A5: an external id and a note) is fine as an update of A5's note; whether it may create a customer
        // of its own is the store's question (ImportServiceTest, ImportApiTest).
        assertThat(rows).extracting(ImportRow::ok).containsExactly(true, false, false, false, true, false, true);
        assertThat(rows.get(4).valid().partial()).isTrue();
        assertThat(rows.get(0).valid().partial()).isTrue();
        assertThat(rows.get(1).errors()).containsExactly(
                new RowError(3, "emails", "'not-an-email' is not an email address"));
        assertThat(rows.get(2).errors()).containsExactly(
                new RowError(5, "birthday", "'31.02.1990' is not a valid date"));
        assertThat(rows.get(3).errors()).containsExactly(
                new RowError(6, "country", "is not an ISO 3166-1 alpha-2 country code"));
        assertThat(rows.get(5).errors()).containsExactlyInAnyOrder(
                new RowError(8, "birthday", "'2024-13-01' is not a valid date"),
                new RowError(8, "emails", "'bad@' is not an email address"));
        assertThat(rows.get(0).customer().address().country()).isEqualTo("HU");
        assertThat(rows.get(6).customer().address().country()).isEqualTo("SE");
    }

    @Test
    void a_row_with_more_cells_than_the_header_is_rejected_rather_than_read_shifted() {
        // "Frankfurt, Main" unquoted makes six cells of five columns: read by position, the city was "Frankfurt",
        // the note " Main" and "likes tea" was dropped, all without a word. Empty cells after the last column (a
        // trailing delimiter) hold nothing and are no reason to refuse a row.
        List<ImportRow> rows = read("external_id,first_name,last_name,city,notes\n"
                + "x1,Anna,Smith,Frankfurt, Main,likes tea\n"
                + "x2,Bob,Lee,Berlin,ok,,\n");
        assertThat(rows).extracting(ImportRow::ok).containsExactly(false, true);
        assertThat(rows.get(0).errors()).singleElement().satisfies(e -> {
            assertThat(e.row()).isEqualTo(2);
            assertThat(e.message()).contains("6 cells", "5 columns", "quote");
        });
        assertThat(rows.get(1).customer().notes()).isEqualTo("ok");
    }

    @Test
    void an_unclosed_quote_fails_the_file_naming_the_row_where_it_started() {
        String csv = "first_name,notes\nAnna,ok\nBob,\"never closed\nCarl,x\nDora,y\n";
        try (CsvImporter importer = CsvImporter.open(utf8(csv))) {
            assertThat(importer.next().ok()).isTrue();
            assertThatThrownBy(importer::next)
                    .isInstanceOfSatisfying(ImportException.class, e -> {
                        assertThat(e.row()).isEqualTo(3);
                        assertThat(e.column()).isEqualTo("notes");
                    })
                    .hasMessageContaining("row 3 (line 3), column notes,")
                    .hasMessageContaining("never closed");
        }
    }

    @Test
    void a_file_without_a_usable_header_fails_at_row_1() {
        assertThatThrownBy(() -> CsvImporter.open(utf8("Anna,Kovács,anna@example.hu\nBob,Smith,b@example.com\n")))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.row()).isEqualTo(1))
                .hasMessageContaining("no usable header");
        assertThatThrownBy(() -> CsvImporter.open(utf8("")))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.row()).isEqualTo(1));
    }

    @Test
    void invalid_utf8_bytes_reject_only_their_row_and_name_the_column() throws Exception {
        var bytes = new ByteArrayOutputStream();
        bytes.write("first_name,last_name\nAnna,Kovács\nM".getBytes(StandardCharsets.UTF_8));
        bytes.write(0xE1); // "á" in Windows-1250/1252: not UTF-8
        bytes.write("rton,Nagy\nBob,Smith\n".getBytes(StandardCharsets.UTF_8));

        List<ImportRow> rows = readAll(CsvImporter.open(new ByteArrayInputStream(bytes.toByteArray())));

        assertThat(rows).extracting(ImportRow::ok).containsExactly(true, false, true);
        assertThat(rows.get(1).errors()).singleElement().satisfies(e -> {
            assertThat(e.row()).isEqualTo(3);
            assertThat(e.column()).isEqualTo("first_name");
            assertThat(e.message()).contains("not valid UTF-8");
        });
    }

    @Test
    void reads_a_windows_1250_hungarian_file_with_or_without_the_charset() {
        byte[] file = "Vezetéknév;Keresztnév;Cég;Település;Ország\r\nKovács;Márton;Őrség Kft.;Győr;Magyarország\r\n"
                .getBytes(WINDOWS_1250);

        Customer c = only(readAll(CsvImporter.open(new ByteArrayInputStream(file),
                CsvImporter.Options.defaults().withCharset(WINDOWS_1250))));

        assertThat(c.lastName()).isEqualTo("Kovács");
        assertThat(c.firstName()).isEqualTo("Márton");
        assertThat(c.company()).isEqualTo("Őrség Kft.");
        assertThat(c.address().city()).isEqualTo("Győr");
        assertThat(c.address().country()).isEqualTo("HU");
        // Sent without a charset: it was refused ("the header is not valid UTF-8"); the code page is told from the bytes.
        try (CsvImporter importer = CsvImporter.open(new ByteArrayInputStream(file))) {
            Customer again = only(importer.stream().toList());
            assertThat(again.company()).isEqualTo("Őrség Kft.");
            assertThat(again.address().city()).isEqualTo("Győr");
            assertThat(importer.warnings()).singleElement().satisfies(w -> {
                assertThat(w.row()).isEqualTo(1);
                assertThat(w.message()).contains("not UTF-8", "windows-1250");
            });
        }
    }

    @Test
    void tells_windows_1251_and_1252_files_sent_without_a_charset_from_utf8() {
        byte[] russian = ("Фамилия;Имя;Email;Телефон\r\nИванов;Иван;ivan@mail.example;+7 495 123-45-67\r\n"
                + "Смирнова;Ольга;olga@mail.example;+7 916 000-00-01\r\n").getBytes(WINDOWS_1251);
        List<ImportRow> rows = readAll(CsvImporter.open(new ByteArrayInputStream(russian)));
        assertThat(rows).extracting(r -> r.customer().lastName()).containsExactly("Иванов", "Смирнова");

        byte[] german = "Vorname;Nachname;Straße;Ort\r\nJürgen;Müller;Königsallee 1;Düsseldorf\r\n"
                .getBytes(Charset.forName("windows-1252"));
        Customer c = only(readAll(CsvImporter.open(new ByteArrayInputStream(german))));
        assertThat(c.firstName()).isEqualTo("Jürgen");
        assertThat(c.address().street()).isEqualTo("Königsallee 1");

        // UTF-8 with one stray byte stays UTF-8: only that row is rejected (invalid_utf8_bytes_reject_only_their_row…).
        for (String text : List.of("Kovács Márton", "plain ascii")) {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            assertThat(LegacyCharset.detect(b, b.length)).as(text).isNull();
        }
    }

    @Test
    void reads_a_windows_1251_russian_file_keeping_the_patronymic_in_the_first_name() {
        byte[] file = "Фамилия;Имя;Отчество;Город;Страна\r\nИванов;Иван;Петрович;Москва;Россия\r\n"
                .getBytes(WINDOWS_1251);

        Customer c = only(readAll(CsvImporter.open(new ByteArrayInputStream(file),
                CsvImporter.Options.defaults().withCharset(WINDOWS_1251))));

        assertThat(c.lastName()).isEqualTo("Иванов");
        assertThat(c.firstName()).isEqualTo("Иван Петрович");
        assertThat(c.address().city()).isEqualTo("Москва");
        assertThat(c.address().country()).isEqualTo("RU");
    }

    @Test
    void reads_a_google_contacts_export() {
        Customer c = only(readAll(CsvImporter.open(fixture("google.csv"))));
        assertThat(c.firstName()).isEqualTo("Mary Ann");
        assertThat(c.lastName()).isEqualTo("Jones");
        assertThat(c.company()).isEqualTo("Acme Ltd");
        assertThat(c.position()).isEqualTo("Buyer");
        assertThat(c.emails()).containsExactly("mary@acme.example", "mary.jones@example.com");
        assertThat(c.phones()).containsExactly("+44 20 7946 0000", "+44 7700 900123");
        assertThat(c.address().street()).isEqualTo("1 High Street");
        assertThat(c.address().postalCode()).isEqualTo("SW1A 1AA");
        assertThat(c.address().country()).isEqualTo("GB");
        assertThat(c.birthday()).isEqualTo(LocalDate.of(1975, 3, 14));
        assertThat(c.tags()).containsExactly("VIP");
    }

    @Test
    void reads_an_outlook_export_and_warns_once_about_unknown_columns() {
        try (CsvImporter importer = CsvImporter.open(fixture("outlook.csv"))) {
            Customer c = only(importer.stream().toList());
            assertThat(c.gender()).isEqualTo(Gender.MALE);
            assertThat(c.firstName()).isEqualTo("John");
            assertThat(c.lastName()).isEqualTo("Smith");
            assertThat(c.company()).isEqualTo("Contoso");
            assertThat(c.position()).isEqualTo("Account Manager");
            assertThat(c.phones()).containsExactly("+1 425 555 0100", "+1 425 555 0199");
            assertThat(c.emails()).containsExactly("john@contoso.example", "jsmith@example.com");
            assertThat(c.address().street()).isEqualTo("1 Microsoft Way");
            assertThat(c.address().region()).isEqualTo("WA");
            assertThat(c.address().country()).isEqualTo("US");
            assertThat(c.birthday()).isNull();
            assertThat(c.website()).isEqualTo("www.contoso.example");
            assertThat(c.tags()).containsExactly("Customers", "Key");
            assertThat(importer.warnings()).containsExactly(
                    new RowError(1, "Suffix", "unknown column; ignored"),
                    new RowError(1, "Department", "unknown column; ignored"));
        }
    }

    @Test
    void reads_a_full_outlook_export_whose_gender_column_says_unspecified() {
        // Outlook's own header, all 88 columns; it writes "Unspecified" as the gender of every contact nobody set.
        List<ImportRow> rows = readAll(CsvImporter.open(fixture("outlook_full.csv")));
        assertThat(rows).allSatisfy(r -> assertThat(r.errors()).isEmpty());
        Customer jane = rows.get(0).customer();
        assertThat(jane.gender()).isNull();
        assertThat(jane.birthday()).isEqualTo(LocalDate.of(1980, 5, 31));
        assertThat(jane.address().city()).isEqualTo("Seattle");
        assertThat(jane.address().country()).isEqualTo("US");
        Customer hans = rows.get(1).customer();
        assertThat(hans.gender()).isEqualTo(Gender.MALE);
        assertThat(hans.address().street()).isEqualTo("Hauptstraße 5");
        assertThat(hans.address().country()).isEqualTo("DE");
    }

    @Test
    void reads_a_german_outlook_export_in_windows_1252() {
        List<ImportRow> rows = readAll(CsvImporter.open(fixture("outlook_de.csv"),
                CsvImporter.Options.defaults().withCharset(Charset.forName("windows-1252"))));
        Customer c = only(rows);
        assertThat(c.firstName()).isEqualTo("Jutta Maria");
        assertThat(c.lastName()).isEqualTo("Weiß");
        assertThat(c.gender()).isEqualTo(Gender.FEMALE); // from "Frau": the gender column says "Nicht angegeben"
        assertThat(c.company()).isEqualTo("Müller & Söhne GmbH");
        assertThat(c.position()).isEqualTo("Einkäuferin");
        assertThat(c.address().street()).isEqualTo("Königsallee 12");
        assertThat(c.address().city()).isEqualTo("Düsseldorf");
        assertThat(c.address().region()).isEqualTo("Nordrhein-Westfalen");
        assertThat(c.address().postalCode()).isEqualTo("40212");
        assertThat(c.address().country()).isEqualTo("DE");
        assertThat(c.phones()).containsExactly("+49 211 123456", "+49 171 2345678");
        assertThat(c.emails()).containsExactly("j.weiss@mueller-soehne.example");
        assertThat(c.birthday()).isNull();
        assertThat(c.tags()).containsExactly("Kunden", "Messe");
        assertThat(c.notes()).isEqualTo("Rückruf erwünscht");
    }

    @Test
    void reads_a_german_file_where_name_next_to_vorname_is_the_surname() {
        Customer c = only(readAll(CsvImporter.open(fixture("de.csv"))));
        assertThat(c.gender()).isEqualTo(Gender.FEMALE);
        assertThat(c.firstName()).isEqualTo("Anna");
        assertThat(c.lastName()).isEqualTo("Müller");
        assertThat(c.company()).isEqualTo("Müller & Söhne GmbH");
        assertThat(c.position()).isEqualTo("Geschäftsführerin");
        assertThat(c.phones()).containsExactly("+49 30 1234567", "+49 170 1234567");
        assertThat(c.address()).isEqualTo(new dev.clientele.customer.Address("Hauptstraße 5a", "Berlin", "Berlin",
                "10115", "DE"));
        assertThat(c.industry()).isEqualTo("Handel");
        assertThat(c.birthday()).isEqualTo(LocalDate.of(1980, 5, 31));
        assertThat(c.notes()).isEqualTo("Rückruf erwünscht");
    }

    @Test
    void reads_a_hungarian_file_splitting_nev_family_first() {
        Customer c = only(readAll(CsvImporter.open(fixture("hu.csv"))));
        assertThat(c.lastName()).isEqualTo("Kovács");
        assertThat(c.firstName()).isEqualTo("Márton");
        assertThat(c.company()).isEqualTo("Példa Kft.");
        assertThat(c.position()).isEqualTo("ügyvezető");
        assertThat(c.phones()).containsExactly("+36 1 234 5678", "+36 30 123 4567");
        assertThat(c.address()).isEqualTo(new dev.clientele.customer.Address("Fő utca 1.", "Budapest", "Pest",
                "1051", "HU"));
        assertThat(c.industry()).isEqualTo("informatika");
        assertThat(c.birthday()).isEqualTo(LocalDate.of(1980, 5, 31));
        assertThat(c.notes()).isEqualTo("Visszahívni");
    }

    @Test
    void reads_a_russian_tab_separated_file_splitting_fio_family_first() {
        Customer c = only(readAll(CsvImporter.open(fixture("ru.tsv"))));
        assertThat(c.lastName()).isEqualTo("Иванов");
        assertThat(c.firstName()).isEqualTo("Иван Петрович");
        assertThat(c.company()).isEqualTo("ООО «Ромашка»");
        assertThat(c.position()).isEqualTo("директор");
        assertThat(c.emails()).containsExactly("ivan@romashka.example");
        assertThat(c.address()).isEqualTo(new dev.clientele.customer.Address("ул. Тверская, д. 1", "Москва",
                "Москва", "101000", "RU"));
        assertThat(c.birthday()).isEqualTo(LocalDate.of(1975, 7, 15));
        assertThat(c.notes()).isEqualTo("Позвонить");
    }

    @Test
    void splits_a_full_name_column_in_all_three_orders() {
        List<ImportRow> english = read(
                "Full name,email\nMary Ann Jones,m@example.com\n\"Smith, John\",j@example.com\n");
        assertThat(english).extracting(r -> r.customer().firstName()).containsExactly("Mary Ann", "John");
        assertThat(english).extracting(r -> r.customer().lastName()).containsExactly("Jones", "Smith");

        Customer hungarian = only(read("Név,email\nKovács Márton,m@example.hu\n"));
        assertThat(hungarian.lastName()).isEqualTo("Kovács");
        assertThat(hungarian.firstName()).isEqualTo("Márton");

        Customer russian = only(read("ФИО,email\nИванов Иван Петрович,i@example.ru\n"));
        assertThat(russian.lastName()).isEqualTo("Иванов");
        assertThat(russian.firstName()).isEqualTo("Иван Петрович");

        Customer option = only(readAll(CsvImporter.open(utf8("Name,email\nKovács Márton,m@example.hu\n"),
                CsvImporter.Options.defaults().withNameOrder(NameOrder.FAMILY_FIRST))));
        assertThat(option.lastName()).isEqualTo("Kovács");
    }

    @Test
    void an_explicit_mapping_overrides_detection() {
        var options = CsvImporter.Options.defaults().withMapping(Map.of("Kennung", "external_id", "Name", "company"));
        try (CsvImporter importer = CsvImporter.open(utf8("Kennung,Name,Telefon\nK-1,Acme GmbH,+49 30 1\n"),
                options)) {
            assertThat(importer.mapping().fields()).containsExactly(Map.entry("Kennung", "external_id"),
                    Map.entry("Name", "company"), Map.entry("Telefon", "phones"));
            Customer c = importer.next().customer();
            assertThat(c.externalId()).isEqualTo("K-1");
            assertThat(c.company()).isEqualTo("Acme GmbH");
            assertThat(c.firstName()).isNull();
        }
    }

    @Test
    void an_explicit_mapping_with_an_unknown_field_is_the_callers_mistake() {
        assertThatThrownBy(() -> CsvImporter.Options.defaults().withMapping(Map.of("Farbe", "colour")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'colour'");
    }

    @Test
    void splits_multiple_values_on_semicolons_pipes_and_line_breaks() {
        Customer c = only(read("emails,phones,tags\n\"a@example.com; b@example.com|c@example.com\","
                + "\"+36 1 111\n+36 1 222\",\"x | y;z\"\n"));
        assertThat(c.emails()).containsExactly("a@example.com", "b@example.com", "c@example.com");
        assertThat(c.phones()).containsExactly("+36 1 111", "+36 1 222");
        assertThat(c.tags()).containsExactly("x", "y", "z");
    }

    @Test
    void in_a_semicolon_file_tags_and_emails_also_split_on_commas_but_phones_and_names_do_not() {
        // A cell of a semicolon file holds no unquoted ";": tags and e-mails are written with commas there.
        List<ImportRow> rows = read("last_name;emails;phones;tags;notes\n"
                + "Kovács, Anna;anna@example.hu, a.kovacs@example.hu;+36 1 234 5678;vip, kunde;\n"
                + "Nagy;\"nagy@example.hu; n@example.hu\";+36 1 111;\"vip; '=x, neu\";a, b\n"
                + "Weber;w@example.de;\"+49 30 1234, +49 30 5678\";;\n");
        Customer anna = rows.get(0).customer();
        assertThat(anna.lastName()).isEqualTo("Kovács, Anna");
        assertThat(anna.emails()).containsExactly("anna@example.hu", "a.kovacs@example.hu");
        assertThat(anna.tags()).containsExactly("vip", "kunde");
        Customer nagy = rows.get(1).customer();
        assertThat(nagy.emails()).containsExactly("nagy@example.hu", "n@example.hu");
        assertThat(nagy.tags()).containsExactly("vip", "=x", "neu"); // each value unguarded on its own
        assertThat(nagy.notes()).isEqualTo("a, b");
        // Two numbers in one cell with a comma are not split: the row says the cell is not a phone number.
        assertThat(rows.get(2).ok()).isFalse();
        assertThat(rows.get(2).errors()).extracting(RowError::column).containsExactly("phones");

        // In a comma file a tag cell is one value per ";" as before (a quoted comma stays in the tag).
        Customer comma = only(read("last_name,tags\nKovács,\"vip, kunde\"\n"));
        assertThat(comma.tags()).containsExactly("vip, kunde");
    }

    @Test
    void ambiguous_slash_dates_are_row_errors_but_unambiguous_ones_are_read() {
        List<ImportRow> rows = read("email,birthday\na@example.com,05/31/1980\nb@example.com,31/05/1980\n"
                + "c@example.com,05/06/1980\n");
        assertThat(rows.get(0).customer().birthday()).isEqualTo(LocalDate.of(1980, 5, 31));
        assertThat(rows.get(1).customer().birthday()).isEqualTo(LocalDate.of(1980, 5, 31));
        assertThat(rows.get(2).errors()).singleElement().satisfies(e -> {
            assertThat(e.row()).isEqualTo(4);
            assertThat(e.column()).isEqualTo("birthday");
            assertThat(e.message()).contains("ambiguous");
        });
    }

    @Test
    void bad_purchases_json_and_yes_no_values_name_their_columns() {
        List<ImportRow> rows = read(
                "email,purchases,Einwilligung\na@example.com,\"[{\"\"date\"\":\"\"soon\"\"}]\",maybe\n");
        assertThat(rows.get(0).errors()).extracting(RowError::column)
                .containsExactlyInAnyOrder("purchases", "Einwilligung");
        assertThat(rows.get(0).errors()).extracting(RowError::message)
                .anySatisfy(m -> assertThat(m).startsWith("is not a JSON array of purchases"))
                .anySatisfy(m -> assertThat(m).startsWith("'maybe' is not yes/no"));
    }

    @Test
    void a_purchases_cell_reads_a_product_written_as_a_number_as_its_text() {
        // A product number from another program's export: text, as an NDJSON file's numbers are.
        List<ImportRow> rows = read("email,purchases\na@example.com,\"[{\"\"date\"\":\"\"2025-01-01\"\",\"\"product\"\":4711,"
                + "\"\"amount\"\":12.5,\"\"currency\"\":\"\"EUR\"\"}]\"\n");
        assertThat(rows.get(0).errors()).isEmpty();
        assertThat(rows.get(0).customer().purchases()).singleElement()
                .satisfies(p -> assertThat(p.product()).isEqualTo("4711"));
    }

    @Test
    void maps_country_names_in_several_languages() {
        List<ImportRow> rows = read("email,country\na@x.example,Germany\nb@x.example,Deutschland\n"
                + "c@x.example,Magyarország\nd@x.example,Россия\ne@x.example,Österreich\nf@x.example,UK\n"
                + "g@x.example,USA\nh@x.example,Hungary\ni@x.example,united kingdom\nj@x.example,Russia\n");
        assertThat(rows).extracting(r -> r.customer().address().country())
                .containsExactly("DE", "DE", "HU", "RU", "AT", "GB", "US", "HU", "GB", "RU");
    }

    @Test
    void refuses_numbers_a_spreadsheet_turned_into_scientific_notation() {
        // Excel saves 36301234567 and 123456789012 as it shows them: rounded, so two customer numbers can become
        // one external id and a re-import would overwrite one customer with the other. These were stored as typed.
        List<ImportRow> rows = read("external_id;Name;Telefon\r\n1,23457E+11;Anna Kovács;+36 1 234 5678\r\n"
                + "K-2;Bob Smith;\"+44 20 7946 0000; 3.6E+10\"\r\nK-3;Carl Weber;+49 30 123456\r\n");
        assertThat(rows).extracting(ImportRow::ok).containsExactly(false, false, true);
        assertThat(rows.get(0).errors()).singleElement().satisfies(e -> {
            assertThat(e.row()).isEqualTo(2);
            assertThat(e.column()).isEqualTo("external_id");
            assertThat(e.message()).contains("'1,23457E+11'", "scientific notation", "Text");
        });
        assertThat(rows.get(1).errors()).extracting(RowError::row, RowError::column)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3, "Telefon"));
    }

    @Test
    void restores_the_leading_zero_a_spreadsheet_dropped_from_a_postal_code_with_a_warning() {
        try (CsvImporter importer = CsvImporter.open(utf8("Vorname,Nachname,PLZ,Ort,Land\n"
                + "Anna,Weber,1067,Dresden,Deutschland\nBob,Smith,2134,Boston,USA\nCarl,Nagy,1011,Budapest,HU\n"
                + "Dora,Berg,10115,Berlin,DE\nEva,Lie,150,Oslo,Norway\n"))) {
            List<ImportRow> rows = importer.stream().toList();
            assertThat(rows).extracting(r -> r.customer().address().postalCode())
                    .containsExactly("01067", "02134", "1011", "10115", "0150");
            assertThat(importer.warnings()).extracting(RowError::row, RowError::column).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(2, "PLZ"), org.assertj.core.groups.Tuple.tuple(3, "PLZ"),
                    org.assertj.core.groups.Tuple.tuple(6, "PLZ"));
            assertThat(importer.warnings().get(0).message()).contains("1067", "01067");
        }
    }

    @Test
    void removes_the_formula_guard_from_each_value_of_a_list_cell() {
        Customer c = only(read("first_name,phones,tags,emails\n"
                + "Anna,'+36 1 234 5678; '+49 30 123456,vip; '=x; ''-y,'-a@example.com; b@example.com\n"));
        assertThat(c.phones()).containsExactly("+36 1 234 5678", "+49 30 123456");
        assertThat(c.tags()).containsExactly("vip", "=x", "'-y");
        assertThat(c.emails()).containsExactly("-a@example.com", "b@example.com");
    }

    @Test
    void a_repeated_header_is_read_and_a_second_single_value_column_is_warned_about() {
        try (CsvImporter importer = CsvImporter.open(utf8("E-Mail,Name,E-Mail, Vorname ,VORNAME\n"
                + "x@example.com,Müller,y@example.com,Hans,Peter\n"))) {
            Customer c = only(importer.stream().toList());
            assertThat(c.emails()).containsExactly("x@example.com", "y@example.com");
            assertThat(c.firstName()).isEqualTo("Hans");
            assertThat(c.lastName()).isEqualTo("Müller");
            assertThat(importer.warnings()).singleElement().satisfies(w -> {
                assertThat(w.column()).isEqualTo("VORNAME");
                assertThat(w.message()).contains("second 'Vorname'", "first_name");
            });
        }
    }

    @Test
    void honours_an_excel_sep_line_and_keeps_header_as_row_1() {
        try (CsvImporter importer = CsvImporter.open(utf8("sep=;\r\nfirst_name;notes\r\nAnna;a, b\r\n;\r\n"
                + "Bob;x\r\n"))) {
            assertThat(importer.delimiter()).isEqualTo(';');
            List<ImportRow> rows = importer.stream().toList();
            assertThat(rows).extracting(ImportRow::row).containsExactly(2, 4);
            assertThat(rows).extracting(ImportRow::line).containsExactly(3, 5);
            assertThat(rows.get(0).customer().notes()).isEqualTo("a, b");
        }
    }

    @Test
    void reads_a_windows_1252_german_file() {
        byte[] file = "Vorname;Nachname;Straße;Ort\r\nJürgen;Müller;Königsallee 1;Düsseldorf\r\n"
                .getBytes(Charset.forName("windows-1252"));
        Customer c = only(readAll(CsvImporter.open(new ByteArrayInputStream(file),
                CsvImporter.Options.defaults().withCharset(Charset.forName("windows-1252")))));
        assertThat(c.firstName()).isEqualTo("Jürgen");
        assertThat(c.address().street()).isEqualTo("Königsallee 1");
    }
}
