package dev.clientele.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.clientele.customer.Customer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parse_errors_name_the_place_but_never_echo_the_input() {
        String input = "{\"first_name\":\"Zsófia Titkos\",\"emails\":[\"zsofia@secret.example\"],\"kind\":\"alien\"}";
        Throwable t = catchThrowable(() -> Json.readCustomer(input.getBytes(StandardCharsets.UTF_8)));
        assertThat(t).isNotNull();
        StringBuilder all = new StringBuilder();
        for (Throwable x = t; x != null; x = x.getCause()) {
            all.append(x.getMessage()).append('\n');
        }
        assertThat(all.toString()).doesNotContain("Titkos", "secret.example").contains("line: 1");
    }

    @Test
    void a_customer_round_trips_with_snake_case_names_and_lower_case_enums() throws Exception {
        Customer c = Customer.person("Márton", "Kovács");
        String json = Json.toString(c);
        assertThat(json).contains("\"first_name\":\"Márton\"", "\"kind\":\"person\"").doesNotContain("\"empty\"");
        assertThat(Json.readCustomer(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(c);
    }
}
