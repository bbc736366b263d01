package dev.clientele.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompanyNamesTest {

    @Test
    void german_legal_forms_and_umlaut_spellings_share_a_key() {
        assertThat(CompanyNames.key("Müller GmbH")).isEqualTo("muller");
        assertThat(CompanyNames.key("MÜLLER")).isEqualTo("muller");
        assertThat(CompanyNames.key("MÜLLER GMBH & Co. KG")).isEqualTo("muller");
        assertThat(CompanyNames.germanKey("Müller GmbH")).isEqualTo(CompanyNames.key("Mueller GmbH"));
    }

    @Test
    void russian_and_english_legal_forms_are_removed_across_scripts() {
        assertThat(CompanyNames.key("ООО «Ромашка»")).isEqualTo("romashka");
        assertThat(CompanyNames.key("Romashka LLC")).isEqualTo("romashka");
        assertThat(CompanyNames.key("ПАО Сбербанк")).isEqualTo("sberbank");
    }

    @Test
    void hungarian_and_other_forms_are_removed() {
        assertThat(CompanyNames.key("Kovács és Társa Kft.")).isEqualTo("kovacs es tarsa");
        assertThat(CompanyNames.key("Richter Gedeon Nyrt.")).isEqualTo("richter gedeon");
        assertThat(CompanyNames.key("Acme, Inc.")).isEqualTo("acme");
        assertThat(CompanyNames.key("Société Générale S.A.")).isEqualTo("societe generale");
        assertThat(CompanyNames.key("Tierschutzverein e.V.")).isEqualTo("tierschutzverein");
    }

    @Test
    void short_forms_inside_a_name_are_kept() {
        assertThat(CompanyNames.key("AG Grafik Studio")).isEqualTo("grafik studio");
        assertThat(CompanyNames.key("Sa Ag")).isEqualTo("sa");
        assertThat(CompanyNames.key("GmbH")).isEmpty();
    }
}
