package dev.clientele.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clientele.customer.Customer;
import org.junit.jupiter.api.Test;

/** The real-time view of writes that searches may not show yet. */
class LiveCustomersTest {
    private static final String ID = "A0000000000000000000000000";

    private static Customer anna(String last) {
        return Customer.person("Anna", last).withId(ID).withExternalId("E1");
    }

    @Test
    void a_refresh_that_made_a_new_searcher_drops_what_it_now_shows() {
        LiveCustomers live = new LiveCustomers();
        live.put(anna("Kovács"), null);
        live.beforeRefresh();
        assertThat(live.get(ID)).isPresent(); // still needed while the refresh runs

        live.afterRefresh(true);

        assertThat(live.get(ID)).isEmpty();
        assertThat(live.idForExternal("E1")).isEmpty();
    }

    @Test
    void a_refresh_that_failed_or_found_nothing_new_keeps_every_entry() {
        LiveCustomers live = new LiveCustomers();
        live.put(anna("Kovács"), null);
        live.beforeRefresh();

        live.afterRefresh(false);

        assertThat(live.get(ID)).hasValueSatisfying(e -> assertThat(e.customer().lastName()).isEqualTo("Kovács"));
        assertThat(live.idForExternal("E1")).contains(ID);
        live.beforeRefresh();
        live.afterRefresh(true);
        assertThat(live.get(ID)).isEmpty();
    }

    @Test
    void a_write_made_during_a_failed_refresh_wins_over_the_older_entry() {
        LiveCustomers live = new LiveCustomers();
        live.put(anna("Kovács"), null);
        live.beforeRefresh();
        live.put(anna("Szabó"), "E1");

        live.afterRefresh(false);

        assertThat(live.get(ID)).hasValueSatisfying(e -> assertThat(e.customer().lastName()).isEqualTo("Szabó"));
    }
}
