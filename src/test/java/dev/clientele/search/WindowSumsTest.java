package dev.clientele.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clientele.customer.Customer;
import dev.clientele.index.CustomerIndex;
import dev.clientele.index.CustomerSchema;
import dev.clientele.json.Json;
import dev.clientele.store.CustomerStore;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.LeafReaderContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-segment window sums: right values, re-used for unchanged segments, dropped with closed segments. */
class WindowSumsTest {
    static final LocalDate DAY = LocalDate.of(2026, 3, 1);

    @TempDir
    Path dir;

    static Customer buyer(String last, int... daysBeforeDay) throws java.io.IOException {
        StringBuilder purchases = new StringBuilder();
        for (int i = 0; i < daysBeforeDay.length; i++) {
            purchases.append(i == 0 ? "" : ",").append("{\"date\":\"").append(DAY.minusDays(daysBeforeDay[i]))
                    .append("\",\"product\":\"p").append(i).append("\",\"amount\":").append(10 + i).append('}');
        }
        String json = "{\"first_name\":\"Anna\",\"last_name\":\"" + last + "\",\"purchases\":[" + purchases + "]}";
        return Json.readCustomer(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    record Sums(long units, int count) {
    }

    /** Sums by last name over every segment of the current reader, and the segments' sums objects. */
    static List<Object> sums(CustomerIndex index, int from, int to, java.util.Map<String, Sums> out) {
        return index.withSearcher(s -> {
            List<Object> perLeaf = new ArrayList<>();
            for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
                WindowSums w = WindowSums.of(leaf.reader(), from, to);
                perLeaf.add(w);
                var stored = leaf.reader().storedFields();
                for (int d = 0; d < leaf.reader().maxDoc(); d++) {
                    if (leaf.reader().getLiveDocs() == null || leaf.reader().getLiveDocs().get(d)) {
                        out.put(CustomerSchema.fromStored(stored, d).lastName(), new Sums(w.units(d), w.count(d)));
                    }
                }
            }
            return perLeaf;
        });
    }

    @Test
    void sums_purchases_inside_the_window_and_reuses_unchanged_segments() throws Exception {
        int from = (int) DAY.minusDays(30).toEpochDay();
        int to = (int) DAY.toEpochDay();
        try (CustomerIndex index = CustomerIndex.open(dir.resolve("index"))) {
            CustomerStore store = new CustomerStore(index);
            store.create(buyer("Inside", 1, 29, 400));
            store.create(buyer("Outside", 31, 365));
            store.create(buyer("Nothing"));
            index.refresh();
            var first = new java.util.HashMap<String, Sums>();
            List<Object> before = sums(index, from, to, first);
            // purchases of 10 and 11 within 30 days; the third (12) is 400 days back
            assertThat(first.get("Inside")).isEqualTo(new Sums(210000, 2));
            assertThat(first.get("Outside")).isEqualTo(new Sums(0, 0));
            assertThat(first.get("Nothing")).isEqualTo(new Sums(0, 0));

            store.create(buyer("Later", 0));
            index.refresh();
            var second = new java.util.HashMap<String, Sums>();
            List<Object> after = sums(index, from, to, second);
            assertThat(second.get("Later")).isEqualTo(new Sums(100000, 1));
            assertThat(second.get("Inside")).isEqualTo(new Sums(210000, 2));
            // the old segment's arrays are the same object: computed once, not per request or refresh
            assertThat(after).contains(before.toArray());
        }
    }
}
