package dev.clientele.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmailsTest {

    @Test
    void normalize_lower_cases_trims_and_drops_tags() {
        assertThat(Emails.normalize("  Ann.Lee+news@Example.COM ")).isEqualTo("ann.lee@example.com");
        assertThat(Emails.normalize("   ")).isNull();
        assertThat(Emails.normalize(null)).isNull();
    }

    @Test
    void gmail_ignores_dots_and_googlemail_is_gmail() {
        assertThat(Emails.normalize("John.Smith+x@gmail.com")).isEqualTo("johnsmith@gmail.com");
        assertThat(Emails.normalize("j.o.h.n.smith@googlemail.com")).isEqualTo("johnsmith@gmail.com");
    }

    @Test
    void local_part_and_domain_of_the_normalised_address() {
        assertThat(Emails.localPart("Ann+x@Example.com")).isEqualTo("ann");
        assertThat(Emails.domain("Ann+x@Example.com")).isEqualTo("example.com");
        assertThat(Emails.domain("not-an-address")).isNull();
    }
}
