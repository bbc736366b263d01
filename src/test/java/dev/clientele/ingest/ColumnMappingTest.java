package dev.clientele.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColumnMappingTest {

    private static List<String> fieldsOf(String... headers) {
        ColumnMapping m = ColumnMapping.detect(List.of(headers));
        return java.util.stream.IntStream.range(0, headers.length).mapToObj(m::fieldAt).toList();
    }

    @Test
    void canonical_names_map_to_themselves_ignoring_case_spaces_underscores_and_hyphens() {
        assertThat(fieldsOf(ColumnMapping.FIELDS.toArray(String[]::new))).isEqualTo(ColumnMapping.FIELDS);
        assertThat(fieldsOf("First Name", "LAST-NAME", "postal code", "Marketing_Opt-Out date", "email", "phone"))
                .containsExactly("first_name", "last_name", "postal_code", "marketing_opt_out_date", "emails",
                        "phones");
    }

    @Test
    void knows_english_aliases() {
        assertThat(fieldsOf("Given name", "Surname", "Family name", "E-mail Address", "Mobile", "Phone Number", "Zip",
                "ZIP code", "Postcode", "State", "Province", "Organization", "Company Name", "Job Title",
                "Street Address", "Address 1"))
                .containsExactly("first_name", "last_name", "last_name", "emails", "phones", "phones",
                        "postal_code", "postal_code", "postal_code", "region", "region", "company", "company",
                        "position", "street", "street");
    }

    @Test
    void knows_google_contacts_headers_old_and_new() {
        assertThat(fieldsOf("Name", "Given Name", "Additional Name", "Family Name", "E-mail 1 - Value",
                "Phone 1 - Value", "Organization 1 - Name", "Organization 1 - Title", "Address 1 - Street",
                "Address 1 - Postal Code", "Group Membership", "Website 1 - Value", "Labels", "E-mail 1 - Type"))
                .containsExactly("full_name", "first_name", "middle_name", "last_name", "emails", "phones",
                        "company", "position", "street", "postal_code", "tags", "website", "tags", null);
    }

    @Test
    void knows_outlook_headers_where_title_is_the_salutation_next_to_job_title() {
        assertThat(fieldsOf("Title", "First Name", "Last Name", "Job Title", "Business Phone", "Home Phone",
                "Mobile Phone", "E-mail Address", "E-mail 2 Address", "Business Street", "Business City",
                "Business Postal Code", "Business Country/Region", "Web Page", "Categories"))
                .containsExactly("salutation", "first_name", "last_name", "position", "phones", "phones", "phones",
                        "emails", "emails", "street", "city", "postal_code", "country", "website", "tags");
        assertThat(fieldsOf("Title", "email")).containsExactly("position", "emails");
    }

    @Test
    void knows_german_headers() {
        assertThat(fieldsOf("Vorname", "Nachname", "Firma", "Unternehmen", "E-Mail", "Telefon", "Mobil", "Handy",
                "Straße", "Strasse", "Hausnummer", "PLZ", "Ort", "Stadt", "Bundesland", "Land", "Branche", "Position",
                "Geburtstag", "Notizen", "Anrede"))
                .containsExactly("first_name", "last_name", "company", "company", "emails", "phones", "phones",
                        "phones", "street", "street", "house_number", "postal_code", "city", "city", "region",
                        "country", "industry", "position", "birthday", "notes", "salutation");
        assertThat(fieldsOf("Name", "E-Mail")).containsExactly("full_name", "emails");
        assertThat(fieldsOf("Vorname", "Name")).containsExactly("first_name", "last_name");
    }

    @Test
    void knows_hungarian_headers_and_reads_nev_family_first() {
        assertThat(fieldsOf("Vezetéknév", "Keresztnév", "Cég", "Cégnév", "E-mail", "Telefon", "Telefonszám",
                "Mobil", "Utca", "Cím", "Irányítószám", "Település", "Város", "Megye", "Ország", "Iparág",
                "Beosztás", "Születésnap", "Születési dátum", "Megjegyzés"))
                .containsExactly("last_name", "first_name", "company", "company", "emails", "phones", "phones",
                        "phones", "street", "street", "postal_code", "city", "city", "region", "country",
                        "industry", "position", "birthday", "birthday", "notes");
        assertThat(ColumnMapping.detect(List.of("Név")).nameOrder()).isEqualTo(NameOrder.FAMILY_FIRST);
        assertThat(ColumnMapping.detect(List.of("Name")).nameOrder()).isEqualTo(NameOrder.GIVEN_FIRST);
    }

    @Test
    void knows_russian_headers_and_reads_fio_family_first() {
        assertThat(fieldsOf("Имя", "Фамилия", "Отчество", "ФИО", "Компания", "Организация", "Должность", "Email",
                "Эл. почта", "Телефон", "Мобильный", "Улица", "Адрес", "Город", "Регион", "Область", "Индекс",
                "Почтовый индекс", "Страна", "Отрасль", "Дата рождения", "Примечание", "Заметки"))
                .containsExactly("first_name", "last_name", "middle_name", "full_name", "company", "company",
                        "position", "emails", "emails", "phones", "phones", "street", "street", "city", "region",
                        "region", "postal_code", "postal_code", "country", "industry", "birthday", "notes", "notes");
        assertThat(ColumnMapping.detect(List.of("ФИО")).nameOrder()).isEqualTo(NameOrder.FAMILY_FIRST);
    }

    @Test
    void shows_the_mapping_and_warns_once_per_unknown_or_derived_column() {
        ColumnMapping m = ColumnMapping.detect(List.of("Vorname", "Lieblingsfarbe", "lifetime_spend", "E-Mail"));
        assertThat(m.fields()).containsExactly(Map.entry("Vorname", "first_name"), Map.entry("E-Mail", "emails"));
        assertThat(m.unmapped()).containsExactly("Lieblingsfarbe", "lifetime_spend");
        assertThat(m.warnings()).containsExactly(new RowError(1, "Lieblingsfarbe", "unknown column; ignored"),
                new RowError(1, "lifetime_spend", "computed by the server; column ignored"));
        assertThat(m.isUsable()).isTrue();
        assertThat(ColumnMapping.detect(List.of("foo", "bar")).isUsable()).isFalse();
    }

    @Test
    void an_explicit_mapping_is_taken_as_given_and_rejects_unknown_fields() {
        Map<String, String> user = new LinkedHashMap<>();
        user.put("Kunde", "full_name");
        user.put("Mail", "email");
        user.put("Vorname", "");
        ColumnMapping m = ColumnMapping.explicit(user);
        assertThat(m.fields()).containsExactly(Map.entry("Kunde", "full_name"), Map.entry("Mail", "emails"));
        assertThat(m.unmapped()).containsExactly("Vorname");

        assertThatThrownBy(() -> ColumnMapping.explicit(Map.of("Farbe", "colour")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'colour'")
                .hasMessageContaining("'Farbe'");
    }

    @Test
    void overrides_apply_on_top_of_detection() {
        ColumnMapping m = ColumnMapping.detect(List.of("Name", "Telefon", "Notizen"))
                .overriddenBy(Map.of("name", "company", "Notizen", ""));
        assertThat(m.fields()).containsExactly(Map.entry("Name", "company"), Map.entry("Telefon", "phones"));
    }
}
