package dev.clientele.search;

import dev.clientele.customer.Customer;
import dev.clientele.demo.CustomerGenerator;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;

/**
 * Writes URL-encoded search-box queries for the HTTP latency benchmark (wrk, BENCHMARKS.md), one per line, drawn
 * from the same generated customers as {@link KnownItemBench} (same seed and locales): 50 % corrupted
 * "first last" (the known-item corruption), 20 % an exact last name, 10 % "first" plus a 1–3 letter prefix of the
 * last name, 10 % a phone number as stored, 10 % an email address. Arguments: customers generated (1000000),
 * queries (2000), output file.
 */
public final class SearchBoxQueries {
    private SearchBoxQueries() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        Path out = Path.of(args[2]);
        CustomerGenerator gen = new CustomerGenerator(42, List.of("hu", "ru", "de", "en"), 0,
                LocalDate.of(2026, 1, 1));
        Random random = new Random(4242);
        double keep = (double) n / count;
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            int written = 0;
            for (int i = 0; i < count && written < n; i++) {
                Customer c = gen.next();
                if (random.nextDouble() >= keep * 1.2 || c.firstName() == null || c.lastName() == null) {
                    continue;
                }
                double kind = random.nextDouble();
                String q;
                if (kind < 0.5) {
                    q = KnownItem.corrupt(c.firstName(), c.lastName(), random);
                } else if (kind < 0.7) {
                    q = c.lastName();
                } else if (kind < 0.8) {
                    q = c.firstName() + " " + c.lastName().substring(0, Math.min(c.lastName().length(),
                            1 + random.nextInt(3)));
                } else if (kind < 0.9 && !c.phones().isEmpty()) {
                    q = c.phones().get(0);
                } else if (!c.emails().isEmpty()) {
                    q = c.emails().get(0);
                } else {
                    q = c.lastName();
                }
                w.println(URLEncoder.encode(q, StandardCharsets.UTF_8));
                written++;
            }
        }
    }
}
