package dev.clientele.bench;

import dev.clientele.App;
import dev.clientele.config.AppConfig;
import dev.clientele.customer.Customer;
import dev.clientele.demo.CustomerGenerator;
import dev.clientele.index.CustomerIndex;
import dev.clientele.index.IndexSettings;
import dev.clientele.ingest.CsvExporter;
import dev.clientele.ingest.ImportFormat;
import dev.clientele.ingest.ImportReport;
import dev.clientele.ingest.ImportService;
import dev.clientele.store.CustomerStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The benchmark harness: on a fresh data directory it generates customers, imports them durably over HTTP
 * ({@code _bulk}), restarts to measure start-up, measures each workload with wrk, the export, and the duplicate
 * scan, and finally imports the exported CSV into a fresh index as the CLI does. Prints a Markdown report.
 */
public final class Bench {
    /** Harness settings. */
    public record Settings(long count, Path dataDir, int seconds, int connections, long seed, double duplicates,
                           List<String> only, int scanMinutes) {
        /** With the default time limit for the duplicate scan (20 minutes). */
        public Settings(long count, Path dataDir, int seconds, int connections, long seed, double duplicates,
                        List<String> only) {
            this(count, dataDir, seconds, connections, seed, duplicates, only, 20);
        }
    }

    /** A workload: a name, the target p99 it is held to (ms, or 0 for none), and how to make its requests. */
    public record Workload(String name, double targetP99Ms, Function<Sample, List<Wrk.Request>> requests) {
    }

    /** Customers drawn from the imported data, for workloads to query. */
    public record Sample(List<Customer> customers, Random random) {
    }

    /** The measured figures. */
    public record Report(long customers, double importSeconds, double importRate, long indexBytes,
                         double startupMs, double warmUpSeconds, long heapUsedBytes, long heapPeakBytes, List<Wrk.Result> results,
                         List<ServerShare> shares, List<Integer> workloadWarmUpSeconds, List<Workload> workloads,
                         double dedupSeconds, String dedupCounts, long exportRows,
                         double exportSeconds, CsvImport csvImport, String merge) {
        Report withCsvImport(CsvImport csv) {
            return new Report(customers, importSeconds, importRate, indexBytes, startupMs, warmUpSeconds,
                    heapUsedBytes, heapPeakBytes, results, shares, workloadWarmUpSeconds, workloads, dedupSeconds,
                    dedupCounts, exportRows, exportSeconds, csv, merge);
        }
    }

    /**
     * The export's CSV file imported into a fresh index the way {@code clientele import} does it: rows stored, wall
     * time, CPU time of the whole process, and the largest heap in use meanwhile.
     */
    public record CsvImport(long rows, long stored, double seconds, double cpuSeconds, long heapPeakBytes,
                            long fullCollections) {
        public double rate() {
            return stored / Math.max(0.001, seconds);
        }
    }

    private static final List<Workload> WORKLOADS = new ArrayList<>(List.of(
            new Workload("search_exact", 10, s -> s.customers().stream()
                    .map(c -> Wrk.Request.get("/api/search?q=" + url(c.fullName()))).toList()),
            new Workload("search_misspelled", 10, s -> s.customers().stream()
                    .map(c -> Wrk.Request.get("/api/search?q=" + url(misspell(c.fullName(), s.random()))))
                    .toList()),
            new Workload("search_prefix", 10, s -> s.customers().stream()
                    .map(c -> Wrk.Request.get("/api/search?q=" + url(prefix(c)))).toList()),
            new Workload("suggest", 10, s -> s.customers().stream()
                    .map(c -> Wrk.Request.get("/api/suggest?q=" + url(prefix(c)))).toList()),
            new Workload("browse_all_4_facets", 15, s -> List.of(Wrk.Request.get(
                    "/api/search?facet=region&facet=industry&facet=rep&facet=spend"))),
            new Workload("browse_filtered_multiselect", 15, s -> s.customers().stream()
                    .filter(c -> c.address() != null && c.address().country() != null && c.industry() != null)
                    .map(c -> Wrk.Request.get("/api/search?country=" + url(c.address().country()) + "&industry="
                            + url(c.industry()) + "&spend=100-500&facet=region&facet=industry&facet=rep&facet=spend"))
                    .toList()),
            new Workload("purchase_window", 15, s -> s.customers().stream()
                    .filter(c -> c.address() != null && c.address().country() != null)
                    .map(c -> Wrk.Request.get("/api/search?country=" + url(c.address().country())
                            + "&spent_within=90d&spent_min=" + (50 + s.random().nextInt(200))
                            + "&facet=region&facet=spend"))
                    .toList()),
            new Workload("get_by_id", 2, s -> s.customers().stream()
                    .map(c -> Wrk.Request.get("/api/customers/" + c.id())).toList()),
            new Workload("write_single", 0, s -> {
                List<Wrk.Request> out = new ArrayList<>();
                for (int i = 0; i < 2000; i++) {
                    out.add(new Wrk.Request("PUT", "/api/customers/by-external-id/bench-write-" + i,
                            "{\"first_name\":\"Bench\",\"last_name\":\"Writer" + i + "\",\"emails\":[\"w" + i
                                    + "@bench.example\"],\"notes\":\"edit " + Wrk.SEQ + "\"}"));
                }
                return out;
            })));

