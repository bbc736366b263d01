package dev.clientele.dedup;

import dev.clientele.customer.Customer;
import dev.clientele.index.CustomerIndex;
import dev.clientele.search.CandidateScan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

public final class ScanCheck {
    public static void main(String[] args) throws Exception {
        try (CustomerIndex index = CustomerIndex.open(Path.of(args[0]).resolve("index"))) {
            List<Customer> all = new ArrayList<>();
            index.forEach(all::add);
            CandidateScan s = CandidateScan.open(index, 2);
            java.util.Map<String, Customer> byId = new java.util.HashMap<>();
            all.forEach(c -> byId.put(c.id(), c));
            System.out.println(all.size() + " " + s.size());
            MatchScorer scorer = MatchScorer.withDefaults();
            int bad = 0;
            for (int i = 0; i < 3000; i++) {
                Customer a = all.get(i);
                Customer b = s.customer(i);
                if (!a.id().equals(b.id()) || !java.util.Objects.equals(a.address(), b.address())
                        || !a.emails().equals(b.emails())) {
                    if (bad++ < 5) System.out.println("DIFF " + a + "\n   " + b);
                }
                for (Customer o : s.reader().candidates(i, 20)) {
                    double x = scorer.score(a, byId.get(o.id())).score();
                    double y = scorer.score(b, o).score();
                    if (Math.abs(x - y) > 1e-9 && bad++ < 10) System.out.println("SCORE " + x + " " + y + " " + a + "\n  " + o);
                }
            }
            System.out.println("bad " + bad);
        }
    }
}
