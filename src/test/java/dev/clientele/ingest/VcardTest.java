package dev.clientele.ingest;

import static dev.clientele.ingest.TestCustomers.clean;
import static dev.clientele.ingest.TestCustomers.fixture;
import static dev.clientele.ingest.TestCustomers.readAll;
import static dev.clientele.ingest.TestCustomers.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clientele.customer.Address;
import dev.clientele.customer.Customer;
import dev.clientele.customer.Gender;
import dev.clientele.customer.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class VcardTest {

    @Test
    void reads_apple_contacts_with_item_groups_labels_folding_and_omitted_birth_years() {
        try (VcardImporter importer = VcardImporter.open(fixture("apple.vcf"))) {
            List<ImportRow> rows = importer.stream().toList();

            assertThat(rows).extracting(ImportRow::row).containsExactly(1, 2, 3);
            assertThat(rows).extracting(ImportRow::line).containsExactly(1, 25, 34);
            assertThat(rows).allSatisfy(r -> assertThat(r.errors()).isEmpty());
            Customer m = rows.get(0).customer();
            assertThat(m.lastName()).isEqualTo("Kovács");
            assertThat(m.firstName()).isEqualTo("Márton");
            assertThat(m.company()).isEqualTo("Példa Kft.");
            assertThat(m.position()).isEqualTo("ügyvezető");
            assertThat(m.emails()).containsExactly("marton@pelda.example", "kovacs.marton@example.hu");
            assertThat(m.phones()).containsExactly("+36 30 123 4567", "+36 1 234 5678");
            assertThat(m.address()).isEqualTo(new Address("Fő utca 1.", "Budapest", null, "1051", "HU"));
            assertThat(m.website()).isEqualTo("https://pelda.example");
            assertThat(m.birthday()).isEqualTo(LocalDate.of(1980, 5, 31));
            assertThat(m.notes()).isEqualTo("Visszahívni, holnap\nmásodik sor; harmadik rész egy nagyon hosszú "
                    + "megjegyzésben, amelyet az Apple 75 oktettnél összehajtott");
            assertThat(m.tags()).containsExactly("vip", "partner");
            assertThat(m.externalId()).isEqualTo("5D4D8F4C-1234-4B6E-9C62-ABCDEF012345");

            Customer acme = rows.get(1).customer();
            assertThat(acme.kind()).isEqualTo(Kind.COMPANY);
            assertThat(acme.company()).isEqualTo("Acme GmbH");
            assertThat(acme.lastName()).as("FN equal to ORG is not a person's name").isNull();

            assertThat(rows.get(2).customer().birthday()).isNull();
            assertThat(importer.warnings()).containsExactly(
                    new RowError(3, "BDAY", "birthday without a year (1604-05-31) skipped"));
        }
    }

    @Test
    void reads_a_google_export_and_reports_bad_cards_by_index_and_property() {
        List<ImportRow> rows = readAll(VcardImporter.open(fixture("google.vcf")));

        assertThat(rows).extracting(ImportRow::ok).containsExactly(true, false, true);
        Customer mary = rows.get(0).customer();
        assertThat(mary.firstName()).isEqualTo("Mary Ann");
        assertThat(mary.lastName()).isEqualTo("Jones");
        assertThat(mary.emails()).containsExactly("mary@acme.example", "mary.jones@example.com");
        assertThat(mary.phones()).containsExactly("+44 7700 900123", "+44 20 7946 0000");
        assertThat(mary.address()).isEqualTo(new Address("1 High Street", "London", null, "SW1A 1AA", "GB"));
        assertThat(mary.tags()).containsExactly("VIP");
        assertThat(rows.get(1).errors()).containsExactlyInAnyOrder(
                new RowError(2, "EMAIL", "'not-an-email' is not an email address"),
                new RowError(2, "BDAY", "'31.02.1990' is not a valid date"));
        assertThat(rows.get(1).line()).isEqualTo(18);
    }

    @Test
    void reads_android_quoted_printable_cyrillic_and_hungarian_and_vcard_4() {
        try (VcardImporter importer = VcardImporter.open(fixture("android_outlook.vcf"))) {
            List<ImportRow> rows = importer.stream().toList();

            assertThat(rows).extracting(ImportRow::row).containsExactly(1, 2, 3, 4);
            Customer ivan = rows.get(0).customer();
            assertThat(ivan.lastName()).isEqualTo("Иванов");
            assertThat(ivan.firstName()).isEqualTo("Иван Петрович");
            assertThat(ivan.company()).isEqualTo("ООО «Ромашка»");
            assertThat(ivan.phones()).containsExactly("+7 916 123-45-67", "+7 495 123-45-67");
            assertThat(ivan.address()).isEqualTo(new Address("ул. Тверская, д. 1", "Москва", null, "101000", "RU"));
            assertThat(ivan.birthday()).isEqualTo(LocalDate.of(1975, 7, 15));
            assertThat(ivan.notes()).isEqualTo("Позвонить после обеда\r\nвторая строка");

            Customer eva = rows.get(1).customer();
            assertThat(eva.lastName()).isEqualTo("Szabó");
            assertThat(eva.firstName()).isEqualTo("Éva");

            Customer org = rows.get(2).customer();
            assertThat(org.kind()).isEqualTo(Kind.COMPANY);
            assertThat(org.externalId()).isEqualTo("urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1");
            assertThat(org.phones()).containsExactly("+36-1-234-5678 ext 102");
            assertThat(org.address().country()).isEqualTo("HU");
            assertThat(org.language()).isEqualTo("hu");
            assertThat(importer.warnings()).containsExactly(
                    new RowError(3, "BDAY", "birthday without a year (--0531) skipped"));

            assertThat(rows.get(3).errors()).singleElement().satisfies(e -> {
                assertThat(e.row()).isEqualTo(4);
                assertThat(e.message()).contains("not closed");
            });
        }
    }

    @Test
    void reads_outlook_and_old_phone_cards_written_in_a_windows_code_page_without_a_charset() {
        // Outlook's vCard 2.1 says CHARSET=Windows-1252 only on some lines, or not at all; every card was rejected as
        // "not valid UTF-8".
        String outlook = "BEGIN:VCARD\r\nVERSION:2.1\r\nN;LANGUAGE=de:Müller;Jürgen\r\nFN:Jürgen Müller\r\n"
                + "ORG:Bäckerei Weiß GmbH\r\nADR;WORK:;;Königsallee 1;Düsseldorf;;40212;Deutschland\r\n"
                + "EMAIL;PREF;INTERNET:j.mueller@example.de\r\nEND:VCARD\r\n";
        try (VcardImporter importer = VcardImporter.open(new ByteArrayInputStream(
                outlook.getBytes(java.nio.charset.Charset.forName("windows-1252"))))) {
            Customer c = importer.stream().toList().get(0).customer();
            assertThat(c.lastName()).isEqualTo("Müller");
            assertThat(c.firstName()).isEqualTo("Jürgen");
            assertThat(c.company()).isEqualTo("Bäckerei Weiß GmbH");
            assertThat(c.address().street()).isEqualTo("Königsallee 1");
            assertThat(importer.warnings()).singleElement().satisfies(w ->
                    assertThat(w.message()).contains("windows-1252"));
        }
        String nokia = "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Петрова;Мария\r\nTEL;CELL:+7 916 123-45-67\r\n"
                + "NOTE:Звонить вечером\r\nEND:VCARD\r\n";
        List<ImportRow> rows = readAll(VcardImporter.open(new ByteArrayInputStream(
                nokia.getBytes(java.nio.charset.Charset.forName("windows-1251")))));
        assertThat(rows.get(0).errors()).isEmpty();
        assertThat(rows.get(0).customer().lastName()).isEqualTo("Петрова");
        assertThat(rows.get(0).customer().notes()).isEqualTo("Звонить вечером");
    }

    @Test
    void a_card_without_n_whose_only_name_is_its_org_is_a_company() {
        List<ImportRow> rows = readAll(VcardImporter.open(utf8("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Acme Ltd\r\n"
                + "ORG:Acme Ltd;Sales\r\nEMAIL:info@acme.example\r\nEND:VCARD\r\n"
                + "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jane Roe\r\nORG:Acme Ltd\r\nEND:VCARD\r\n"
                + "BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nFN:Acme Ltd\r\nORG:Acme Ltd\r\nEND:VCARD\r\n")));
        // It was a person with no name at all.
        assertThat(rows.get(0).customer().kind()).isEqualTo(Kind.COMPANY);
        assertThat(rows.get(0).customer().company()).isEqualTo("Acme Ltd");
        assertThat(rows.get(1).customer().kind()).isEqualTo(Kind.PERSON);
        assertThat(rows.get(1).customer().lastName()).isEqualTo("Roe");
        // An empty N is how Clientele writes a person known only by company: it stays a person.
        assertThat(rows.get(2).customer().kind()).isEqualTo(Kind.PERSON);
    }

    @Test
    void a_file_without_any_card_is_not_a_vcard_file() {
        assertThatThrownBy(() -> readAll(VcardImporter.open(utf8("first_name,last_name\nAnna,Kovács\n"))))
                .isInstanceOf(ImportException.class).hasMessageContaining("BEGIN:VCARD");
        assertThat(readAll(VcardImporter.open(utf8("")))).isEmpty();
    }

    @Test
    void export_then_import_loses_no_field() {
        List<Customer> customers = new java.util.ArrayList<>(List.of(clean(TestCustomers.everyField()),
                clean(TestCustomers.hungarianCompany())));
        TestCustomers.formulaLikeAndNameless().forEach(c -> customers.add(clean(c)));
        var out = new ByteArrayOutputStream();
        try (var w = VcardExporter.open(out)) {
            customers.forEach(w::write);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("BEGIN:VCARD\r\nVERSION:4.0\r\n");
        assertThat(text.split("\r\n")).allSatisfy(line ->
                assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(75));

        List<ImportRow> rows = readAll(VcardImporter.open(new ByteArrayInputStream(out.toByteArray())));

        assertThat(rows).flatExtracting(ImportRow::errors).isEmpty();
        // Industry, rep, source, channel, contact hours, consent and opt-out with their dates, funnel stage and
        // purchases travel as X-CLIENTELE-* properties; before, a vCard round trip dropped them.
        assertThat(text).contains("X-CLIENTELE-CONSENT-DATE:2024-05-31\r\n", "X-CLIENTELE-PURCHASES:[{");
        assertThat(rows).extracting(ImportRow::customer)
                .usingRecursiveFieldByFieldElementComparatorIgnoringFields("id", "createdAt", "updatedAt", "version")
                .containsExactlyElementsOf(customers);
        assertThat(rows.get(0).customer().gender()).isEqualTo(Gender.MALE);
        assertThat(rows.get(0).customer().notes()).startsWith("=SUM(A1:A9)\n");
    }
}
