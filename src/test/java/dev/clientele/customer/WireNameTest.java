package dev.clientele.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clientele.json.Json;
import org.junit.jupiter.api.Test;

class WireNameTest {
    @Test
    void every_constant_round_trips_through_its_wire_name_and_json() throws Exception {
        for (Channel c : Channel.values()) {
            assertThat(Channel.parse(c.wire())).isSameAs(c);
            assertThat(Json.MAPPER.writeValueAsString(c)).isEqualTo("\"" + c.wire() + "\"");
            assertThat(Json.MAPPER.readValue("\"" + c.wire() + "\"", Channel.class)).isSameAs(c);
        }
        for (Kind k : Kind.values()) {
            assertThat(Kind.parse(k.wire())).isSameAs(k);
        }
        for (Gender g : Gender.values()) {
            assertThat(Gender.parse(g.wire())).isSameAs(g);
        }
        assertThat(Channel.IN_PERSON.wire()).isEqualTo("in_person");
        assertThat(Json.MAPPER.writeValueAsString(dev.clientele.dedup.Agreement.NICKNAME)).isEqualTo("\"nickname\"");
    }

    @Test
    void parsing_is_lenient_about_case_hyphens_and_spaces_and_strict_about_the_rest() {
        assertThat(Channel.parse(" In-Person ")).isEqualTo(Channel.IN_PERSON);
        assertThat(Channel.parse("in person")).isEqualTo(Channel.IN_PERSON);
        assertThat(Kind.parse("COMPANY")).isEqualTo(Kind.COMPANY);
        assertThat(Gender.parse("  ")).isNull();
        assertThat(Gender.parse(null)).isNull();
        assertThatThrownBy(() -> Kind.parse("organisation")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("organisation");
    }
}
