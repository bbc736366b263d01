package dev.clientele.config;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;

/**
 * Clientele's typed, validated settings. Immutable; built by {@link ConfigLoader} from
 * {@code config/clientele.yaml} plus environment overrides, or by tests directly.
 *
 * @param host          address to listen on ({@code 127.0.0.1} by default: only this machine)
 * @param port          HTTP port; 0 picks a free one
 * @param dataDir       the data directory; the Lucene index lives in it
 * @param ramBufferMb   IndexWriter RAM buffer
 * @param minFreeDiskMb writes are refused (507) while the disk holding the index has less than this many MB free,
 *                      and resume by themselves once there is room; 0 turns the check off
 * @param maxBodyBytes  largest single JSON request body (413 above)
 * @param maxBulkBytes  largest NDJSON bulk or import body (413 above)
 * @param bulkBatchSize bulk lines written per commit
 * @param importBatchSize rows of an imported file ({@code POST /api/import}) written per commit; a batch is held in
 *                      memory until its commit, and a second one is read meanwhile
 * @param demoCount     customers generated into an empty index at start ({@code 0}: none)
 * @param demoSeed      seed of the demo generator, so every newcomer sees the same customers
 * @param demoLocales   locales of the demo customers
 * @param security      API keys and access rules
 * @param spendBuckets  lower edges of the lifetime-spend facet buckets, increasing: [e0,e1), …, [en,∞)
 * @param currency      the base currency of every derived spend figure and the rates into it ({@code currency.base},
 *                      {@code currency.rates}); {@link dev.clientele.customer.CurrencyRates#NONE} (no base: amounts
 *                      summed as they are) unless configured
 * @param dedup         duplicate-matching numbers that differ from the engine's defaults, by their key under
 *                      {@code dedup:} (e.g. {@code likely_threshold}, {@code weights.emails.high})
 * @param collation     the collation of {@code sort=name} ({@code search.collation}): {@code root} (default) or a
 *                      language tag such as {@code hu}, {@code de}, {@code ru}; a change re-indexes at the next start
 */
