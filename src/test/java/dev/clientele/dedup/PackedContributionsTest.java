package dev.clientele.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clientele.customer.Address;
import dev.clientele.customer.Kind;
import dev.clientele.json.Json;
import dev.clientele.text.Nicknames;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PackedContributionsTest {

    @Test
    void a_packed_explanation_equals_the_scored_one_and_serialises_the_same() throws Exception {
        MatchResult r = new MatchScorer(MatchConfig.DEFAULTS, Nicknames.load()).score(
                TestCustomers.customer("a", Kind.PERSON, "Иван", "Петров", "ООО Ромашка",
                        List.of("ivan.petrov@romashka.ru"), List.of("+7 495 123-45-67"),
                        new Address("ул. Ленина, 16", "Москва", null, "101000", "RU"), LocalDate.of(1980, 5, 31)),
                TestCustomers.customer("b", Kind.PERSON, "Ivan", "Petrov", "Romashka LLC",
                        List.of("i.petrov@romashka.ru"), List.of("8 (495) 123-45-67"),
                        new Address("ul. Lenina 16", "Moskva", null, "101000", "RU"), null));
        List<FieldContribution> packed = PackedContributions.of(r.fields());

        assertThat(r.fields()).isNotEmpty();
        assertThat(packed).isEqualTo(r.fields()).hasSameHashCodeAs(r.fields());
        assertThat(Json.MAPPER.writeValueAsString(packed)).isEqualTo(Json.MAPPER.writeValueAsString(r.fields()));
        assertThat(PackedContributions.of(packed)).isSameAs(packed);
    }

    @Test
    void nulls_extreme_doubles_and_long_values_survive_exactly() {
        Random random = new Random(7);
        List<FieldContribution> fields = new ArrayList<>();
        double[] odd = {0.0, -0.0, Double.NaN, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 1e308, -3.25};
        for (int i = 0; i < 200; i++) {
            String longValue = "x".repeat(random.nextInt(400)) + "Árvíztűrő tükörfúrógép ß €";
            fields.add(new FieldContribution(i % 5 == 0 ? null : "field" + i, i % 3 == 0 ? null : longValue,
                    i % 4 == 0 ? null : "Щукин", odd[i % odd.length], i % 7 == 0 ? null
                    : Agreement.values()[i % Agreement.values().length], random.nextDouble(), odd[(i + 3) % odd.length]));
        }
        List<FieldContribution> packed = PackedContributions.of(fields);

        assertThat(packed).hasSize(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            assertThat(packed.get(i)).isEqualTo(fields.get(i));
        }
    }

    @Test
    void it_is_a_proper_immutable_list() {
        List<FieldContribution> packed = PackedContributions.of(List.of(
                new FieldContribution("emails", "a@x.org", "a@x.org", 1.0, Agreement.EXACT, 0.97, 3.4)));

        assertThat(PackedContributions.of(List.of())).isEmpty();
        assertThat(PackedContributions.of(null)).isEmpty();
        assertThatThrownBy(() -> packed.get(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> packed.add(packed.get(0))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void packing_takes_well_under_half_the_memory_of_the_objects() {
        List<FieldContribution> fields = new ArrayList<>();
        for (String f : List.of("first_name", "last_name", "company", "emails", "phones", "address", "birthday")) {
            fields.add(new FieldContribution(f, "Kovács Márton", "Kovacs Marton", 0.93, Agreement.FUZZY, 0.8, 1.2));
        }
        // Objects: 7 records (~56 bytes) and 14 value strings (~24 + ~32 bytes each) at the least.
        int objects = 7 * 56 + 14 * (24 + 32);
        assertThat(((PackedContributions) PackedContributions.of(fields)).packedBytes() + 7 * 4 + 32)
                .isLessThan(objects / 2);
    }
}
