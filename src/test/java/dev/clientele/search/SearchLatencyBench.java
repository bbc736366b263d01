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
 * Arguments: data directory (a copy of a bench data dir; the index is opened for writing), runs (5), workloads
 * (comma-separated; all four). {@code -Dphases=1} splits the first workload's mean CPU into build, rewrite, collect and
 * stored fields; {@code -Dclauses=1} (or a list of {@link Kind}s) measures it whole and without each kind of clause,
 * interleaved query by query, so the difference is that kind's share ({@code -Dn=600}: the first 600 queries only).
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
            if (System.getProperty("clauses") != null) {
                clauses(index, queries(data.resolve("wrk").resolve(only.get(0) + ".tsv")), mx, runs);
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

    /** The kinds of clause a search-box query is made of, to measure each one's share by leaving it out. */
    private enum Kind {
        NAME_FUZZY_LAST_WORD, NAME_FUZZY, COMPANY_FUZZY, CITY_FUZZY, STREET_FUZZY, PHONETIC, NICKNAME, NAME_PREFIX,
        CITY_STREET_PREFIX, PHRASE, OTHER_TERMS;

        static Kind of(org.apache.lucene.search.Query q, java.util.Set<String> lastWord) {
            if (q instanceof org.apache.lucene.search.FuzzyQuery f) {
                return switch (f.getField()) {
                    case dev.clientele.index.CustomerSchema.NAME -> lastWord.contains(f.getTerm().text())
                            ? NAME_FUZZY_LAST_WORD : NAME_FUZZY;
                    case dev.clientele.index.CustomerSchema.COMPANY -> COMPANY_FUZZY;
                    case dev.clientele.index.CustomerSchema.CITY -> CITY_FUZZY;
                    default -> STREET_FUZZY;
                };
            }
            if (q instanceof LooseUnlessFrequentQuery l) {
                return lastWord.contains(l.counted().text()) ? NAME_FUZZY_LAST_WORD : NAME_FUZZY;
            }
            if (q instanceof org.apache.lucene.search.PrefixQuery) {
                return CITY_STREET_PREFIX;
            }
            if (q instanceof org.apache.lucene.search.PhraseQuery) {
                return PHRASE;
            }
            if (q instanceof org.apache.lucene.search.TermQuery t) {
                return switch (t.getTerm().field()) {
                    case dev.clientele.index.CustomerSchema.NAME_PHONETIC -> PHONETIC;
                    case dev.clientele.index.CustomerSchema.NAME_NICKNAME -> NICKNAME;
                    case dev.clientele.index.CustomerSchema.NAME_PREFIX -> NAME_PREFIX;
                    default -> OTHER_TERMS;
                };
            }
            return null;
        }
    }

    /** The query without the leaves of one kind (null when a required word is left with none). */
    private static org.apache.lucene.search.Query without(org.apache.lucene.search.Query q, Kind drop,
                                                          java.util.Set<String> last) {
        if (q instanceof org.apache.lucene.search.BoostQuery b) {
            var inner = without(b.getQuery(), drop, last);
            return inner == null ? null : new org.apache.lucene.search.BoostQuery(inner, b.getBoost());
        }
        if (q instanceof org.apache.lucene.search.ConstantScoreQuery c) {
            var inner = without(c.getQuery(), drop, last);
            return inner == null ? null : new org.apache.lucene.search.ConstantScoreQuery(inner);
        }
        if (q instanceof org.apache.lucene.search.DisjunctionMaxQuery d) {
            List<org.apache.lucene.search.Query> kept = new ArrayList<>();
            for (var c : d.getDisjuncts()) {
                var k = without(c, drop, last);
                if (k != null) {
                    kept.add(k);
                }
            }
            return kept.isEmpty() ? null : new org.apache.lucene.search.DisjunctionMaxQuery(kept,
                    d.getTieBreakerMultiplier());
        }
        if (q instanceof org.apache.lucene.search.BooleanQuery bq) {
            var b = new org.apache.lucene.search.BooleanQuery.Builder();
            for (var c : bq.clauses()) {
                var k = without(c.query(), drop, last);
                if (k == null && c.occur() == org.apache.lucene.search.BooleanClause.Occur.MUST) {
                    return null;
                }
                if (k != null) {
                    b.add(k, c.occur());
                }
            }
            return b.build();
        }
        return Kind.of(q, last) == drop ? null : q;
    }

    /**
     * Mean CPU per query of rewrite + collect (as {@link CustomerSearcher} does, without stored fields), for the
     * whole query and for the query without each kind of clause: the difference is that kind's share.
     */
    private static void clauses(CustomerIndex index, List<String> queries, ThreadMXBean mx, int runs) {
        queries = queries.subList(0, Math.min(queries.size(), Integer.getInteger("n", queries.size())));
        List<org.apache.lucene.search.Query> full = queries.stream().map(QueryBuilder::searchBox).toList();
        List<java.util.Set<String>> lasts = queries.stream().map(q -> {
            List<String> w = QueryBuilder.words(q);
            java.util.Set<String> out = new java.util.HashSet<>();
            QueryBuilder.analyze(dev.clientele.index.Analyzers.FOLDED_QUERY, w.get(w.size() - 1)).forEach(out::addAll);
            return out;
        }).toList();
        List<Kind> kinds = new ArrayList<>();
        kinds.add(null);
        String only = System.getProperty("clauses");
        for (Kind k : Kind.values()) {
            if (only.equals("1") || List.of(only.split(",")).contains(k.name())) {
                kinds.add(k);
            }
        }
        // Interleaved (every variant of a query one after the other) and best of the runs per query and variant, so a
        // change in the machine's load falls on all variants alike.
        double[][] best = new double[kinds.size()][full.size()];
        double[][] bestRewrite = new double[kinds.size()][full.size()];
        for (double[] b : best) {
            Arrays.fill(b, Double.MAX_VALUE);
        }
        List<List<org.apache.lucene.search.Query>> variants = new ArrayList<>();
        for (Kind k : kinds) {
            List<org.apache.lucene.search.Query> qs = new ArrayList<>();
            for (int i = 0; i < full.size(); i++) {
                qs.add(k == null ? full.get(i) : without(full.get(i), k, lasts.get(i)));
            }
            variants.add(qs);
        }
        for (int r = 0; r < runs + 1; r++) {
            for (int i = 0; i < full.size(); i++) {
                for (int v = 0; v < kinds.size(); v++) {
                    var query = variants.get(v).get(i);
                    if (query == null) {
                        best[v][i] = 0;
                        continue;
                    }
                    int vv = v;
                    int ii = i;
                    boolean measured = r > 0;
                    index.withSearcher(s -> {
                        long r0 = mx.getCurrentThreadCpuTime();
                        var rw = s.rewrite(query);
                        long r1 = mx.getCurrentThreadCpuTime();
                        s.search(rw, new org.apache.lucene.search.TopFieldCollectorManager(
                                new org.apache.lucene.search.Sort(org.apache.lucene.search.SortField.FIELD_SCORE,
                                        dev.clientele.index.CustomerSchema.idSortField()), 20, null, 1000));
                        double total = (mx.getCurrentThreadCpuTime() - r0) / 1e6;
                        if (measured && total < best[vv][ii]) {
                            best[vv][ii] = total;
                            bestRewrite[vv][ii] = (r1 - r0) / 1e6;
                        }
                        return null;
                    });
                }
            }
        }
        for (int v = 0; v < kinds.size(); v++) {
            System.out.printf("%-28s mean cpu %.3f ms (rewrite %.3f) p99 %.3f ms%n",
                    kinds.get(v) == null ? "full query" : "without " + kinds.get(v),
                    Arrays.stream(best[v]).average().orElse(0), Arrays.stream(bestRewrite[v]).average().orElse(0),
                    pct(best[v], 99));
        }
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
