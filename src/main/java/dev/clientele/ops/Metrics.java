package dev.clientele.ops;

import dev.clientele.index.CustomerIndex;
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
import java.util.function.ToDoubleFunction;

/**
 * Clientele's metrics in a Prometheus registry: request latency by route template, index gauges and JVM
 * binders. Names (Prometheus form):
 * <ul>
 *   <li>{@code http_server_requests_seconds{method,uri,status}}: timer of every matched request; {@code uri} is
 *       the route template, never the concrete path (which may hold personal data).</li>
 *   <li>{@code clientele_index_size_bytes}, {@code clientele_index_customers},
 *       {@code clientele_index_commits}, {@code clientele_index_last_commit_seconds}.</li>
 *   <li>{@code jvm_memory_*}, {@code jvm_gc_*}, {@code jvm_threads_*}, {@code jvm_classes_*},
 *       {@code process_*}, {@code system_cpu_*}.</li>
 * </ul>
 * Thread-safe; close once at shutdown.
 */
public final class Metrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

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