    private Bench() {
    }

    /**
     * The largest heap in use at one moment: the heap pools' usage just before each collection (a consistent
     * snapshot, where the peaks are), plus a sample every 50 ms. The pools' own peak figures are not used: they peak
     * at different moments, so their sum overstates the heap.
     */
    static final class HeapPeak implements AutoCloseable {
        private final java.util.concurrent.atomic.AtomicLong max = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicLong fullCollections = new java.util.concurrent.atomic.AtomicLong();
        private final List<Runnable> stops = new ArrayList<>();

        static HeapPeak start() {
            HeapPeak p = new HeapPeak();
            java.util.Set<String> heapPools = new java.util.HashSet<>();
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    heapPools.add(pool.getName());
                }
            }
            p.stops.add(GcNotifications.listen(info -> {
                long before = 0;
                for (var e : info.getGcInfo().getMemoryUsageBeforeGc().entrySet()) {
                    if (heapPools.contains(e.getKey())) {
                        before += e.getValue().getUsed();
                    }
                }
                p.max.accumulateAndGet(before, Math::max);
                if (info.getGcAction().equals("end of major GC")) {
                    p.fullCollections.incrementAndGet();
                }
            }));
            Thread sampler = Thread.ofPlatform().daemon().name("bench-heap-sampler").start(() -> {
                while (true) {
                    p.max.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                            Math::max);
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            p.stops.add(sampler::interrupt);
            return p;
        }

        long max() {
            return max.get();
        }

        /**
         * Full (stop-the-world, whole-heap) collections so far: G1 lets the heap fill up to its maximum before
         * collecting, so {@link #max} is near the maximum heap whenever there was garbage, and what shows that the
         * work did not fit well is the full collections it needed.
         */
        long fullCollections() {
            return fullCollections.get();
        }

        @Override
        public void close() {
            stops.forEach(Runnable::run);
        }
    }

