package dev.clientele.search;

import dev.clientele.customer.Customer;
import dev.clientele.demo.CustomerGenerator;
import dev.clientele.store.CustomerStore;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The known-item procedure shared by {@link KnownItemTest} and {@link KnownItemBench}: generate customers, take a
 * seeded random sample, corrupt each one's name the way people mistype (1–2 typos: a dropped, doubled or swapped
 * letter, never the first; accents dropped half of the time; first and last swapped half of the time), search
 * for "first last", and record the rank of the true customer.
 */
final class KnownItem {
    static final int RESULT_DEPTH = 10;

    private KnownItem() {
    }

    /** Quality figures; {@code sameNameMrr} counts a hit whose first and last name equal the target's. */
    record Result(int queries, double mrr, double hitAt1, double hitAt5, double sameNameMrr, double notFound,
                  double namesakeCeiling, long[] latencyNanos, List<String> misses, List<String> misranked) {
        long percentileMicros(double p) {
            long[] sorted = latencyNanos.clone();
            Arrays.sort(sorted);
            return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1000;
        }

        @Override
        public String toString() {
            return String.format("queries=%d MRR=%.5f hit@1=%.4f hit@5=%.4f sameNameMRR=%.4f notFound=%.4f "
                    + "namesakeCeiling=%.4f p50=%dus p99=%dus", queries, mrr, hitAt1, hitAt5, sameNameMrr, notFound,
                    namesakeCeiling, percentileMicros(0.5), percentileMicros(0.99));
        }
    }

    /** Generates {@code count} customers (seeded) into the store and returns them with their ids. */
    static List<Customer> load(CustomerStore store, int count, long seed) {
        CustomerGenerator gen = new CustomerGenerator(seed, List.of("hu", "ru", "de", "en"), 0,
                LocalDate.of(2026, 1, 1));
        List<Customer> out = new ArrayList<>(count);
        List<CustomerStore.BatchItem> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(CustomerStore.BatchItem.of(gen.next()));
            if (batch.size() == 5000 || i == count - 1) {
                for (CustomerStore.BatchResult r : store.writeBatch(batch)) {
                    if (r.error() != null) {
                        throw r.error();
                    }
                    out.add(r.result().customer());
                }
                batch.clear();
            }
        }
        store.index().refresh();
        return out;
    }

    static Result run(CustomerSearcher searcher, List<Customer> customers, int samples, long seed) {
        Random random = new Random(seed);
        java.util.Map<String, Integer> namesakes = new java.util.HashMap<>();
        for (Customer c : customers) {
            namesakes.merge(c.firstName() + "|" + c.lastName(), 1, Integer::sum);
        }
        double ceiling = 0;
        List<String> misranked = new ArrayList<>();
        double rr = 0;
        double sameRr = 0;
        int at1 = 0;
        int at5 = 0;
        int none = 0;
        int n = 0;
        long[] lat = new long[samples];
        List<String> misses = new ArrayList<>();
        while (n < samples) {
            Customer c = customers.get(random.nextInt(customers.size()));
            if (c.firstName() == null || c.lastName() == null) {
                continue;
            }
            String q = corrupt(c.firstName(), c.lastName(), random);
            long t0 = System.nanoTime();
            SearchResult r = searcher.search(new SearchRequest(q, false, RESULT_DEPTH, null));
            lat[n] = System.nanoTime() - t0;
            int rank = 0;
            int sameRank = 0;
            for (int i = 0; i < r.hits().size(); i++) {
                SearchResult.Hit h = r.hits().get(i);
                if (sameRank == 0 && c.firstName().equals(h.firstName()) && c.lastName().equals(h.lastName())) {
                    sameRank = i + 1;
                }
                if (h.id().equals(c.id())) {
                    rank = i + 1;
                    break;
                }
            }
            // Best expected reciprocal rank when namesakes (same first and last name) are in random order.
            int k = namesakes.getOrDefault(c.firstName() + "|" + c.lastName(), 1);
            double harmonic = 0;
            for (int i = 1; i <= k; i++) {
                harmonic += 1.0 / i;
            }
            ceiling += harmonic / k;
            if (rank > 1 && sameRank != 1 && misranked.size() < 40) {
                SearchResult.Hit top = r.hits().get(0);
                misranked.add(q + "  ->  " + c.firstName() + " " + c.lastName() + " at " + rank + ", first: "
                        + top.firstName() + " " + top.lastName() + " (" + top.score() + " vs "
                        + r.hits().get(rank - 1).score() + ")");
            }
            if (rank > 0) {
                rr += 1.0 / rank;
                at1 += rank == 1 ? 1 : 0;
                at5 += rank <= 5 ? 1 : 0;
            } else {
                none++;
                if (misses.size() < 40) {
                    misses.add(q + "  ->  " + c.firstName() + " " + c.lastName() + " (" + r.total() + " hits)");
                }
            }
            if (sameRank > 0) {
                sameRr += 1.0 / sameRank;
            }
            n++;
        }
        return new Result(n, rr / n, (double) at1 / n, (double) at5 / n, sameRr / n, (double) none / n,
                ceiling / n, lat, misses, misranked);
    }

    static String corrupt(String first, String last, Random random) {
        String[] w = {first, last};
        int typos = 1 + random.nextInt(2);
        for (int i = 0; i < typos; i++) {
            int which = random.nextInt(2);
            w[which] = typo(w[which], random);
        }
        if (random.nextBoolean()) {
            w[0] = stripAccents(w[0]);
            w[1] = stripAccents(w[1]);
        }
        return random.nextBoolean() ? w[1] + " " + w[0] : w[0] + " " + w[1];
    }

    static String typo(String s, Random random) {
        return dev.clientele.demo.DuplicateVariants.typo(s, random);
    }

    static String stripAccents(String s) {
        return dev.clientele.demo.DuplicateVariants.stripAccents(s);
    }
}
