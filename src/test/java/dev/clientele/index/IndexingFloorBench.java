package dev.clientele.index;

import dev.clientele.customer.Customer;
import dev.clientele.customer.CustomerValidator;
import dev.clientele.demo.CustomerGenerator;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * What indexing alone costs, without the import around it (not a test: surefire does not run it). Generates
 * customers, cleans them and gives them ids up front, then only builds their documents and adds them to a fresh
 * index the way an import does: the same analyzers, merge policy and RAM buffer, {@code threads} writing threads,
 * a commit every {@code batch} customers, merges waited for at the end. Prints the CPU time of the whole process
 * per customer (indexing, flushes, merges, commits, GC) and the rate: the ceiling an import cannot pass on this
 * machine with this schema, however lean its parsing and validation. Arguments: count, threads (2), batch (the
 * import's, 50000), a scratch directory (a temp dir). {@code -Dfloor.rounds=3} indexes the same customers three
 * times into fresh indexes in one JVM (later rounds are free of JIT warm-up), and {@code -Dfloor.merges=false}
 * skips merging: both make two builds easier to compare. Run from the repository root:
 * <pre>
 *   ./mvnw -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 *   java -Xms3g -Xmx3g --add-modules jdk.incubator.vector \
 *       -cp target/classes:target/test-classes:$(cat target/cp.txt) dev.clientele.index.IndexingFloorBench 1000000
 * </pre>
 * The customers are held in memory before the clock starts (about 3 KB each: give 1M customers a 3 GB heap).
 */
public final class IndexingFloorBench {
    private IndexingFloorBench() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : dev.clientele.ingest.ImportService.FILE_BATCH_SIZE;
        Path dir = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("clientele-floor");

        CustomerGenerator generator = new CustomerGenerator(42, List.of("hu", "ru", "de", "en"), 0.02,
                LocalDate.now());
        CustomerValidator validator = new CustomerValidator();
        Instant now = Instant.now();
        List<Customer> customers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            customers.add(validator.clean(generator.next()).withIdentity(String.format("c%010d", i), now, now, 1));
        }

        int rounds = Integer.getInteger("floor.rounds", 1);
        for (int round = 1; round <= rounds; round++) {
            Path roundDir = rounds == 1 ? dir : dir.resolve("round-" + round);
            Files.createDirectories(roundDir);
            System.out.print(rounds == 1 ? "" : "round " + round + ": ");
            indexAll(customers, threads, batch, roundDir);
        }
    }

    /** Indexes every customer into a fresh index in {@code dir} and prints the figures. */
    private static void indexAll(List<Customer> customers, int threads, int batch, Path dir) throws Exception {
        int count = customers.size();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.gc();
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        IndexWriterConfig config = new IndexWriterConfig(Analyzers.indexAnalyzer());
        config.setRAMBufferSizeMB(IndexSettings.IMPORT_RAM_BUFFER_MB);
        // -Dfloor.merges=false leaves segments unmerged: less run-to-run noise when comparing two builds' indexing.
        config.setMergePolicy(Boolean.parseBoolean(System.getProperty("floor.merges", "true"))
                ? CustomerIndex.mergePolicy() : org.apache.lucene.index.NoMergePolicy.INSTANCE);
        int segments;
        try (Directory directory = FSDirectory.open(dir); IndexWriter writer = new IndexWriter(directory, config)) {
            for (int from = 0; from < count; from += batch) {
                int to = Math.min(count, from + batch);
                List<Thread> writers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int first = from + t;
                    writers.add(Thread.ofPlatform().start(() -> {
                        try {
                            for (int i = first; i < to; i += threads) {
                                writer.addDocument(CustomerSchema.toDocument(customers.get(i)));
                            }
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }));
                }
                for (Thread t : writers) {
                    t.join();
                }
                writer.commit();
            }
        } // close waits for running merges, so their cost is counted
        double seconds = (System.nanoTime() - wall0) / 1e9;
        double cpuMicros = (os.getProcessCpuTime() - cpu0) / 1e3 / count;
        try (Directory directory = FSDirectory.open(dir); DirectoryReader reader = DirectoryReader.open(directory)) {
            segments = reader.leaves().size();
        }
        System.out.printf("indexed %,d customers on %d threads, a commit every %,d: %.1f s including merges, "
                        + "%,.0f customers/s, %.1f µs CPU per customer, %d segments%n",
                count, threads, batch, seconds, count / seconds, cpuMicros, segments);
    }
}
