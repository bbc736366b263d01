package dev.clientele.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PhonesTest {

    @Test
    void digits_keeps_only_digits() {
        assertThat(Phones.digits("+36 (1) 234-5678")).isEqualTo("3612345678");
        assertThat(Phones.digits(null)).isEmpty();
    }

    @Test
    void hungarian_numbers_in_every_notation_give_the_same_national_number() {
        assertThat(Phones.nationalNumber("+36 1 234 5678", "HU")).isEqualTo("12345678");
        assertThat(Phones.nationalNumber("06-1-234-5678", "HU")).isEqualTo("12345678");
        assertThat(Phones.nationalNumber("0036 1 234 5678", "HU")).isEqualTo("12345678");
        assertThat(Phones.nationalNumber("+36 1 234 5678", null)).isEqualTo("12345678");
        assertThat(Phones.nationalNumber("06 30 123 4567", "HU")).isEqualTo("301234567");
    }

    @Test
    void german_and_austrian_numbers_lose_the_trunk_zero() {
        assertThat(Phones.nationalNumber("(030) 1234567", "DE")).isEqualTo("301234567");
        assertThat(Phones.nationalNumber("+49 30 1234567", "DE")).isEqualTo("301234567");
        assertThat(Phones.nationalNumber("+49 (0)30 1234567", null)).isEqualTo("301234567");
        assertThat(Phones.nationalNumber("0049 30 1234567", "AT")).isEqualTo("301234567");
        assertThat(Phones.nationalNumber("01 5123456", "AT")).isEqualTo("15123456");
        assertThat(Phones.nationalNumber("+43 1 5123456", "DE")).isEqualTo("15123456");
    }

    @Test
    void russian_numbers_lose_the_trunk_eight() {
        assertThat(Phones.nationalNumber("+7 495 123-45-67", "RU")).isEqualTo("4951234567");
        assertThat(Phones.nationalNumber("8 (495) 123-45-67", "RU")).isEqualTo("4951234567");
        assertThat(Phones.nationalNumber("8 (495) 123-45-67", null)).isEqualTo("4951234567");
    }

    @Test
    void british_and_american_numbers() {
        assertThat(Phones.nationalNumber("+44 20 7946 0958", "GB")).isEqualTo("2079460958");
        assertThat(Phones.nationalNumber("020 7946 0958", "GB")).isEqualTo("2079460958");
        assertThat(Phones.nationalNumber("+1 (212) 555-0101", "US")).isEqualTo("2125550101");
        assertThat(Phones.nationalNumber("1-212-555-0101", "US")).isEqualTo("2125550101");
        assertThat(Phones.nationalNumber("(212) 555-0101", "US")).isEqualTo("2125550101");
    }

    @Test
    void unknown_countries_fall_back_to_digits_without_leading_zeros() {
        assertThat(Phones.nationalNumber("0123 456 789", "ZZ")).isEqualTo("123456789");
        assertThat(Phones.nationalNumber("no digits", "DE")).isEmpty();
    }

    @Test
    void trailing_digits_takes_the_last_n_digits() {
        assertThat(Phones.trailingDigits("+36 1 234 5678", 7)).isEqualTo("2345678");
        assertThat(Phones.trailingDigits("12-34", 7)).isEqualTo("1234");
    }

    @Test
    void the_international_key_keeps_the_calling_code() {
        assertThat(Phones.internationalKey("+36 1 234 5678", null)).isEqualTo("3612345678");
        assertThat(Phones.internationalKey("06-1-234-5678", "HU")).isEqualTo("3612345678");
        assertThat(Phones.internationalKey("0036 1 234 5678", "DE")).isEqualTo("3612345678");
        assertThat(Phones.internationalKey("+49 (0)30 1234567", null)).isEqualTo("49301234567");
        assertThat(Phones.internationalKey("030 1234567", "DE")).isEqualTo("49301234567");
        assertThat(Phones.internationalKey("8 (495) 123-45-67", "RU")).isEqualTo("74951234567");
        assertThat(Phones.internationalKey("123 4567", null)).isEqualTo("?1234567");
        assertThat(Phones.internationalKey("n/a", "HU")).isEmpty();
    }

    @Test
    void an_extension_is_no_part_of_the_number() {
        for (String written : List.of("+49 30 1234567 ext. 12", "+49 30 1234567 ext 12", "+49 30 1234567 x12",
                "+49 30 1234567 #12", "+49 30 1234567 Durchwahl 12", "+49 30 1234567 доб. 12",
                "+49 30 1234567 ДОБ 12")) {
            assertThat(Phones.number(written)).as(written).isEqualTo("+49 30 1234567");
            assertThat(Phones.extension(written)).as(written).isEqualTo("12");
        }
        assertThat(Phones.number("+49 30 1234567")).isEqualTo("+49 30 1234567");
        assertThat(Phones.extension("+49 30 1234567")).isNull();
        assertThat(Phones.extension(null)).isNull();
        // A trunk (0) written after the country code goes too, as nationalNumber drops it.
        assertThat(Phones.number("+49 (0)30 1234567 ext. 12")).isEqualTo("+49 30 1234567");
        assertThat(Phones.number("0049 (0) 30 1234567")).isEqualTo("0049 30 1234567");
        // Only after a country code: (0) elsewhere is what was written.
        assertThat(Phones.number("(0)30 1234567")).isEqualTo("(0)30 1234567");
    }

    @Test
    void a_direct_dial_ending_after_a_complete_number_is_its_extension() {
        for (String written : List.of("030 1234567-12", "030 1234567 - 12", "+49 30 1234567-12")) {
            assertThat(Phones.extension(written)).as(written).isEqualTo("12");
            assertThat(Phones.dialled(written)).as(written).isEqualTo(written);
        }
        assertThat(Phones.number("030 1234567-12")).isEqualTo("030 1234567");
        assertThat(Phones.number("+49 (0)30 1234567-12")).isEqualTo("+49 30 1234567");
        assertThat(Phones.number("089 12345-0")).isEqualTo("089 12345");
        assertThat(Phones.extension("089 12345-0")).isEqualTo("0");
        assertThat(Phones.nationalNumber(Phones.number("030 1234567-12"), "DE"))
                .isEqualTo(Phones.nationalNumber("+49 30 1234567", null));
    }

    @Test
    void a_hyphen_after_a_short_group_only_groups_the_digits() {
        for (String written : List.of("06-1-234-5678", "+36 30 123-4567", "8 (495) 123-45-67", "030 1234-5678",
                "+36-1-2345-678")) {
            assertThat(Phones.number(written)).as(written).isEqualTo(written);
            assertThat(Phones.extension(written)).as(written).isNull();
        }
        // A number written with an extension marker keeps a hyphen in it: the marker names the extension.
        assertThat(Phones.number("030 1234567-12 ext. 3")).isEqualTo("030 1234567-12");
        assertThat(Phones.extension("030 1234567-12 ext. 3")).isEqualTo("3");
    }
}
