package dev.clientele.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clientele.customer.Address;
import dev.clientele.customer.Customer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TombstonesTest {
    @TempDir
    Path dir;

    private static final Address BERLIN = new Address(null, "Berlin", null, null, "DE");

    private static Customer caller(String phone) {
        return Customer.person("Zqxena", "Racewitz").withPhones(List.of(phone)).withAddress(BERLIN);
    }

    @Test
    void an_erased_number_comes_back_with_an_extension_and_an_erased_line_in_any_notation_but_not_as_the_switchboard() {
        try (Tombstones t = Tombstones.open(dir.resolve("tombstones.ndjson"))) {
            t.record(caller("+49 30 1234567").withId("c-erased"), List.of(), Instant.EPOCH);

            assertThat(t.matchedField(caller("+49 30 1234567 ext. 12"))).isEqualTo("phones[0]");
            assertThat(t.matchedField(caller("+49 (0)30 1234567 Durchwahl 40"))).isEqualTo("phones[0]");
            assertThat(t.matchedField(caller("+49 30 7654321 ext. 12"))).isNull();
        }
        try (Tombstones t = Tombstones.open(dir.resolve("other.ndjson"))) {
            t.record(caller("+49 30 1234567 ext. 12").withId("c-erased"), List.of(), Instant.EPOCH);

            assertThat(t.matchedField(caller("030 1234567 x12"))).isEqualTo("phones[0]");
            assertThat(t.matchedField(caller("+49 (0)30 1234567 ext. 12"))).isEqualTo("phones[0]");
            // The firm's switchboard and a colleague's line are no erased person's.
            assertThat(t.matchedField(caller("+49 30 1234567"))).isNull();
            assertThat(t.matchedField(caller("+49 30 1234567 ext. 13"))).isNull();
        }
    }

    @Test
    void a_direct_dial_number_is_read_as_its_line_for_an_erased_number_and_an_erased_line() {
        try (Tombstones t = Tombstones.open(dir.resolve("tombstones.ndjson"))) {
            t.record(caller("+49 30 1234567").withId("c-erased"), List.of(), Instant.EPOCH);
            // Before, 030 1234567-12 was another number and came back.
            assertThat(t.matchedField(caller("030 1234567-12"))).isEqualTo("phones[0]");
        }
        try (Tombstones t = Tombstones.open(dir.resolve("line.ndjson"))) {
            t.record(caller("030 1234567-12").withId("c-erased"), List.of(), Instant.EPOCH);
            assertThat(t.matchedField(caller("+49 30 1234567 ext. 12"))).isEqualTo("phones[0]");
            assertThat(t.matchedField(caller("+49 30 1234567"))).isNull();
            assertThat(t.matchedField(caller("030 1234567-13"))).isNull();
        }
    }

    @Test
    void tombstones_written_by_the_release_before_still_match_the_numbers_they_were_made_of() throws Exception {
        // Written by the release before: the hashes of +49 30 1234567 ext. 12 (DE), its extension as digits.
        Path file = dir.resolve("tombstones.ndjson");
        Files.writeString(file, "{\"customer_id\":\"c-erased\",\"at\":\"2026-01-01T00:00:00.000Z\",\"hashes\":["
                + "\"b09b44fc86ee284bbed67e889b145905e2d2e8777c88521b71d97664df7007fe\","
                + "\"6d09a09c1f6552362602c48f49f17e45943ccf0ca5f29424303ae8c46e255e82\"]}\n");
        try (Tombstones t = Tombstones.open(file)) {
            assertThat(t.matchedField(caller("+49 30 1234567 ext. 12"))).isEqualTo("phones[0]");
            assertThat(t.matchedField(caller("+49 (0)30 1234567 ext. 12"))).isEqualTo("phones[0]");
            assertThat(t.matchedField(caller("+49 30 1234567 ext. 13"))).isNull();
            assertThat(t.matchedField(caller("+49 30 1234567"))).isNull();
        }
    }
}
