package dev.clientele.ops;

import dev.clientele.config.AppConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backups a server makes by itself ({@code backup.every}, {@code backup.keep}): each is made as
 * {@code POST /api/admin/backups} makes one, verified, and only then are the oldest backups beyond {@code keep}
 * deleted, so a failed or damaged backup never costs an older good one. The next is due one interval after the
 * newest backup there is (made by hand or not), so restarts do not postpone them; with none yet, the first comes
 * an hour after start (or one interval, if shorter), not during start-up and warm-up.
 *
 * <p>Thread-safe; {@link #close} stops the timer (a backup in progress finishes first).
 */
public final class BackupSchedule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackupSchedule.class);
    private static final Duration FIRST_AFTER_START = Duration.ofHours(1);
    private static final Duration OVERDUE_AFTER_START = Duration.ofMinutes(5);

    /** Where the schedule stands, for {@code GET /api/admin/backups}. */
    public record Status(Long everySeconds, int keep, Instant nextAt, Instant lastAt, String lastError,
                         List<String> deleted) {
    }

    private final Backups backups;
    private final Supplier<BackupManifest> backup;
    private final AppConfig.Backup settings;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private volatile Instant nextAt;
    private volatile String lastError;
    private volatile List<String> deleted = List.of();

    /**
     * @param backup makes one backup of the running server (the same as {@code POST /api/admin/backups})
     */
    public BackupSchedule(Backups backups, Supplier<BackupManifest> backup, AppConfig.Backup settings, Clock clock) {
        this.backups = backups;
        this.backup = backup;
        this.settings = settings;
        this.clock = clock;
        if (settings.scheduled()) {
            java.util.concurrent.ScheduledThreadPoolExecutor t = new java.util.concurrent.ScheduledThreadPoolExecutor(1,
                    r -> {
                        Thread thread = new Thread(r, "clientele-backup");
                        thread.setDaemon(true);
                        return thread;
                    });
            t.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // a stop does not wait for the next one
            this.timer = t;
        } else {
            this.timer = null;
        }
    }

    /** Plans the first backup (nothing when none is scheduled). */
    public void start() {
        if (timer == null) {
            return;
        }
        Instant now = clock.instant();
        List<BackupManifest> all = backups.list();
        Instant due;
        if (all.isEmpty()) {
            due = now.plus(min(FIRST_AFTER_START, settings.every()));
        } else {
            due = all.getLast().createdAt().plus(settings.every());
            Instant earliest = now.plus(min(OVERDUE_AFTER_START, settings.every()));
            if (due.isBefore(earliest)) {
                due = earliest;
            }
        }
        plan(due);
        LOG.info("scheduled backups every {}, keeping {}; next at {}", settings.every(),
                settings.keep() == 0 ? "all" : settings.keep(), due);
    }

    private void plan(Instant due) {
        nextAt = due;
        long delay = Math.max(0, Duration.between(clock.instant(), due).toMillis());
        timer.schedule(this::tick, delay, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            runNow();
        } catch (RuntimeException e) {
            // Said in the status and the log; the next one is tried at the next interval.
        } finally {
            if (!timer.isShutdown()) {
                plan(clock.instant().plus(settings.every()));
            }
        }
    }

    /**
     * Makes and verifies a backup now, then deletes the oldest beyond {@code keep}.
     *
     * @throws RuntimeException when the backup or its verification fails (nothing is deleted then)
     */
    public synchronized BackupManifest runNow() {
        try {
            BackupManifest made = backup.get();
            backups.verify(made.id());
            lastError = null;
            deleted = prune(made.id());
            LOG.info("scheduled backup {} made and verified ({} customers){}", made.id(), made.customers(),
                    deleted.isEmpty() ? "" : "; deleted the oldest: " + String.join(", ", deleted));
            return made;
        } catch (RuntimeException e) {
            lastError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.error("scheduled backup failed: {}", lastError);
            throw e;
        }
    }

    /** Deletes the oldest backups beyond {@code keep}, never {@code newest}; returns their ids. */
    private List<String> prune(String newest) {
        if (settings.keep() == 0) {
            return List.of();
        }
        List<BackupManifest> all = backups.list(); // oldest first
        List<String> gone = new java.util.ArrayList<>();
        for (int i = 0; i < all.size() - settings.keep(); i++) {
            String id = all.get(i).id();
            if (!id.equals(newest)) {
                backups.delete(id);
                gone.add(id);
            }
        }
        return List.copyOf(gone);
    }

    /** Where the schedule stands; {@code lastAt} is the newest backup there is, made by hand or not. */
    public Status status() {
        List<BackupManifest> all = backups.list();
        return new Status(settings.scheduled() ? settings.every().toSeconds() : null, settings.keep(),
                settings.scheduled() ? nextAt : null, all.isEmpty() ? null : all.getLast().createdAt(), lastError,
                deleted);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdown();
            try {
                timer.awaitTermination(10, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
