package dev.clientele.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clientele.customer.Address;
import dev.clientele.customer.Customer;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldOverlayTest {
    private static final Address BUDAPEST = new Address(null, "Budapest", null, null, "HU");
    private static final Address BERLIN = new Address(null, "Berlin", null, null, "DE");

    private static Customer with(Address address, String... phones) {
        return Customer.person("Zqxena", "Racewitz").withPhones(List.of(phones)).withAddress(address);
    }

    @Test
    void a_phone_written_another_way_is_no_identifier_added() {
        // Before, the digits as written were compared: 06 30 … was a new number beside +36 30 ….
        assertThat(FieldOverlay.identifiersAdded(with(BUDAPEST, "+36 30 123 4567"), with(BUDAPEST, "06 30 123 4567"))
                .phones()).isEmpty();
        assertThat(FieldOverlay.identifiersAdded(with(BERLIN, "+49 30 1234567 ext. 12"),
                with(BERLIN, "030 1234567-12", "(030) 1234567 x12")).phones()).isEmpty();
        assertThat(FieldOverlay.identifiersAdded(with(BERLIN, "+49 (0)30 1234567"), with(BERLIN, "030 1234567"))
                .phones()).isEmpty();
    }

    @Test
    void another_number_line_or_country_is_an_identifier_added() {
        assertThat(FieldOverlay.identifiersAdded(with(BUDAPEST, "+36 30 123 4567"),
                with(BUDAPEST, "06 30 123 4567", "06 30 765 4321")).phones()).containsExactly("06 30 765 4321");
        // The switchboard and a line behind it are two: a tombstone may hold either.
        assertThat(FieldOverlay.identifiersAdded(with(BERLIN, "+49 30 1234567"), with(BERLIN, "030 1234567-12"))
                .phones()).containsExactly("030 1234567-12");
        assertThat(FieldOverlay.identifiersAdded(with(BERLIN, "030 1234567-12"), with(BERLIN, "030 1234567"))
                .phones()).containsExactly("030 1234567");
        // One national number under two calling codes: two numbers.
        assertThat(FieldOverlay.identifiersAdded(with(BERLIN, "+49 30 1234567"), with(BERLIN, "+36 30 1234567"))
                .phones()).containsExactly("+36 30 1234567");
    }
}
