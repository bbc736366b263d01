package dev.clientele.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContactTermsTest {
    @Test
    void stored_phones_are_indexed_as_their_digits_reversed() {
        assertThat(ContactTerms.phoneIndexTerms("+36 1 234 5678")).containsExactly("8765432163");
        assertThat(ContactTerms.phoneIndexTerms("5678")).containsExactly("8765");
        assertThat(ContactTerms.phoneIndexTerms("12")).isEmpty();
        assertThat(ContactTerms.phoneIndexTerms("123")).isEmpty();
    }

    @Test
    void a_suffix_of_the_digits_is_a_prefix_of_the_term() {
        String term = ContactTerms.phoneIndexTerms("+36 1 234 5678").get(0);
        assertThat(term).startsWith(ContactTerms.phoneSuffixPrefix("5678"))
                .startsWith(ContactTerms.phoneSuffixPrefix("12345678"))
                .startsWith(ContactTerms.phoneSuffixPrefix("3612345678"));
        assertThat(term).doesNotStartWith(ContactTerms.phoneSuffixPrefix("1234"));
    }

    @Test
    void typed_phones_reduce_to_the_national_number() {
        assertThat(ContactTerms.phoneQueryTerms("+36 1 234 5678")).containsExactly("12345678");
        assertThat(ContactTerms.phoneQueryTerms("0036 1 234 5678")).containsExactly("12345678");
        assertThat(ContactTerms.phoneQueryTerms("06-1-234-5678")).containsExactly("612345678", "12345678");
        assertThat(ContactTerms.phoneQueryTerms("(030) 1234567")).containsExactly("301234567");
        assertThat(ContactTerms.phoneQueryTerms("+49 30 1234567")).containsExactly("301234567");
        // The trunk (0) after the country code is dropped before (it was kept as a second, longer alternative).
        assertThat(ContactTerms.phoneQueryTerms("+49 (0)30 1234567")).containsExactly("301234567");
        assertThat(ContactTerms.internationalDigits("+49 (0)30 1234567")).isEqualTo("49301234567");
        // An extension is no part of the number, stored or typed (before, its digits ended it).
        assertThat(ContactTerms.phoneQueryTerms("+49 30 1234567 ext. 12")).containsExactly("301234567");
        assertThat(ContactTerms.phoneIndexTerms("+49 30 1234567 x12"))
                .isEqualTo(ContactTerms.phoneIndexTerms("+49 30 1234567"));
        assertThat(ContactTerms.phoneQueryTerms("+7 912 345-67-89")).containsExactly("9123456789");
        assertThat(ContactTerms.phoneQueryTerms("8 (912) 345-67-89")).containsExactly("9123456789", "89123456789");
        assertThat(ContactTerms.phoneQueryTerms("+1 (201) 555-1234")).containsExactly("2015551234");
        assertThat(ContactTerms.phoneQueryTerms("5678")).containsExactly("5678");
        assertThat(ContactTerms.phoneQueryTerms("567")).isEmpty();
    }

    @Test
    void every_typed_form_is_a_suffix_of_every_stored_form_of_the_same_number() {
        List<String> forms = List.of("+36 1 234 5678", "06-1-234-5678", "0036 1 234 5678", "06 1 234 5678");
        for (String stored : forms) {
            for (String typed : forms) {
                String term = ContactTerms.phoneIndexTerms(stored).get(0);
                assertThat(ContactTerms.phoneQueryTerms(typed)).as(typed + " vs " + stored)
                        .anyMatch(q -> term.startsWith(ContactTerms.phoneSuffixPrefix(q)));
            }
        }
    }

    @Test
    void emails_are_indexed_whole_and_in_parts() {
        assertThat(ContactTerms.emailTerms("Anna.Kovacs+news@Gmail.com")).containsExactly(
                "anna.kovacs+news@gmail.com", "anna.kovacs+news", "gmail.com", "gmail", "anna", "kovacs", "news");
        assertThat(ContactTerms.emailTerms("no-at-sign")).containsExactly("no-at-sign");
    }

    @Test
    void a_line_is_its_national_numbers_with_its_extension_and_a_direct_dial_ending_is_one_but_digit_groups_are_not() {
        assertThat(ContactTerms.phoneExtensionTerms("+49 30 1234567 ext. 12")).containsExactly("301234567x12");
        assertThat(ContactTerms.phoneExtensionTerms("030 1234567 Durchwahl 12")).containsExactly("301234567x12");
        assertThat(ContactTerms.phoneExtensionTerms("030 1234567-12")).containsExactly("301234567x12");
        assertThat(ContactTerms.phoneExtensionTerms("+49 (0)89 12345-0")).containsExactly("8912345x0");
        // Hyphens between short groups only group the digits; a number without an extension has no line term.
        for (String phone : List.of("+7 912 345-67-89", "06-1-234-5678", "+1 (201) 555-1234", "06-30-1234567",
                "+49 30 1234567")) {
            assertThat(ContactTerms.phoneExtensionTerms(phone)).as(phone).isEmpty();
        }
    }
}
