package dev.clientele;

import dev.clientele.cli.ClienteleCommand;
import dev.clientele.config.AppConfig;
import dev.clientele.customer.Customer;
import dev.clientele.dedup.DuplicatePairs;
import dev.clientele.dedup.DuplicateService;
import dev.clientele.dedup.PairRescorer;
import dev.clientele.config.ConfigException;
import dev.clientele.dedup.MatchConfig;
import dev.clientele.dedup.MatchConfigs;
import dev.clientele.dedup.MatchScorer;
import dev.clientele.text.Nicknames;
import dev.clientele.demo.CustomerGenerator;
import dev.clientele.ingest.ImportService;
import dev.clientele.jobs.Jobs;
import dev.clientele.privacy.ErasureService;
import dev.clientele.privacy.Tombstones;
import dev.clientele.search.CandidateFinder;
import java.time.Clock;
import dev.clientele.http.HttpServer;
import dev.clientele.index.CustomerIndex;
import dev.clientele.index.IndexSettings;
import dev.clientele.ops.Backups;
import dev.clientele.ops.Operations;
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
    private final DuplicateService duplicates;
    private final Jobs jobs;
    private final Tombstones tombstones;
    private final Javalin server;
    private final Operations ops;
    private final java.util.concurrent.CompletableFuture<Void> warmedUp;
    private final Thread starter;
    private final DuplicatePairs pairs;
    /** Set once this start has checked (or rightly skipped) the pending pairs' record versions. */
    private final java.util.concurrent.atomic.AtomicBoolean staleChecked;
    /** Set when {@link #close} begins: the start-up thread's work while serving ends at it. */
    private final java.util.concurrent.atomic.AtomicBoolean stopping;
    /**
     * Set by the start-up thread once start-up proper is done: what it does after (the review pairs' rescore, the
     * warm-up) only reads the index.
     */
    private final java.util.concurrent.atomic.AtomicBoolean serving;

    private App(AppConfig config, CustomerIndex index, CustomerStore store, DuplicateService duplicates,
                DuplicatePairs pairs, Jobs jobs, Tombstones tombstones, Javalin server, Operations ops,
                java.util.concurrent.CompletableFuture<Void> warmedUp, Thread starter,
                java.util.concurrent.atomic.AtomicBoolean staleChecked,
                java.util.concurrent.atomic.AtomicBoolean stopping,
                java.util.concurrent.atomic.AtomicBoolean serving) {
        this.pairs = pairs;
        this.stopping = stopping;
        this.serving = serving;
        this.staleChecked = staleChecked;
        this.ops = ops;
        this.starter = starter;
        this.warmedUp = warmedUp;
        this.config = config;
        this.index = index;
        this.store = store;
        this.duplicates = duplicates;
        this.jobs = jobs;
        this.tombstones = tombstones;
        this.server = server;
    }

    public static void main(String[] args) {
        installJulBridge();
        int code = ClienteleCommand.commandLine().execute(args);
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

    /**
     * Opens the index, starts serving, and returns once start-up has finished ({@link #startListening}): the server
     * listens (and answers its health) meanwhile.
     *
     * @throws RuntimeException what made start-up fail (everything opened is closed again)
     */
    public static App start(AppConfig config) {
        App app = startListening(config, done -> { });
        try {
            app.ready().join();
        } catch (java.util.concurrent.CompletionException e) {
            app.close();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        return app;
    }

    /**
     * Opens the index and starts serving at once; the rest of start-up runs on a background thread: the re-index
     * after a schema change (minutes at a million customers), demo customers for an empty index, merges a crash
     * interrupted, and erasures re-applied. Until it has finished, {@code /api/health} says how far it is and every
     * other API route answers 503 with {@code Retry-After}; {@link #ready()} completes then.
     *
     * @param reindexProgress told the number of customers re-indexed so far after each one (tests hold it)
     */
    public static App startListening(AppConfig config, java.util.function.LongConsumer reindexProgress) {
        return startListening(config, reindexProgress, stop -> { });
    }

    /**
     * As {@link #startListening(AppConfig, java.util.function.LongConsumer)}; the start-up thread runs
     * {@code whileServing} once the API serves, before the work it does meanwhile (the review pairs' rescore, the
     * warm-up), with what says the app is stopping: tests hold the thread there to stop the app while it runs.
     */
    static App startListening(AppConfig config, java.util.function.LongConsumer reindexProgress,
                              java.util.function.Consumer<java.util.function.BooleanSupplier> whileServing) {
        return startListening(config, reindexProgress, whileServing, CustomerIndex::openDeferringReindex);
    }

    /** As above, with the index opened by {@code openIndex} (tests open it on a directory that holds a merge). */
    static App startListening(AppConfig config, java.util.function.LongConsumer reindexProgress,
                              java.util.function.Consumer<java.util.function.BooleanSupplier> whileServing,
                              java.util.function.BiFunction<java.nio.file.Path, IndexSettings, CustomerIndex> openIndex) {
        long t0 = System.nanoTime();
        CustomerIndex index = openIndex.apply(config.indexDir(),
                new IndexSettings(config.ramBufferMb(), config.dataDir().resolve("history"),
                        config.minFreeDiskBytes(), config.currency(), config.collation()));
        Jobs jobs = new Jobs();
        DuplicatePairs pairs = null;
        Tombstones tombstones = null;
        Operations ops = null;
        Javalin server = null;
        java.util.concurrent.atomic.AtomicBoolean staleChecked = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean serving = new java.util.concurrent.atomic.AtomicBoolean();
        try {
            CustomerStore store = new CustomerStore(index);
            pairs = DuplicatePairs.open(config.dataDir().resolve("dedup").resolve("review.ndjson"), Clock.systemUTC());
            MatchScorer scorer = new MatchScorer(matchConfig(config), Nicknames.load());
            DuplicateService duplicates = new DuplicateService(store, new CandidateFinder(index), scorer, pairs, jobs);
            PairRescorer rescorer = duplicates.rescorer();
            store.onChange(rescorer); // pending pairs follow their customers' changes
            tombstones = Tombstones.open(config.dataDir().resolve("tombstones.ndjson"));
            ErasureService erasure = new ErasureService(store, tombstones, pairs, Clock.systemUTC());
            ops = Operations.open(config, index, System.out);
            ListSearcher lists = new ListSearcher(index, config.spendBuckets(), Clock.systemUTC());
            for (String cache : lists.cacheStats().keySet()) {
                ops.metrics().cache(cache, () -> lists.cacheStats().get(cache));
            }
            ops.metrics().jobs(jobs::list);
            SavedListStore savedLists = new SavedListStore(config.dataDir().resolve(Backups.SAVED_LISTS),
                    Clock.systemUTC());
            DuplicatePairs review = pairs;
            Tombstones erased = tombstones;
            ops.backupParts(List.of(
                    Backups.Part.locked(Backups.SAVED_LISTS, savedLists, config.dataDir().resolve(Backups.SAVED_LISTS)),
                    new Backups.Part(Backups.TOMBSTONES, target -> {
                        erased.copyTo(target);
                        return true;
                    }),
                    new Backups.Part(Backups.REVIEW, target -> {
                        review.copyJournalTo(target);
                        return true;
                    }),
                    Backups.Part.editJournals(config.dataDir())));
            server = HttpServer.create(new HttpServer.Services(store, duplicates,
                    new ImportService(store, config.importBatchSize(),
                            externalId -> DuplicateService.importRefusal(store, review, externalId)),
                    jobs, erasure, ops, lists, savedLists), config);
            server.start();
            int port = server.port();
            index.reindexing().ifPresent(p -> LOG.info("listening on http://{}:{}/; the API answers once {} "
                    + "customers are re-indexed (progress in the log and at /api/health)", config.host(),
                    port, p.total()));
            java.util.concurrent.CompletableFuture<Void> warmedUp = new java.util.concurrent.CompletableFuture<>();
            Operations operations = ops;
            // Facet counts, then search-box queries, until done or told to stop (or the index closes): after start,
            // and after each merge into one segment (its term lists, before searches need them).
            java.util.function.Consumer<java.util.function.BooleanSupplier> warmUp = stop -> {
                lists.warm();
                dev.clientele.search.SearchWarmUp.run(index, () -> stop.getAsBoolean() || !index.isOpen());
            };
            Thread starter = Thread.ofPlatform().name("clientele-start").unstarted(() -> {
                try {
                    index.reindex(reindexProgress);
                    boolean demo = config.demoCount() > 0 && index.count() == 0;
                    if (demo) {
                        loadDemo(store, config);
                    }
                    duplicates.recover();
                    // Pairs whose records changed just before a crash, before their rescore (seconds at 1M): not
                    // after a clean stop whose mark the index's last commit still carries, with the journal it left.
                    if (cleanStop(index, review)) {
                        LOG.info("stopped cleanly last time: the review pairs' record versions are not checked");
                    } else {
                        rescorer.rescoreStale();
                    }
                    staleChecked.set(true);
                    // Pending pairs scored under other matching rules or dedup settings are all scored again, after
                    // serving begins (below). With none pending this only records the rules (when they changed), now,
                    // before a demo scan adds pairs scored under them.
                    if (review.pendingIds().isEmpty()) {
                        rescorer.rescoreAll();
                    }
                    if (demo) {
                        // the demo's generated duplicates wait in the review queue, as after an import
                        duplicates.startScan();
                    }
                    erasure.reapply();
                    operations.startOptimizer(config.optimizeWhenIdle(), warmUp);
                    operations.startup().finished();
                    operations.scheduleBackups(config.backup()); // not while a re-index still holds the index
                } catch (RuntimeException | Error e) {
                    LOG.error("start-up failed: {}", e.toString());
                    warmedUp.complete(null);
                    operations.startup().failed(e);
                    return;
                }
                LOG.info("Clientele serving {} customers on http://{}:{}/ (data {}), started in {} ms", index.count(),
                        config.host(), port, config.dataDir().toAbsolutePath(),
                        (System.nanoTime() - t0) / 1_000_000);
                serving.set(true); // from here on nothing is written to the index (a stop need not close it under us)
                whileServing.accept(() -> stopping.get() || !index.isOpen());
                try {
                    // While the API serves (GET /api/duplicates says how far): about 27 s for 30k pairs at 1M. A stop
                    // meanwhile leaves the rules unrecorded, so the next start does it again.
                    if (!stopping.get()) {
                        rescorer.rescoreAll();
                    }
                } catch (RuntimeException e) {
                    LOG.warn("scoring the review pairs under the current rules stopped (done again at the next "
                            + "start): {}", e.toString());
                }
                try {
                    warmUp.accept(stopping::get);
                } catch (RuntimeException e) {
                    LOG.debug("warm-up stopped: {}", e.toString());
                } finally {
                    warmedUp.complete(null);
                }
            });
            App app = new App(config, index, store, duplicates, pairs, jobs, tombstones, server, ops, warmedUp, starter,
                    staleChecked, stopping, serving);
            starter.start();
            return app;
        } catch (RuntimeException e) {
            if (server != null) {
                server.stop();
            }
            if (ops != null) {
                ops.close();
            }
            jobs.close();
            if (pairs != null) {
                pairs.close();
            }
            if (tombstones != null) {
                tombstones.close();
            }
            index.close();
            throw e;
        }
    }

    /**
     * Whether the index's last commit carries the mark of a clean stop ({@link #close}) naming the review journal as
     * this start found it: then every pending pair was rescored on its records' last versions, and nothing has
     * changed either since. A crash leaves no mark (or a journal of another length), and so does any commit after the
     * stop, such as {@code clientele import}'s.
     */
    static boolean cleanStop(CustomerIndex index, DuplicatePairs pairs) {
        return index.cleanStopMark().equals(java.util.Optional.of(cleanStopMark(pairs.bytesAtOpen())));
    }

    private static String cleanStopMark(long journalBytes) {
        return "review.ndjson=" + journalBytes;
    }

    private static MatchConfig matchConfig(AppConfig config) {
        try {
            return MatchConfigs.from(config.dedup());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("config: " + e.getMessage(), e);
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

    /**
     * Completes once start-up has finished and the API serves (exceptionally, with the cause, when it failed; the
     * caller then closes the app).
     */
    public java.util.concurrent.CompletableFuture<Void> ready() {
        return ops.startup().done();
    }

    public CustomerStore store() {
        return store;
    }

    /** The background jobs (imports, duplicate scans). */
    public Jobs jobs() {
        return jobs;
    }

    public DuplicateService duplicates() {
        return duplicates;
    }

    /** Keys, audit, metrics and backups. */
    public Operations ops() {
        return ops;
    }

    public AppConfig config() {
        return config;
    }

    /** Every HTTP route with its access rule (for tests and tools). */
    public java.util.List<dev.clientele.http.RouteRegistry.Route> routes() {
        return server.unsafe.appDataManager.get(dev.clientele.http.RouteRegistry.KEY).routes();
    }

    /**
     * Completes when the background work after start (a rescore of the review queue under changed matching rules or
     * settings, then the warm-up: facet counts, then search-box queries) has ended. The server serves from the start;
     * this is for benchmarks that want to measure the warmed state, and tests that wait for the rescore.
     */
    public java.util.concurrent.CompletableFuture<Void> warmedUp() {
        return warmedUp;
    }

    /**
     * Stops accepting requests, stops the jobs (each commits what it did), records a clean stop when it is one, then
     * commits and closes the index.
     */
    @Override
    public void close() {
        try {
            ops.schedule().close(); // a scheduled backup in progress ends first, while what it copies is still open
            // No merge starts now, and one in progress is stopped when the index closes (after the jobs have
            // committed what they staged), rather than waited for: it rewrites the whole index, half a minute at 1M.
            ops.optimizer().close();
            stopping.set(true); // the start-up thread's warm-up ends, and it starts no rescore
            // The jobs before the index, also while the start-up thread still runs: each is asked to stop and commits
            // what it did (an import every row it read) while the index is open. Closed under them, as a stop during
            // the start's warm-up did, they failed midway and left no clean-stop mark. And before the server, whose
            // stop waits for the requests in progress: a caller waiting for an import (wait=true) gets its answer.
            jobs.close();
            server.stop();
            if (starter.isAlive() && !serving.get()) {
                index.close(); // a re-index, demo customers or erasures re-applied stop (and run again at the next start)
                joinStarter();
            }
            // The review journal synced and closed: a rescore of the review pairs still running appends no more.
            duplicates.close();
            // Not after a stop during start-up proper, which closed the index above. During the rescore or the
            // warm-up after it, which only read the index (and the rescore's last chunk is in the journal now), yes.
            if (staleChecked.get() && duplicates.rescorer().settled() && index.isOpen()) {
                // Every pending pair holds its records' versions now: the next start may skip checking them.
                index.markCleanStop(cleanStopMark(pairs.bytesNow()));
            }
            tombstones.close();
        } finally {
            ops.close();
            index.close(); // a rescore of the review pairs still running stops here (done again at the next start)
            joinStarter();
            LOG.info("Clientele stopped; index committed and closed");
        }
    }

    private void joinStarter() {
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