public record AppConfig(
        String host,
        int port,
        Path dataDir,
        double ramBufferMb,
        long minFreeDiskMb,
        long maxBodyBytes,
        long maxBulkBytes,
        int bulkBatchSize,
        int importBatchSize,
        int demoCount,
        long demoSeed,
        List<String> demoLocales,
        Security security,
        List<BigDecimal> spendBuckets,
        java.util.Map<String, Double> dedup,
        dev.clientele.customer.CurrencyRates currency,
        Backup backup,
        String collation,
        java.time.Duration optimizeWhenIdle) {

    /** How long the index must go without writes before it is merged into one segment by itself, by default. */
    public static final java.time.Duration DEFAULT_OPTIMIZE_WHEN_IDLE = java.time.Duration.ofMinutes(30);

    /**
     * @param optimizeWhenIdle {@code index.optimize_when_idle}: after this long without a write the server merges
     *                         the index into one segment, when that is worth it; zero: never; null: the default
     */
    public AppConfig {
        currency = currency == null ? dev.clientele.customer.CurrencyRates.NONE : currency;
        backup = backup == null ? Backup.OFF : backup;
        collation = collation == null ? "root" : collation;
        optimizeWhenIdle = optimizeWhenIdle == null ? DEFAULT_OPTIMIZE_WHEN_IDLE
                : optimizeWhenIdle.isNegative() ? java.time.Duration.ZERO : optimizeWhenIdle;
    }

    /** The settings with the index merged by itself after the default idle time. */
    public AppConfig(String host, int port, Path dataDir, double ramBufferMb, long minFreeDiskMb, long maxBodyBytes,
                     long maxBulkBytes, int bulkBatchSize, int importBatchSize, int demoCount, long demoSeed,
                     List<String> demoLocales, Security security, List<BigDecimal> spendBuckets,
                     java.util.Map<String, Double> dedup, dev.clientele.customer.CurrencyRates currency,
                     Backup backup, String collation) {
        this(host, port, dataDir, ramBufferMb, minFreeDiskMb, maxBodyBytes, maxBulkBytes, bulkBatchSize,
                importBatchSize, demoCount, demoSeed, demoLocales, security, spendBuckets, dedup, currency, backup,
                collation, null);
    }

    /** The settings with names sorted in the root collation. */
    public AppConfig(String host, int port, Path dataDir, double ramBufferMb, long minFreeDiskMb, long maxBodyBytes,
                     long maxBulkBytes, int bulkBatchSize, int importBatchSize, int demoCount, long demoSeed,
                     List<String> demoLocales, Security security, List<BigDecimal> spendBuckets,
                     java.util.Map<String, Double> dedup, dev.clientele.customer.CurrencyRates currency,
                     Backup backup) {
        this(host, port, dataDir, ramBufferMb, minFreeDiskMb, maxBodyBytes, maxBulkBytes, bulkBatchSize,
                importBatchSize, demoCount, demoSeed, demoLocales, security, spendBuckets, dedup, currency, backup,
                null);
    }

    /** The settings without scheduled backups. */
    public AppConfig(String host, int port, Path dataDir, double ramBufferMb, long minFreeDiskMb, long maxBodyBytes,
                     long maxBulkBytes, int bulkBatchSize, int importBatchSize, int demoCount, long demoSeed,
                     List<String> demoLocales, Security security, List<BigDecimal> spendBuckets,
                     java.util.Map<String, Double> dedup, dev.clientele.customer.CurrencyRates currency) {
        this(host, port, dataDir, ramBufferMb, minFreeDiskMb, maxBodyBytes, maxBulkBytes, bulkBatchSize,
                importBatchSize, demoCount, demoSeed, demoLocales, security, spendBuckets, dedup, currency, null);
    }

    /**
     * Backups the server makes by itself while it runs.
     *
     * @param every how often (null: never; backups then come only from {@code POST /api/admin/backups} or
     *              {@code clientele backup}); the first is due one interval after the newest backup there is, so a
     *              server restarted more often than that still makes them
     * @param keep  how many backups the backup directory keeps: once a scheduled backup is made and verified, the
     *              oldest beyond this number are deleted, made by hand or not (0: all are kept)
     * @param dir   where backups go ({@code backup.dir}), ideally another disk than the data's; null:
     *              {@code <data>/backups}
     */
    public record Backup(java.time.Duration every, int keep, Path dir) {
        public static final Backup OFF = new Backup(null, 0);

        /** Backups into {@code <data>/backups}. */
        public Backup(java.time.Duration every, int keep) {
            this(every, keep, null);
        }

        public Backup {
            if (every != null && (every.isZero() || every.isNegative())) {
                every = null;
            }
            if (keep < 0) {
                throw new IllegalArgumentException("keep must be 0 (all) or more");
            }
        }

        public boolean scheduled() {
            return every != null;
        }

        /** The same settings with backups going to {@code newDir} (null: {@code <data>/backups}). */
        public Backup withDir(Path newDir) {
            return new Backup(every, keep, newDir);
        }
    }

    /** The settings without a base currency (as before base currencies existed). */
    public AppConfig(String host, int port, Path dataDir, double ramBufferMb, long minFreeDiskMb, long maxBodyBytes,
                     long maxBulkBytes, int bulkBatchSize, int importBatchSize, int demoCount, long demoSeed,
                     List<String> demoLocales, Security security, List<BigDecimal> spendBuckets,
                     java.util.Map<String, Double> dedup) {
        this(host, port, dataDir, ramBufferMb, minFreeDiskMb, maxBodyBytes, maxBulkBytes, bulkBatchSize,
                importBatchSize, demoCount, demoSeed, demoLocales, security, spendBuckets, dedup, null);
    }

    /**
     * Access control settings.
     *
     * @param enabled            check API keys and roles ({@code false}: everyone is admin; trusted setups only)
     * @param openReadOnLoopback requests from this machine without a key get the reader role
     * @param adminKey           on the first start (no keys yet) this key becomes the admin key; null: generate one
     */
    public record Security(boolean enabled, boolean openReadOnLoopback, String adminKey, int rateLimitPerMinute) {
        /** Requests per minute per key (or per anonymous caller) by default: bursts of that size, then 100/s. */
        public static final int DEFAULT_RATE_LIMIT = 6_000;
        public static final Security DEFAULTS = new Security(true, true, null, DEFAULT_RATE_LIMIT);

        public Security(boolean enabled, boolean openReadOnLoopback, String adminKey) {
            this(enabled, openReadOnLoopback, adminKey, DEFAULT_RATE_LIMIT);
        }

        @Override
        public String toString() {
            return "Security[enabled=" + enabled + ", openReadOnLoopback=" + openReadOnLoopback + ", adminKey="
                    + (adminKey == null ? "none" : "(set)") + ", rateLimitPerMinute=" + rateLimitPerMinute + "]";
        }
    }

    public static final AppConfig DEFAULTS = new AppConfig("127.0.0.1", 7070, Path.of("index-data"), 128,
            dev.clientele.index.IndexSettings.DEFAULT_MIN_FREE_BYTES / (1024 * 1024), 1_048_576, 1_073_741_824L, 5_000, 20_000, 3_000, 42, List.of("hu", "ru", "de", "en"), Security.DEFAULTS,
            List.of(BigDecimal.ZERO, BigDecimal.valueOf(100), BigDecimal.valueOf(500), BigDecimal.valueOf(1000),
                    BigDecimal.valueOf(5000)), java.util.Map.of());

    /** {@link #minFreeDiskMb()} in bytes. */
    public long minFreeDiskBytes() {
        return minFreeDiskMb * 1024 * 1024;
    }

    public AppConfig withMinFreeDiskMb(long mb) {
        return new AppConfig(host, port, dataDir, ramBufferMb, mb, maxBodyBytes, maxBulkBytes, bulkBatchSize,
                importBatchSize, demoCount, demoSeed, demoLocales, security, spendBuckets, dedup, currency, backup,
                collation, optimizeWhenIdle);
    }

    /** Where backups go: {@code backup.dir}, or {@code <data>/backups} without it. */
    public Path backupDir() {
        return backup.dir() != null ? backup.dir() : dataDir.resolve("backups");
    }

    /** The directory of the Lucene index inside the data directory. */
    public Path indexDir() {
        return dataDir.resolve("index");
    }

    public AppConfig withPort(int newPort) {
        return new AppConfig(host, newPort, dataDir, ramBufferMb, minFreeDiskMb, maxBodyBytes, maxBulkBytes, bulkBatchSize, importBatchSize,
                demoCount, demoSeed, demoLocales, security, spendBuckets, dedup, currency, backup, collation, optimizeWhenIdle);
    }

    public AppConfig withDataDir(Path newDataDir) {
        return new AppConfig(host, port, newDataDir, ramBufferMb, minFreeDiskMb, maxBodyBytes, maxBulkBytes, bulkBatchSize, importBatchSize,
                demoCount, demoSeed, demoLocales, security, spendBuckets, dedup, currency, backup, collation, optimizeWhenIdle);
    }

    public AppConfig withHost(String newHost) {
        return new AppConfig(newHost, port, dataDir, ramBufferMb, minFreeDiskMb, maxBodyBytes, maxBulkBytes, bulkBatchSize, importBatchSize,
                demoCount, demoSeed, demoLocales, security, spendBuckets, dedup, currency, backup, collation, optimizeWhenIdle);
    }

    public AppConfig withDedup(java.util.Map<String, Double> newDedup) {
        return new AppConfig(host, port, dataDir, ramBufferMb, minFreeDiskMb, maxBodyBytes, maxBulkBytes, bulkBatchSize, importBatchSize,
                demoCount, demoSeed, demoLocales, security, spendBuckets, java.util.Map.copyOf(newDedup), currency, backup,
                collation, optimizeWhenIdle);
    }

    public AppConfig withSpendBuckets(List<BigDecimal> newSpendBuckets) {
        return new AppConfig(host, port, dataDir, ramBufferMb, minFreeDiskMb, maxBodyBytes, maxBulkBytes, bulkBatchSize, importBatchSize,
                demoCount, demoSeed, demoLocales, security, List.copyOf(newSpendBuckets), dedup, currency, backup,
                collation, optimizeWhenIdle);
    }

    public AppConfig withBackup(Backup newBackup) {
        return new AppConfig(host, port, dataDir, ramBufferMb, minFreeDiskMb, maxBodyBytes, maxBulkBytes, bulkBatchSize,
                importBatchSize, demoCount, demoSeed, demoLocales, security, spendBuckets, dedup, currency, newBackup,
                collation, optimizeWhenIdle);
    }

    public AppConfig withCurrency(dev.clientele.customer.CurrencyRates newCurrency) {
        return new AppConfig(host, port, dataDir, ramBufferMb, minFreeDiskMb, maxBodyBytes, maxBulkBytes, bulkBatchSize,
                importBatchSize, demoCount, demoSeed, demoLocales, security, spendBuckets, dedup, newCurrency, backup,
                collation, optimizeWhenIdle);
    }

    public AppConfig withImportBatchSize(int newImportBatchSize) {
        return new AppConfig(host, port, dataDir, ramBufferMb, minFreeDiskMb, maxBodyBytes, maxBulkBytes, bulkBatchSize,
                newImportBatchSize, demoCount, demoSeed, demoLocales, security, spendBuckets, dedup, currency, backup,
                collation, optimizeWhenIdle);
    }

    public AppConfig withDemoCount(int newDemoCount) {
        return new AppConfig(host, port, dataDir, ramBufferMb, minFreeDiskMb, maxBodyBytes, maxBulkBytes, bulkBatchSize, importBatchSize,
                newDemoCount, demoSeed, demoLocales, security, spendBuckets, dedup, currency, backup, collation, optimizeWhenIdle);
    }

    public AppConfig withOptimizeWhenIdle(java.time.Duration idle) {
        return new AppConfig(host, port, dataDir, ramBufferMb, minFreeDiskMb, maxBodyBytes, maxBulkBytes, bulkBatchSize,
                importBatchSize, demoCount, demoSeed, demoLocales, security, spendBuckets, dedup, currency, backup,
                collation, idle);
    }

    public AppConfig withCollation(String newCollation) {
        return new AppConfig(host, port, dataDir, ramBufferMb, minFreeDiskMb, maxBodyBytes, maxBulkBytes, bulkBatchSize,
                importBatchSize, demoCount, demoSeed, demoLocales, security, spendBuckets, dedup, currency, backup,
                newCollation, optimizeWhenIdle);
    }

    public AppConfig withSecurity(Security newSecurity) {
        return new AppConfig(host, port, dataDir, ramBufferMb, minFreeDiskMb, maxBodyBytes, maxBulkBytes, bulkBatchSize, importBatchSize,
                demoCount, demoSeed, demoLocales, newSecurity, spendBuckets, dedup, currency, backup, collation, optimizeWhenIdle);
    }

    /** The key that becomes the admin key on the first start (tests use a fixed one). */
    public AppConfig withAdminKey(String key) {
        return withSecurity(new Security(security.enabled(), security.openReadOnLoopback(), key,
                security.rateLimitPerMinute()));
    }

    public AppConfig withOpenReadOnLoopback(boolean open) {
        return withSecurity(new Security(security.enabled(), open, security.adminKey(), security.rateLimitPerMinute()));
    }

    /** Requests per minute per caller; 0 turns limiting off. */
    public AppConfig withRateLimit(int perMinute) {
        return withSecurity(new Security(security.enabled(), security.openReadOnLoopback(), security.adminKey(),
                perMinute));
    }
}
