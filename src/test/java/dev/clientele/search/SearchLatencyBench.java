package dev.clientele.search;

import dev.clientele.index.CustomerIndex;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * In-process latency of the search-box workloads of {@code clientele bench} (not a test: surefire does not run
 * it). It replays the bench's request files ({@code <data>/wrk/search_*.tsv}, {@code suggest.tsv}) through
 * {@link CustomerSearcher#search} and {@link Suggester#suggest} on one thread, runs every query {@code runs} times
 * and reports percentiles over the queries of each query's best run, by wall clock and by the thread's CPU time.
 * Best-of-N and CPU time hold up on a machine shared with other builds; the HTTP layer is not included.
 * Arguments: data directory (a copy of a bench data dir; the index is opened for writing), runs (5).
 * <pre>
 *   ./mvnw -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 *   java -Xmx2g -cp target/classes:target/test-classes:$(cat target/cp.txt) dev.clientele.search.SearchLatencyBench \
 *     /tmp/search1m 5
 * </pre>
 */
public final class SearchLatencyBench {
    private static final String[] WORKLOADS = {"search_exact", "search_misspelled", "search_prefix", "suggest"};

    private SearchLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<String> only = args.length > 2 ? List.of(args[2].split(",")) : List.of(WORKLOADS);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (CustomerIndex index = CustomerIndex.open(data.resolve("index"))) {
            if (System.getProperty("suggest") != null) {
                String q = System.getProperty("suggest");
                var qs = QueryBuilder.suggest(q);
                System.out.println(qs);
                index.withSearcher(s -> {
                    for (int r = 0; r < Integer.getInteger("reps", 5); r++) {
                        for (var pass : qs) {
                            var query = pass.query();
                            long c0 = mx.getCurrentThreadCpuTime();
                            var top = s.search(query,
                                    new org.apache.lucene.search.TopScoreDocCollectorManager(8, null, 8));
                            System.out.printf("%.2f ms %s %d%n", (mx.getCurrentThreadCpuTime() - c0) / 1e6,
                                    top.totalHits, top.scoreDocs.length);
                        }
                    }
                    return null;
                });
                return;
            }
            if (System.getProperty("phases") != null) {
                phases(index, queries(data.resolve("wrk").resolve(only.get(0) + ".tsv")), mx);
                return;
            }
            CustomerSearcher searcher = new CustomerSearcher(index);
            Suggester suggester = new Suggester(index);
            for (String w : WORKLOADS) {
                if (!only.contains(w)) {
                    continue;
                }
                List<String> queries = queries(data.resolve("wrk").resolve(w + ".tsv"));
                boolean suggest = w.equals("suggest");
                Runnable[] calls = new Runnable[queries.size()];
                for (int i = 0; i < calls.length; i++) {
                    String q = queries.get(i);
                    calls[i] = suggest ? () -> suggester.suggest(q, Suggester.DEFAULT_LIMIT)
                            : () -> searcher.search(SearchRequest.of(q));
                }
                for (Runnable c : calls) {
                    c.run(); // warm-up
                }
                double[] wall = new double[calls.length];
                double[] cpu = new double[calls.length];
                Arrays.fill(wall, Double.MAX_VALUE);
                Arrays.fill(cpu, Double.MAX_VALUE);
                for (int r = 0; r < runs; r++) {
                    for (int i = 0; i < calls.length; i++) {
                        long c0 = mx.getCurrentThreadCpuTime();
                        long t0 = System.nanoTime();
                        calls[i].run();
                        wall[i] = Math.min(wall[i], (System.nanoTime() - t0) / 1e6);
                        cpu[i] = Math.min(cpu[i], (mx.getCurrentThreadCpuTime() - c0) / 1e6);
                    }
                }
                int worst = 0;
                for (int i = 1; i < wall.length; i++) {
                    worst = wall[i] > wall[worst] ? i : worst;
                }
                System.out.printf("%-18s n=%d best-of-%d wall p50 %.2f p99 %.2f max %.2f ms | cpu p50 %.2f p99 %.2f"
                                + " mean %.2f ms | slowest: %s%n", w, calls.length, runs, pct(wall, 50), pct(wall, 99),
                        pct(wall, 100), pct(cpu, 50), pct(cpu, 99), Arrays.stream(cpu).average().orElse(0),
                        queries.get(worst));
            }
        }
    }

    /** Mean CPU per phase of the search path: build, rewrite, collect, stored fields + highlighting. */
    private static void phases(CustomerIndex index, List<String> queries, ThreadMXBean mx) {
        long[] sum = new long[4];
        for (int pass = 0; pass < 2; pass++) {
            Arrays.fill(sum, 0);
            for (String q : queries) {
                long c0 = mx.getCurrentThreadCpuTime();
                org.apache.lucene.search.Query query = QueryBuilder.searchBox(q);
                long c1 = mx.getCurrentThreadCpuTime();
                sum[0] += c1 - c0;
                index.withSearcher(s -> {
                    long r0 = mx.getCurrentThreadCpuTime();
                    org.apache.lucene.search.Query rw = s.rewrite(query);
                    long r1 = mx.getCurrentThreadCpuTime();
                    var top = s.search(rw, new org.apache.lucene.search.TopFieldCollectorManager(
                            new org.apache.lucene.search.Sort(org.apache.lucene.search.SortField.FIELD_SCORE,
                                    dev.clientele.index.CustomerSchema.idSortField()), 20, null, 1000));
                    long r2 = mx.getCurrentThreadCpuTime();
                    Highlighter h = new Highlighter(query);
                    var stored = s.storedFields();
                    for (var sd : top.scoreDocs) {
                        h.highlight(dev.clientele.index.CustomerSchema.summaryFromStored(stored, sd.doc));
                    }
                    long r3 = mx.getCurrentThreadCpuTime();
                    sum[1] += r1 - r0;
                    sum[2] += r2 - r1;
                    sum[3] += r3 - r2;
                    return null;
                });
            }
        }
        System.out.printf("mean cpu ms: build %.2f rewrite %.2f collect %.2f stored+highlight %.2f%n",
                sum[0] / 1e6 / queries.size(), sum[1] / 1e6 / queries.size(), sum[2] / 1e6 / queries.size(),
                sum[3] / 1e6 / queries.size());
    }

    private static List<String> queries(Path tsv) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(tsv)) {
            String path = line.split("\t")[1];
            for (String kv : path.substring(path.indexOf('?') + 1).split("&")) {
                if (kv.startsWith("q=")) {
                    out.add(URLDecoder.decode(kv.substring(2), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static double pct(double[] values, double p) {
        double[] v = values.clone();
        Arrays.sort(v);
        int i = (int) Math.ceil(p / 100 * v.length) - 1;
        return v[Math.max(0, Math.min(v.length - 1, i))];
    }
}
