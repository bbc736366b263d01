package dev.clientele.ops;

import dev.clientele.index.CustomerIndex;
import dev.clientele.jobs.Job;
import dev.clientele.search.ListSearcher;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Clientele's metrics in a Prometheus registry: request latency by route template, index gauges and JVM
 * binders. Names (Prometheus form):
 * <ul>
 *   <li>{@code http_server_requests_seconds{method,uri,status}}: timer of every matched request; {@code uri} is
 *       the route template, never the concrete path (which may hold personal data).</li>
 *   <li>{@code clientele_index_size_bytes}, {@code clientele_index_customers},
 *       {@code clientele_index_commits}, {@code clientele_index_last_commit_seconds},
 *       {@code clientele_index_last_refresh_seconds}.</li>
 *   <li>{@code clientele_cache_requests_total{cache,result}}, {@code clientele_cache_hit_ratio{cache}} (the facet
 *       caches); {@code clientele_jobs_running{kind}}, {@code clientele_job_progress_ratio{kind}}.</li>
 *   <li>{@code jvm_memory_*}, {@code jvm_gc_*}, {@code jvm_threads_*}, {@code jvm_classes_*},
 *       {@code process_*}, {@code system_cpu_*}.</li>
 * </ul>
 * Thread-safe; close once at shutdown.
 */
public final class Metrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    /** What meters read from and nothing else holds (Micrometer holds them weakly). */
    private final List<Object> held = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Metrics(CustomerIndex index) {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gauge(index, "clientele.index.size", "bytes", "Size of the index files", CustomerIndex::sizeInBytes);
        gauge(index, "clientele.index.customers", null, "Customers visible to searches", CustomerIndex::count);
        gauge(index, "clientele.index.commits", null, "Commits since start", CustomerIndex::commitCount);
        gauge(index, "clientele.index.last.commit", "seconds", "Duration of the last commit",
                i -> i.lastCommitMillis() / 1000.0);
        gauge(index, "clientele.index.last.refresh", "seconds",
                "Duration of the refresh after the last commit (new searchers opened)",
                i -> i.lastRefreshMillis() / 1000.0);
    }

    /** The kinds of background job, each running one at a time. */
    private static final List<String> JOB_KINDS = List.of("import", "edit", "dedup");

    /**
     * Registers a cache's requests by result ({@code clientele_cache_requests_total{cache,result=hit|miss}}) and its
     * hit ratio since start ({@code clientele_cache_hit_ratio{cache}}; NaN before the first request).
     */
    public void cache(String name, Supplier<ListSearcher.CacheStats> stats) {
        held.add(stats); // a function counter holds its object weakly and has no strong option
        FunctionCounter.builder("clientele.cache.requests", stats, s -> s.get().hits())
                .tags("cache", name, "result", "hit").description("Cache requests by result").register(registry);
        FunctionCounter.builder("clientele.cache.requests", stats, s -> s.get().misses())
                .tags("cache", name, "result", "miss").description("Cache requests by result").register(registry);
        Gauge.builder("clientele.cache.hit.ratio", stats, s -> {
            ListSearcher.CacheStats now = s.get();
            long all = now.hits() + now.misses();
            return all == 0 ? Double.NaN : (double) now.hits() / all;
        }).tags("cache", name).description("Share of cache requests answered from the cache, since start")
                .strongReference(true).register(registry);
    }

    /**
     * Registers the progress of background jobs by kind: {@code clientele_jobs_running{kind}} (running, not
     * queued) and {@code clientele_job_progress_ratio{kind}} (done over total of the running one; NaN when none runs
     * or its total is not known yet).
     */
    public void jobs(Supplier<List<Job>> jobs) {
        for (String kind : JOB_KINDS) {
            Gauge.builder("clientele.jobs.running", jobs, j -> running(j.get(), kind)).tags("kind", kind)
                    .description("Background jobs running").strongReference(true).register(registry);
            Gauge.builder("clientele.job.progress.ratio", jobs, j -> progress(j.get(), kind)).tags("kind", kind)
                    .description("Done over total of the running job").strongReference(true).register(registry);
        }
    }

    /** How many jobs of a kind run (started, not queued behind another, not ended). */
    public static int running(List<Job> jobs, String kind) {
        return (int) jobs.stream().filter(j -> isRunning(j, kind)).count();
    }

    /** Done over total of the job of a kind that runs (the oldest, should there be several); NaN when none. */
    public static double progress(List<Job> jobs, String kind) {
        return jobs.stream().filter(j -> isRunning(j, kind) && j.total() > 0)
                .min(java.util.Comparator.comparing(Job::startedAt))
                .map(j -> Math.min(1.0, (double) j.done() / j.total())).orElse(Double.NaN);
    }

    private static boolean isRunning(Job j, String kind) {
        return j.kind().equals(kind) && !j.state().ended() && !j.queued();
    }

    /** Registers a gauge read from {@code value} at each scrape (NaN when it fails). */
    public void gauge(String name, String unit, String help, java.util.function.DoubleSupplier value) {
        // Held strongly: Micrometer keeps a gauge's object weakly by default, and a supplier nothing else holds
        // would be collected, leaving the gauge NaN for good.
        Gauge.builder(name, value, v -> {
            try {
                return v.getAsDouble();
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        }).strongReference(true).baseUnit(unit).description(help).register(registry);
    }

    private void gauge(CustomerIndex index, String name, String unit, String help,
                       ToDoubleFunction<CustomerIndex> value) {
        Gauge.builder(name, index, i -> {
            try {
                return value.applyAsDouble(i);
            } catch (RuntimeException e) {
                return Double.NaN; // index closed or failing: report no value rather than break the scrape
            }
        }).baseUnit(unit).description(help).register(registry);
    }

    /** Records one finished request. {@code route} must be a template such as {@code /api/customers/{id}}. */
    public void recordRequest(String method, String route, int status, long nanos) {
        Timer.builder("http.server.requests")
                .description("HTTP requests by route template")
                .tags("method", method, "uri", route, "status", Integer.toString(status))
                .register(registry)
                .record(Duration.ofNanos(nanos));
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
