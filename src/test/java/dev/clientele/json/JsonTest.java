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

    @Test
    void instants_are_written_with_exactly_three_fraction_digits_and_read_in_any_iso_form() throws Exception {
        record Times(java.time.Instant whole, java.time.Instant millis, java.time.Instant micros) {
        }
        Times t = new Times(java.time.Instant.parse("2026-11-26T13:18:20Z"),
                java.time.Instant.parse("2026-11-26T13:18:20.001Z"), java.time.Instant.parse("2026-11-26T13:18:20.123456Z"));
        assertThat(Json.toString(t)).isEqualTo("{\"whole\":\"2026-11-26T13:18:20.000Z\","
                + "\"millis\":\"2026-11-26T13:18:20.001Z\",\"micros\":\"2026-11-26T13:18:20.123Z\"}");
        assertThat(Json.MAPPER.readValue("{\"whole\":\"2026-11-26T13:18:20Z\",\"millis\":\"2026-11-26T13:18:20.001Z\","
                + "\"micros\":\"2026-11-26T13:18:20.123456Z\"}", Times.class)).isEqualTo(t);
        Customer c = Customer.person("A", "B").withIdentity(null, java.time.Instant.parse("2026-11-26T13:18:20Z"),
                java.time.Instant.parse("2026-11-26T13:18:20Z"), 1);
        assertThat(Json.toString(c)).contains("\"created_at\":\"2026-11-26T13:18:20.000Z\"");
        assertThat(Json.instant(java.time.Instant.parse("2026-11-26T13:18:20Z"))).isEqualTo("2026-11-26T13:18:20.000Z");
    }

    @Test
    void numbers_read_back_exactly_as_the_jdk_parses_them() throws Exception {
        // The mapper reads numbers with Jackson's fast parsers: they must give the JDK's values, bit for bit.
        record Scores(double score, java.util.List<Double> weights, java.math.BigDecimal amount) {
        }
        java.util.Random random = new java.util.Random(7);
        java.util.List<Double> values = new java.util.ArrayList<>(java.util.List.of(0.1, 0.9999999985912778,
                2.9444389791664394, Double.MIN_VALUE, Double.MAX_VALUE, 4.9e-324, 2.2250738585072011e-308, 1e23,
                -0.0, 123456789.123456789));
        for (int i = 0; i < 20_000; i++) {
            values.add(i % 2 == 0 ? random.nextDouble() * Math.pow(10, random.nextInt(40) - 20)
                    : Double.longBitsToDouble(random.nextLong()));
        }
        values.removeIf(v -> v.isNaN() || v.isInfinite());
        for (double v : values) {
            String text = Double.toString(v);
            String json = "{\"score\":" + text + ",\"weights\":[" + text + "],\"amount\":" + text + "}";
            Scores read = Json.MAPPER.readValue(json, Scores.class);
            assertThat(Double.doubleToLongBits(read.score())).as(text).isEqualTo(Double.doubleToLongBits(v));
            assertThat(read.weights().get(0)).as(text).isEqualTo(Double.parseDouble(text));
            assertThat(read.amount()).as(text).isEqualTo(new java.math.BigDecimal(text));
        }
    }
}
