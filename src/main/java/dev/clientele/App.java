package dev.clientele;

import dev.clientele.cli.ClienteleCommand;
import dev.clientele.config.AppConfig;
import dev.clientele.customer.Customer;
import dev.clientele.demo.CustomerGenerator;
import dev.clientele.http.HttpServer;
import dev.clientele.index.CustomerIndex;
import dev.clientele.index.IndexSettings;
import dev.clientele.search.ListSearcher;
import dev.clientele.store.CustomerStore;
import dev.clientele.store.SavedListStore;
import java.time.Clock;
import io.javalin.Javalin;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;

/**
 * Clientele's entry point and wiring: reads the config, opens the index, builds the services and the HTTP server,
 * and closes them in order. {@link #main} runs the command line; {@link #start} is what {@code serve} and the
 * tests use.
 */
public final class App implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(App.class);

    private final AppConfig config;
    private final CustomerIndex index;
    private final CustomerStore store;
    private final Javalin server;

    private App(AppConfig config, CustomerIndex index, CustomerStore store, Javalin server) {
        this.config = config;
        this.index = index;
        this.store = store;
        this.server = server;
    }

    public static void main(String[] args) {
        installJulBridge();
        int code = new CommandLine(new ClienteleCommand()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Routes Lucene's java.util.logging output through SLF4J/Logback. */
    public static void installJulBridge() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }

    /** Opens the index, loads demo customers into an empty one, and starts serving. */
    public static App start(AppConfig config) {
        long t0 = System.nanoTime();
        CustomerIndex index = CustomerIndex.open(config.indexDir(), new IndexSettings(config.ramBufferMb()));
        try {
            CustomerStore store = new CustomerStore(index);
            if (config.demoCount() > 0 && index.count() == 0) {
                loadDemo(store, config);
            }
            ListSearcher lists = new ListSearcher(index, config.spendBuckets(), Clock.systemUTC());
            SavedListStore savedLists = new SavedListStore(config.dataDir().resolve("saved-lists.json"),
                    Clock.systemUTC());
            Javalin server = HttpServer.create(new HttpServer.Services(store, lists, savedLists), config);
            server.start();
            LOG.info("Clientele serving {} customers on http://{}:{}/ (data {}), started in {} ms", index.count(),
                    config.host(), server.port(), config.dataDir().toAbsolutePath(),
                    (System.nanoTime() - t0) / 1_000_000);
            return new App(config, index, store, server);
        } catch (RuntimeException e) {
            index.close();
            throw e;
        }
    }

    private static void loadDemo(CustomerStore store, AppConfig config) {
        long t0 = System.nanoTime();
        CustomerGenerator gen = new CustomerGenerator(config.demoSeed(), config.demoLocales(), 0.03, LocalDate.now());
        List<CustomerStore.BatchItem> batch = new ArrayList<>();
        for (int i = 0; i < config.demoCount(); i++) {
            Customer c = gen.next();
            batch.add(CustomerStore.BatchItem.of(c));
            if (batch.size() == 1000 || i == config.demoCount() - 1) {
                store.writeBatch(batch);
                batch.clear();
            }
        }
        store.index().refresh();
        LOG.info("empty index: loaded {} demo customers (locales {}) in {} ms", config.demoCount(),
                config.demoLocales(), (System.nanoTime() - t0) / 1_000_000);
    }

    public int port() {
        return server.port();
    }

    public CustomerStore store() {
        return store;
    }

    public AppConfig config() {
        return config;
    }

    /** Stops accepting requests, then commits and closes the index. */
    @Override
    public void close() {
        try {
            server.stop();
        } finally {
            index.close();
            LOG.info("Clientele stopped; index committed and closed");
        }
    }
}
