package dev.clientele.dedup;

import dev.clientele.customer.Address;
import dev.clientele.customer.Customer;
import dev.clientele.customer.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Times a compaction of the review journal while running (not a test: surefire does not run it): writes a journal of
 * {@code pairs} pending pairs each rescored twice (about 1.6 KB a line: 10,000 pairs make about 50 MB), then runs the
 * compaction the server would hand to its compactor, asking the review state meanwhile as a writer does, and prints
 * how long it took and the longest wait for the review state's lock. Arguments: a scratch directory, the pairs.
 * Run from the repository root:
 * <pre>
 *   ./mvnw -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 *   java -Xmx1g -cp target/classes:target/test-classes:$(cat target/cp.txt) dev.clientele.dedup.CompactionBench DIR
 * </pre>
 */
public final class CompactionBench {
    private CompactionBench() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]).resolve("review.ndjson");
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        Files.deleteIfExists(file);
        MatchScorer scorer = MatchScorer.withDefaults();
        List<Runnable> compactions = new ArrayList<>();
        try (DuplicatePairs pairs = DuplicatePairs.open(file, Clock.systemUTC(), 2 * count, compactions::add)) {
            for (int round = 0; round < 3; round++) {
                List<DuplicatePairs.Found> batch = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    Customer a = person("a" + i, "Márta", i, 1);
                    Customer b = person("b" + i, "Marta", i, round + 1);
                    batch.add(new DuplicatePairs.Found(a, b, scorer.score(a, b)));
                    if (batch.size() == 500 || i == count - 1) {
                        if (round == 0) {
                            pairs.record(batch);
                        } else {
                            pairs.rescored(batch, List.of());
                        }
                        batch.clear();
                    }
                }
            }
            long size = Files.size(file);
            long t0 = System.nanoTime();
            Thread compaction = Thread.ofPlatform().start(() -> compactions.forEach(Runnable::run));
            // What a writer of a customer in a pending pair waits for meanwhile: the review state's lock.
            long longestWait = 0;
            while (compaction.isAlive()) {
                long w0 = System.nanoTime();
                pairs.version();
                longestWait = Math.max(longestWait, System.nanoTime() - w0);
                Thread.sleep(1);
            }
            System.out.printf("compaction of %.1f MB (%d lines) to %.1f MB: %d ms; the review state's lock waited "
                    + "for at most %.1f ms%n", size / 1e6, 3L * count, Files.size(file) / 1e6,
                    (System.nanoTime() - t0) / 1_000_000, longestWait / 1e6);
        }
    }

    /** A person whose phone differs by round, so each rescore records a new score. */
    private static Customer person(String id, String first, int n, long version) {
        Customer c = TestCustomers.customer(id, Kind.PERSON, first, "Szabó" + n, null,
                List.of("marta.szabo" + n + "@example.hu"), List.of("+36 30 1" + String.format("%05d", n) + version),
                new Address("Kossuth Lajos utca " + n, "Pécs", "7621", null, "HU"), null);
        return c.withIdentity(id, Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"),
                version);
    }
}
