package dev.clientele.ops;

import dev.clientele.config.AppConfig;
import dev.clientele.config.ConfigException;
import dev.clientele.index.CustomerIndex;
import dev.clientele.security.Authenticator;
import dev.clientele.security.KeyBootstrap;
import dev.clientele.security.KeyStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operational services of a running server: authentication (API keys), audit log, metrics and backups.
 * Built once by {@code App}; closed once at shutdown, after the HTTP server stops.
 */
public final class Operations implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Operations.class);

    private final Authenticator authenticator;
    private final AuditLog audit;
    private final Metrics metrics;
    private final Backups backups;
    private final CustomerIndex index;
    private volatile List<Backups.Part> backupParts;
    private volatile BackupSchedule schedule;
    private volatile IndexOptimizer optimizer;
    private final Startup startup = new Startup();

    public Operations(Authenticator authenticator, AuditLog audit, Metrics metrics, Backups backups,
                      CustomerIndex index) {
        this.authenticator = authenticator;
        this.audit = audit;
        this.metrics = metrics;
        this.backups = backups;
        this.index = index;
        backupParts(List.of());
        this.schedule = new BackupSchedule(backups, this::backup, AppConfig.Backup.OFF, java.time.Clock.systemUTC());
        this.optimizer = new IndexOptimizer(index, java.time.Duration.ZERO, stop -> { });
    }

    /**
     * Starts merging the index by itself after {@code whenIdle} without writes ({@code index.optimize_when_idle});
     * {@code afterMerge} runs after each merge (the search warm-up). Call once start-up has finished.
     */
    public void startOptimizer(java.time.Duration whenIdle,
                               java.util.function.Consumer<java.util.function.BooleanSupplier> afterMerge) {
        IndexOptimizer o = new IndexOptimizer(index, whenIdle, afterMerge);
        o.start();
        IndexOptimizer before = optimizer;
        optimizer = o;
        before.close();
    }

    /** Merges of the index into one segment: by hand and when idle. */
    public IndexOptimizer optimizer() {
        return optimizer;
    }

    /** Starts the backups the server makes by itself ({@code backup.every}); call once the backup parts are set. */
    public void scheduleBackups(AppConfig.Backup settings) {
        BackupSchedule s = new BackupSchedule(backups, this::backup, settings, java.time.Clock.systemUTC());
        s.start();
        this.schedule = s;
        metrics.gauge("clientele.backup.newest", "seconds", "When the newest backup was made (Unix time; NaN: none)",
                () -> {
                    java.time.Instant last = s.status().lastAt();
                    return last == null ? Double.NaN : last.getEpochSecond();
                });
    }

    /** The backups the server makes by itself. */
    public BackupSchedule schedule() {
        return schedule;
    }

    /**
     * Opens the key store (creating the first admin key if there is none; a generated one is printed to
     * {@code console}), the audit log and the metrics of a data directory.
     */
    public static Operations open(AppConfig config, CustomerIndex index, PrintStream console) {
        Path backupDir = checkedBackupDir(config); // before anything is written
        AppConfig.Security sec = config.security();
        KeyStore keys = KeyStore.open(config.dataDir());
        if (sec.enabled()) {
            try {
                KeyBootstrap.ensureAdmin(keys, sec.adminKey(), console);
            } catch (IllegalArgumentException e) { // the configured first admin key is unusable
                throw new ConfigException("security.admin_key / CLIENTELE_ADMIN_KEY: " + e.getMessage(), e);
            }
            if (sec.openReadOnLoopback()) {
                LOG.info("security: API keys required; requests from loopback (this machine) WITHOUT a key may "
                        + "READ (security.open_read_on_loopback=true; set it to false in production, and note that "
                        + "a reverse proxy on this machine makes every request loopback)");
            } else {
                LOG.info("security: API keys required for every request except /api/health, /api/ready and "
                        + "/api/openapi.json");
            }
        } else {
            LOG.warn("security: DISABLED (security.enabled=false): every request has the admin role");
        }
        AuditLog audit = AuditLog.open(config.dataDir());
        Metrics metrics = new Metrics(index);
        return new Operations(new Authenticator(keys, sec.enabled(), sec.openReadOnLoopback()), audit, metrics,
                Backups.checked(backupDir, config.dataDir(), java.time.Clock.systemUTC()), index);
    }

    /**
     * {@link AppConfig#backupDir}, refused when it is the data directory itself or inside a directory the server
     * owns there (the index, its history, the undo journals, the spool): backups would be mixed with the files they
     * copy, and a restore or a clean-up there could delete them.
     */
    static Path checkedBackupDir(AppConfig config) {
        Path dir = config.backupDir().toAbsolutePath().normalize();
        Path data = config.dataDir().toAbsolutePath().normalize();
        String where = dir.equals(data) ? "the data directory itself"
                : java.util.stream.Stream.of("index", "history", "edits", "spool", "dedup")
                .filter(n -> dir.startsWith(data.resolve(n))).findFirst()
                .map(n -> "inside " + data.resolve(n) + ", which the server owns").orElse(null);
        if (where != null) {
            throw new ConfigException("backup.dir: " + config.backupDir() + " is " + where
                    + "; use another directory, ideally on another disk (default: <data>/backups)");
        }
        return dir;
    }

    /** Whether start-up has finished (the API answers 503 until then). */
    public Startup startup() {
        return startup;
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    public KeyStore keys() {
        return authenticator.keys();
    }

    public AuditLog audit() {
        return audit;
    }

    public Metrics metrics() {
        return metrics;
    }

    public Backups backups() {
        return backups;
    }

    /** Backs up the served index into a new directory under the backup directory ({@code backup.dir}). */
    public BackupManifest backup() {
        return backups.create(index, backupParts);
    }

    /**
     * Sets the data files that backups copy besides the indexes (the services that write them exist only after
     * this object); the key store and the audit log are added here.
     */
    public void backupParts(List<Backups.Part> parts) {
        List<Backups.Part> all = new java.util.ArrayList<>(parts);
        all.add(Backups.Part.locked(Backups.KEYS, keys(), keys().file()));
        all.add(Backups.Part.locked(Backups.AUDIT, audit, audit.file()));
        this.backupParts = List.copyOf(all);
    }

    @Override
    public void close() {
        try {
            schedule.close();
            optimizer.close();
            metrics.close();
        } finally {
            audit.close();
        }
    }
}
