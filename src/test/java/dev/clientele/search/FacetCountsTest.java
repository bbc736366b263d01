package dev.clientele.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FacetCountsTest {
    private static FacetCounter.Counts counts(long seed, int values) {
        Random r = new Random(seed);
        Map<String, FacetCounter.Acc> m = new HashMap<>();
        for (int i = 0; i < values; i++) {
            FacetCounter.Acc a = new FacetCounter.Acc();
            a.count = r.nextInt(20); // many ties, broken by value
            m.put("v" + r.nextInt(values * 4), a);
        }
        return new FacetCounter.Counts(m);
    }

    private static List<String> shown(List<Map.Entry<String, FacetCounter.Acc>> entries) {
        return entries.stream().map(e -> e.getKey() + "=" + e.getValue().count).toList();
    }

    @Test
    void the_top_k_are_the_first_k_of_the_full_order_with_ties_broken_by_value() {
        for (long seed = 0; seed < 20; seed++) {
            for (int k : new int[] {0, 1, 3, 10, 57, 400, 5000}) {
                FacetCounter.Counts heap = counts(seed, 1000);
                List<Map.Entry<String, FacetCounter.Acc>> top = heap.top(k);
                List<Map.Entry<String, FacetCounter.Acc>> all = counts(seed, 1000).sorted();
                assertThat(shown(top)).as("seed %d k %d", seed, k)
                        .isEqualTo(shown(all.subList(0, Math.min(k, all.size()))));
                // a smaller page of the same counts reuses the larger top
                assertThat(shown(heap.top(Math.max(0, k - 1))))
                        .isEqualTo(shown(all.subList(0, Math.min(Math.max(0, k - 1), all.size()))));
            }
        }
    }
}
