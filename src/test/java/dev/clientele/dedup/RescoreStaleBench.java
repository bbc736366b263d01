package dev.clientele.dedup;

import dev.clientele.customer.Customer;
import dev.clientele.index.CustomerIndex;
import dev.clientele.index.IndexSettings;
import dev.clientele.store.CustomerStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Times the start-up check of the review queue's pending pairs against their records' versions
 * ({@link PairRescorer#rescoreStale}; not a test: surefire does not run it): pairs up the first {@code 2 × pairs}
 * customers of an index into a fresh journal of pending pairs (scored as a scan would), then opens it as a start
 * does and times the journal's replay and the check, three times. Arguments: a data directory (its {@code index},
 * and a scratch journal beside it), the pairs. Run from the repository root:
 * <pre>
 *   ./mvnw -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 *   java -Xmx2g -cp target/classes:target/test-classes:$(cat target/cp.txt) dev.clientele.dedup.RescoreStaleBench DIR
 * </pre>
 */
public final class RescoreStaleBench {
    private RescoreStaleBench() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 30_000;
        Path file = data.resolve("bench-review.ndjson");
        Files.deleteIfExists(file);
        MatchScorer scorer = MatchScorer.withDefaults();
        try (CustomerIndex index = CustomerIndex.open(data.resolve("index"), IndexSettings.DEFAULTS)) {
            List<Customer> customers = new ArrayList<>();
            index.forEach(c -> {
                if (customers.size() < 2 * count) {
                    customers.add(c);
                }
            });
            try (DuplicatePairs pairs = DuplicatePairs.open(file, Clock.systemUTC(), Integer.MAX_VALUE)) {
                List<DuplicatePairs.Found> batch = new ArrayList<>();
                for (int i = 0; i + 1 < customers.size(); i += 2) {
                    Customer a = customers.get(i);
                    Customer b = customers.get(i + 1);
                    batch.add(new DuplicatePairs.Found(a, b, scorer.score(a, b)));
                    if (batch.size() == 500) {
                        pairs.record(batch);
                        batch.clear();
                    }
                }
                pairs.record(batch);
            }
            System.out.printf("%d customers, %d pending pairs, journal %.1f MB%n", index.count(),
                    customers.size() / 2, Files.size(file) / 1e6);
            CustomerStore store = new CustomerStore(index);
            for (int round = 0; round < 3; round++) {
                long t0 = System.nanoTime();
                try (DuplicatePairs pairs = DuplicatePairs.open(file, Clock.systemUTC(), Integer.MAX_VALUE)) {
                    long t1 = System.nanoTime();
                    int moved = new PairRescorer(store, scorer, pairs).rescoreStale();
                    long t2 = System.nanoTime();
                    java.util.Set<String> ids = new java.util.HashSet<>();
                    pairs.pendingScoredVersions().forEach(p -> ids.addAll(List.of(p.leftId(), p.rightId())));
                    long t3 = System.nanoTime();
                    store.versions(ids);
                    System.out.printf("replay %d ms, rescoreStale %d ms (%d pairs rescored), of which the versions of "
                            + "%d customers %d ms%n", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, moved, ids.size(),
                            (System.nanoTime() - t3) / 1_000_000);
                }
            }
        }
        Files.deleteIfExists(file);
    }
}