    private static String url(String s) {
        return java.net.URLEncoder.encode(s == null ? "" : s, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The name with one realistic typo (a dropped, doubled or swapped letter) in its longest word. */
    static String misspell(String name, Random random) {
        String[] words = name.split(" ");
        int longest = 0;
        for (int i = 1; i < words.length; i++) {
            if (words[i].length() > words[longest].length()) {
                longest = i;
            }
        }
        String w = words[longest];
        if (w.length() >= 5) {
            int i = 1 + random.nextInt(w.length() - 3);
            w = switch (random.nextInt(3)) {
                case 0 -> w.substring(0, i) + w.substring(i + 1);
                case 1 -> w.substring(0, i) + w.charAt(i) + w.substring(i);
                default -> w.substring(0, i) + w.charAt(i + 1) + w.charAt(i) + w.substring(i + 2);
            };
        }
        words[longest] = w;
        return String.join(" ", words);
    }

    /** What someone has typed so far: the first name and the start of the last name. */
    static String prefix(Customer c) {
        String last = c.lastName() == null ? "" : c.lastName();
        String first = c.firstName() == null ? "" : c.firstName();
        return (first + " " + last.substring(0, Math.min(3, last.length()))).strip();
    }

    /** Adds a workload (search, facets and others register theirs). */
    public static synchronized void register(Workload w) {
        WORKLOADS.removeIf(x -> x.name().equals(w.name()));
        WORKLOADS.add(w);
    }

    public static synchronized List<Workload> workloads() {
        return List.copyOf(WORKLOADS);
    }

    /** At most this many warm-up rounds per workload. */
    static final int MAX_WARM_UP_ROUNDS = 6;
    /** A warm-up round with less JIT compilation than this per second of it counts as quiet. */
    static final long QUIET_JIT_MS_PER_SECOND = 20;

    /** Whether a warm-up round of {@code seconds} left the JIT compiler quiet enough to measure after it. */
    static boolean jitQuiet(long jitMs, int seconds) {
        return jitMs < QUIET_JIT_MS_PER_SECOND * seconds;
    }

    public static Report run(Settings s) throws IOException, InterruptedException {
        if (Files.exists(s.dataDir()) && Files.list(s.dataDir()).findAny().isPresent()) {
            throw new IllegalArgumentException("bench needs a fresh data dir; " + s.dataDir() + " is not empty");
        }
        if (!Wrk.available()) {
            throw new IllegalStateException("wrk is not installed (apt-get install wrk)");
        }
        // A throwaway admin key for this run's fresh data dir: the harness writes and reads with it.
        String key = "ck_bench_" + java.util.UUID.randomUUID().toString().replace("-", "");
        // The shipped configuration's base currency and rates (config/clientele.yaml, when run from the project
        // directory), so spend filters, sums and sorts are measured converting as a default install does.
        AppConfig shipped = dev.clientele.config.ConfigLoader.load(java.nio.file.Path.of("config", "clientele.yaml"),
                java.util.Map.of(), false);
        AppConfig config = AppConfig.DEFAULTS.withPort(0).withDataDir(s.dataDir()).withDemoCount(0).withAdminKey(key)
                .withCurrency(shipped.currency())
                // The load generator is one caller sending thousands of requests a second: no per-key limit.
                .withRateLimit(0);
        double importSeconds;
        long indexBytes;
        Sample sample;
        Report partial;
        HeapPeak heapPeak = HeapPeak.start();
        try (App app = App.start(config)) {
            long t0 = System.nanoTime();
            long stored = importOverHttp(app.port(), s, key);
            importSeconds = (System.nanoTime() - t0) / 1e9;
            if (stored != s.count()) {
                throw new IllegalStateException("only " + stored + " of " + s.count() + " customers were stored");
            }
            app.store().index().refresh();
            indexBytes = app.store().index().sizeInBytes();
            sample = sample(app, 2000, s.seed());
        }
        long t1 = System.nanoTime();
        App app = App.start(config);
        double startupMs = (System.nanoTime() - t1) / 1e6;
        // Serving starts at once; the workloads are measured once the server's own warm-up (facets, search-box
        // queries) is over, so they do not share the two cores with it.
        double warmUpSeconds = awaitWarmUp(app);
        List<Wrk.Result> results = new ArrayList<>();
        List<ServerShare> shares = new ArrayList<>();
        List<Integer> warmUps = new ArrayList<>();
        List<Workload> run = new ArrayList<>();
        try {
            String base = "http://127.0.0.1:" + app.port();
            List<Workload> searchBox = new ArrayList<>();
            for (Workload w : workloads()) {
                if (!s.only().isEmpty() && !s.only().contains(w.name())) {
                    continue;
                }
                measure(w, w.requests().apply(sample), base, key, s, results, shares, warmUps);
                run.add(w);
                if (SEARCH_BOX.contains(w.name())) {
                    searchBox.add(w);
                }
            }
            // The search box again on the index as a server leaves it once writes stop (index.optimize_when_idle):
            // merged into one segment, the search warm-up after it done.
            String merge = null;
            if (!searchBox.isEmpty()) {
                dev.clientele.ops.IndexOptimizer.Merge m = app.ops().optimizer().mergeNow().join();
                app.ops().optimizer().awaitQuiet(java.time.Duration.ofMinutes(2));
                merge = String.format("%d segments (%,d deleted documents) into %d in %.1f s", m.before().count(),
                        m.before().deleted(), m.after().count(), m.tookMillis() / 1000.0);
                for (Workload w : searchBox) {
                    Workload merged = new Workload(w.name() + "_one_segment", w.targetP99Ms(), w.requests());
                    measure(merged, w.requests().apply(sample), base, key, s, results, shares, warmUps);
                    run.add(merged);
                }
            }
            HttpClient client = HttpClient.newHttpClient();
            long e0 = System.nanoTime();
            HttpResponse<java.io.InputStream> export = client.send(HttpRequest.newBuilder(URI.create(base
                            + "/api/export?format=csv&include_opted_out=true")).header("Authorization", "Bearer " + key)
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
            long exportRows = -1; // the header line is not a row
            try (java.io.InputStream in = new java.io.BufferedInputStream(export.body(), 1 << 16)) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) > 0) {
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            exportRows++;
                        }
                    }
                }
            }
            double exportSeconds = (System.nanoTime() - e0) / 1e9;
            long d0 = System.nanoTime();
            HttpResponse<String> started = client.send(HttpRequest.newBuilder(URI.create(base + "/api/dedup/jobs"))
                    .header("Authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            String jobId = dev.clientele.json.Json.MAPPER.readTree(started.body()).path("id").asText();
            com.fasterxml.jackson.databind.JsonNode job;
            // The report must come out even when the scan takes too long (it grows faster than linearly with the
            // base): after the limit the harness stops waiting and reports the scan as not finished.
            long deadline = d0 + s.scanMinutes() * 60_000_000_000L;
            boolean running;
            do {
                Thread.sleep(200);
                job = dev.clientele.json.Json.MAPPER.readTree(client.send(HttpRequest.newBuilder(URI.create(base
                        + "/api/dedup/jobs/" + jobId)).header("Authorization", "Bearer " + key).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                running = job.path("state").asText().equals("running");
            } while (running && System.nanoTime() < deadline);
            double dedupSeconds = (System.nanoTime() - d0) / 1e9;
            String dedupCounts = running
                    ? "NOT FINISHED within the " + s.scanMinutes() + "-minute limit; progress " + job.path("done")
                            + " of " + job.path("total") + ", counts so far " + job.path("counts")
                    : job.path("state").asText() + " " + job.path("counts");
            System.gc();
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long peak = Math.max(heapPeak.max(), used);
            heapPeak.close();
            partial = new Report(s.count(), importSeconds, s.count() / importSeconds, indexBytes, startupMs,
                    warmUpSeconds, used, peak, results, shares, warmUps, run, dedupSeconds, dedupCounts, exportRows,
                    exportSeconds, null, merge);
        } finally {
            app.close();
        }
        // The CSV file `clientele export` would write, then imported as `clientele import` would.
        Path exportFile = s.dataDir().resolve("bench-export.csv");
        writeCsv(config.indexDir(), exportFile);
        return partial.withCsvImport(importCsv(exportFile, s.dataDir().resolve("csv-import")));
    }

    /** The search-box workloads, measured again after the index is merged into one segment. */
    static final java.util.Set<String> SEARCH_BOX = java.util.Set.of("search_exact", "search_misspelled",
            "search_prefix", "suggest");

    /**
     * Warms a workload up in rounds as long as the measured run until the JIT compiler is quiet (it compiles the
     * HTTP path and each workload's own code for tens of seconds after a start, and the server's warm-up runs
     * searches in-process only: measured alongside it the search box's p99 was 40 % higher), then measures it.
     */
    private static void measure(Workload w, List<Wrk.Request> requests, String base, String key, Settings s,
                                List<Wrk.Result> results, List<ServerShare> shares, List<Integer> warmUps)
            throws IOException, InterruptedException {
        int roundSeconds = Math.max(1, s.seconds());
        int rounds = 0;
        boolean quiet = false;
        while (!quiet && rounds < MAX_WARM_UP_ROUNDS) {
            ServerShare.Watch warming = ServerShare.watch();
            Wrk.Result r = Wrk.run(w.name(), base, requests, s.connections(), roundSeconds,
                    s.dataDir().resolve("wrk"), "Bearer " + key);
            quiet = jitQuiet(warming.stop(r.requests()).jitMs(), roundSeconds);
            rounds++;
        }
        warmUps.add(rounds * roundSeconds);
        ServerShare.Watch watch = ServerShare.watch();
        Wrk.Result measured = Wrk.run(w.name(), base, requests, s.connections(), s.seconds(),
                s.dataDir().resolve("wrk"), "Bearer " + key);
        shares.add(watch.stop(measured.requests()));
        results.add(measured);
    }

    /** Writes every customer of the (closed) index as CSV with all canonical columns, as {@code clientele export}. */
    static void writeCsv(Path indexDir, Path file) throws IOException {
        try (CustomerIndex index = CustomerIndex.open(indexDir, IndexSettings.DEFAULTS);
             java.io.OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
             CsvExporter w = CsvExporter.open(out, CsvExporter.ALL_COLUMNS, false)) {
            index.forEach(w::write);
        }
    }

    /**
     * Imports a CSV file into a fresh index in {@code dir} as {@code clientele import} does (its RAM buffer and
     * rows per commit; durable at the end), with the server stopped, then deletes the file and that index. In
     * this JVM the JIT has compiled the indexing code already, which a separate {@code clientele import} process
     * pays for itself (about 20 s of CPU: see BENCHMARKS.md).
     */
    static CsvImport importCsv(Path file, Path dir) throws IOException {
        System.gc();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (HeapPeak peak = HeapPeak.start()) {
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            ImportReport report;
            try (CustomerIndex index = CustomerIndex.open(dir.resolve("index"),
                    new IndexSettings(IndexSettings.IMPORT_RAM_BUFFER_MB));
                 java.io.InputStream in = Files.newInputStream(file)) {
                ImportService service = new ImportService(new CustomerStore(index), ImportService.FILE_BATCH_SIZE);
                report = service.run(in, new ImportService.Options(ImportFormat.CSV,
                        java.nio.charset.StandardCharsets.UTF_8, null, java.util.Map.of(), false),
                        ImportService.QUIET).report();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
            CsvImport result = new CsvImport(report.rows(), report.imported(), seconds, cpuSeconds, peak.max(),
                    peak.fullCollections());
            Files.delete(file);
            dev.clientele.ops.Backups.deleteTree(dir);
            return result;
        }
    }

    /** Customers per {@code _bulk} request: large enough to amortise the request, small enough to retry. */
    private static final int BULK_REQUEST = 20_000;

    /**
     * Sends generated customers to {@code POST /api/customers/_bulk} in requests of {@link #BULK_REQUEST} lines,
     * as an importing client would; returns how many were acknowledged as stored.
     */
    static long importOverHttp(int port, Settings s, String key) throws IOException, InterruptedException {
        CustomerGenerator gen = new CustomerGenerator(s.seed(), List.of("hu", "ru", "de", "en"), s.duplicates(),
                LocalDate.now());
        HttpClient client = HttpClient.newHttpClient();
        AtomicLong stored = new AtomicLong();
        for (long sent = 0; sent < s.count(); sent += BULK_REQUEST) {
            long n = Math.min(BULK_REQUEST, s.count() - sent);
            byte[] body = new GeneratedNdjson(gen, n).readAllBytes();
            HttpResponse<java.util.stream.Stream<String>> r = client.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/customers/_bulk"))
                    .header("Content-Type", "application/x-ndjson")
                    .header("Authorization", "Bearer " + key)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofLines());
            r.body().forEach(line -> {
                if (line.contains("\"status\":201") || line.contains("\"status\":200")) {
                    stored.incrementAndGet();
                }
            });
        }
        return stored.get();
    }

    private static Sample sample(App app, int n, long seed) {
        Random random = new Random(seed);
        List<Customer> reservoir = new ArrayList<>(n);
        long[] seen = {0};
        app.store().index().forEach(c -> {
            seen[0]++;
            if (reservoir.size() < n) {
                reservoir.add(c);
            } else {
                long j = (long) (random.nextDouble() * seen[0]);
                if (j < n) {
                    reservoir.set((int) j, c);
                }
            }
        });
        return new Sample(reservoir, new Random(seed + 1));
    }

    /** Waits (at most two minutes) for the server's background warm-up; returns how long it took from here. */
    private static double awaitWarmUp(App app) {
        long t0 = System.nanoTime();
        try {
            app.warmedUp().get(2, java.util.concurrent.TimeUnit.MINUTES);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            // Measure anyway; the report's warm-up figure shows it did not end.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The report as Markdown. */
    public static String markdown(Report r, Settings s) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("Dataset: %,d generated customers (seed %d, %.0f%% near-duplicates); wrk -t1 -c%d, %d s per "
                + "workload after a warm-up of the same length.%n%n", r.customers(), s.seed(), s.duplicates() * 100, s.connections(),
                s.seconds()));
        sb.append(String.format("| figure | value |%n|---|---|%n"));
        sb.append(String.format("| durable import over HTTP `_bulk` | %,.0f customers/s (%.1f s) |%n", r.importRate(),
                r.importSeconds()));
        CsvImport csv = r.csvImport();
        if (csv != null) {
            sb.append(String.format("| durable import of that export's CSV into a fresh index, as `clientele import` "
                            + "does it (server stopped; JIT already warm) | %,.0f customers/s (%,d of %,d rows in %.1f s; "
                            + "%.0f µs CPU per customer; peak heap in use %.0f MiB; %d full collections) |%n",
                    csv.rate(), csv.stored(), csv.rows(), csv.seconds(),
                    csv.cpuSeconds() * 1e6 / Math.max(1, csv.stored()), csv.heapPeakBytes() / 1048576.0,
                    csv.fullCollections()));
        }
        sb.append(String.format("| index size | %.1f MB |%n", r.indexBytes() / 1e6));
        sb.append(String.format("| start-up with the existing index | %.0f ms |%n", r.startupMs()));
        sb.append(String.format("| background warm-up after start (serving meanwhile; workloads measured after it) "
                + "| %.1f s |%n", r.warmUpSeconds()));
        sb.append(String.format("| heap used after GC / peak heap in use (sampled, and before each GC) | %.0f MiB / "
                + "%.0f MiB (max heap %.0f MiB) |%n", r.heapUsedBytes() / 1048576.0, r.heapPeakBytes() / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0));
        if (r.merge() != null) {
            sb.append(String.format("| index merged into one segment (as a server does once idle; the search-box "
                    + "workloads are measured again after it) | %s |%n", r.merge()));
        }
        sb.append(String.format("| full duplicate scan | %.1f s (%s) |%n", r.dedupSeconds(), r.dedupCounts()));
        sb.append(String.format("| export of every customer as CSV over HTTP | %,d rows in %.1f s = %,.0f rows/s |%n",
                r.exportRows(), r.exportSeconds(), r.exportRows() / Math.max(0.001, r.exportSeconds())));
        sb.append(String.format("%n| workload | p50 ms | p99 ms | max ms | req/s | errors | target p99 "
                + "| server CPU ms/req | GC pauses (total, longest ms) | JIT ms | warm-up s |%n"
                + "|---|---|---|---|---|---|---|---|---|---|---|%n"));
        for (int i = 0; i < r.results().size(); i++) {
            Wrk.Result x = r.results().get(i);
            Workload w = r.workloads().get(i);
            ServerShare sh = r.shares().get(i);
            String target = w.targetP99Ms() <= 0 ? "–" : String.format("≤ %.0f ms: %s", w.targetP99Ms(),
                    x.p99Ms() <= w.targetP99Ms() ? "met" : "**missed**");
            sb.append(String.format("| %s | %.2f | %.2f | %.1f | %,.0f | %d | %s | %.2f | %d (%.0f, %.1f) | %d | %d |%n",
                    w.name(), x.p50Ms(), x.p99Ms(), x.maxMs(), x.requestsPerSecond(), x.errors(), target,
                    sh.cpuMsPerRequest(), sh.pauses(), sh.pauseMs(), sh.maxPauseMs(), sh.jitMs(),
                    r.workloadWarmUpSeconds().get(i)));
        }
        sb.append(String.format("%nServer CPU per request is the whole JVM's (request threads, collector, compiler and "
                + "background work) over the requests served; wrk's own CPU is not in it. Each workload was warmed up "
                + "in rounds as long as its measured run until a round compiled less than %d ms of JIT per second "
                + "(at most %d rounds).%n", QUIET_JIT_MS_PER_SECOND, MAX_WARM_UP_ROUNDS));
        return sb.toString();
    }
}
