package dev.clientele.search;

import dev.clientele.customer.Customer;
import dev.clientele.index.CustomerIndex;
import dev.clientele.store.CustomerStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The known-item benchmark of BENCHMARKS.md (not a test: surefire does not run it). Arguments: customers
 * (100000), samples (1000), seed (42), index directory (a fresh temp dir). Run from the repository root:
 * <pre>
 *   ./mvnw -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 *   java -cp target/classes:target/test-classes:$(cat target/cp.txt) dev.clientele.search.KnownItemBench
 * </pre>
 */
public final class KnownItemBench {
    private KnownItemBench() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
        Path dir = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("known-item");
        try (CustomerIndex index = CustomerIndex.open(dir.resolve("index"))) {
            CustomerStore store = new CustomerStore(index);
            long t0 = System.nanoTime();
            List<Customer> customers;
            if (index.count() == count) {
                // Re-use an index built by an earlier run with the same arguments: sample in generation order.
                List<Customer> all = new java.util.ArrayList<>(count);
                index.forEach(all::add);
                all.sort(java.util.Comparator.comparingLong(
                        c -> Long.parseLong(c.externalId().substring(c.externalId().lastIndexOf('-') + 1))));
                customers = all;
            } else {
                customers = KnownItem.load(store, count, seed);
            }
            System.out.printf("loaded %d customers in %.1f s, index %.1f MB%n", customers.size(),
                    (System.nanoTime() - t0) / 1e9, index.sizeInBytes() / 1e6);
            CustomerSearcher searcher = new CustomerSearcher(index);
            KnownItem.run(searcher, customers, samples, seed + 1); // warm-up, other sample
            KnownItem.Result r = KnownItem.run(searcher, customers, samples, seed + 2);
            System.out.println(r);
            r.misses().forEach(m -> System.out.println("  miss: " + m));
            r.misranked().forEach(m -> System.out.println("  misranked: " + m));
        }
    }
}
