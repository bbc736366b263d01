package dev.clientele.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs background jobs one at a time per kind (a second import waits for the first, reported as {@code queued}) and
 * keeps their progress for polling. Finished jobs are remembered (the newest 100). A job can be cancelled: a queued
 * one never runs, a running one is asked to stop ({@link Progress#cancelled}) and ends {@code cancelled} once it has
 * made what it did durable. Each job remembers who started it (an API key's id, {@link Job#startedBy}), so that the
 * HTTP layer can show and cancel it only to that key and to admins. Thread-safe; {@link #close} stops the pools.
 */
public final class Jobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Jobs.class);
    private static final int KEEP = 100;

    /** What a running job reports to. */
    public interface Progress {
        /** The job's id. */
        String id();

        void total(long total);

        void advance(long units);

        /** Sets how many units are done (for work measured in absolute terms, such as bytes read). */
        void done(long units);

        void count(String name, long delta);

        /** Sets a counter to a value. */
        void set(String name, long value);

        /** Makes the job's {@code rate} count this counter per second (rows, say) instead of units. */
        default void rateOf(String counter) {
        }

        /**
         * Whether someone asked to cancel the job: a job that can stop early checks this between steps, ends what it
         * started (commits what it wrote) and returns; the job then reads {@code cancelled}.
         */
        default boolean cancelled() {
            return false;
        }
    }

    /**
     * Thrown by a job whose input was refused (an import file that cannot be read): the job fails with the cause's
     * class and message, for the caller who polls it, and the log only says that it was refused, because such a
     * message may quote the input, which can be personal data (a file without a header row names its first customer
     * as the "columns").
     */
    public static final class Refused extends RuntimeException {
        private final String reason;

        public Refused(RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
            this.reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        }
    }

    /** One thread per kind: jobs of a kind run in the order they were asked for. */
    private final Map<String, ExecutorService> pools = new ConcurrentHashMap<>();
    private final Map<String, Running> jobs = new ConcurrentSkipListMap<>();
    private final Clock clock;
    /** Set by {@link #close}, under the lock of {@link #pools}. */
    private boolean closed;

    public Jobs(Clock clock) {
        this.clock = clock;
    }

    public Jobs() {
        this(Clock.systemUTC());
    }

    /** Starts a job nobody in particular started (only admins may see it); returns its first snapshot. */
    public Job start(String kind, Consumer<Progress> work) {
        return start(kind, null, List.of(), work);
    }

    /** As {@link #start(String, String, Collection, Consumer)} for a job nobody in particular started. */
    public Job start(String kind, Collection<String> counters, Consumer<Progress> work) {
        return start(kind, null, counters, work);
    }

    /**
     * Starts a job whose {@code counters} read 0 from the start, so that a count nothing was found for reads 0
     * rather than being absent; returns its first snapshot.
     *
     * @param startedBy the id of the API key that asked for it, or null
     */
    public Job start(String kind, String startedBy, Collection<String> counters, Consumer<Progress> work) {
        String id = kind + "-" + Instant.now(clock).toEpochMilli() + "-" + UUID.randomUUID().toString().substring(0, 8);
        Running r = new Running(id, kind, startedBy, Instant.now(clock));
        for (String name : counters) {
            r.set(name, 0);
        }
        jobs.put(id, r);
        trim();
        Runnable task = () -> {
            if (!r.begin(Instant.now(clock))) {
                return; // cancelled while queued
            }
            try {
                work.accept(r);
                r.finish(null, Instant.now(clock));
            } catch (Refused e) {
                LOG.info("job {} refused its input ({})", id, e.getCause().getClass().getSimpleName());
                r.finish(e.reason, Instant.now(clock));
            } catch (RuntimeException | Error e) {
                LOG.error("job {} failed", id, e);
                r.finish(e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage()
                        : "the job failed unexpectedly (" + e.getClass().getSimpleName() + "); the server log has "
                        + "the details under job " + id, Instant.now(clock));
            }
        };
        synchronized (pools) {
            if (closed) { // as a job still queued when the jobs closed: cancelled, never run, no pool made again
                r.cancelQueued(Instant.now(clock));
                return r.snapshot(Instant.now(clock));
            }
            ExecutorService pool = pools.computeIfAbsent(kind, k -> Executors.newSingleThreadExecutor(t -> {
                Thread thread = new Thread(t, "clientele-job-" + k);
                thread.setDaemon(true);
                return thread;
            }));
            r.future = pool.submit(task);
        }
        return r.snapshot(Instant.now(clock));
    }

    /**
     * Cancels a job: a queued one ends {@code cancelled} at once and never runs; a running one is asked to stop and
     * ends {@code cancelled} when it has (a job that cannot stop early runs to its end and keeps its state).
     * Returns the job as it is now, or empty for an unknown id.
     */
    public Optional<Job> cancel(String id) {
        Running r = jobs.get(id);
        if (r == null) {
            return Optional.empty();
        }
        if (r.cancelQueued(Instant.now(clock)) && r.future != null) {
            r.future.cancel(false);
        }
        return Optional.of(r.snapshot(Instant.now(clock)));
    }

    public Optional<Job> get(String id) {
        Running r = jobs.get(id);
        return r == null ? Optional.empty() : Optional.of(r.snapshot(Instant.now(clock)));
    }

    public List<Job> list() {
        Instant now = Instant.now(clock);
        return jobs.values().stream().map(r -> r.snapshot(now)).sorted((x, y) -> y.startedAt().compareTo(x.startedAt()))
                .toList();
    }

    /** Blocks until a job ends (for tests and the CLI). */
    public Job await(String id, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            Job j = get(id).orElseThrow();
            if (j.state().ended()) {
                return j;
            }
            Thread.sleep(20);
        }
        return get(id).orElseThrow();
    }

    private void trim() {
        if (jobs.size() <= KEEP) {
            return;
        }
        Collection<Running> all = jobs.values();
        all.stream().filter(r -> r.finishedAt != null).sorted((x, y) -> x.startedAt.compareTo(y.startedAt))
                .limit(jobs.size() - KEEP).forEach(r -> jobs.remove(r.id));
    }

    /**
     * Stops the jobs, as a cancel each ({@link #cancel}): a queued one ends {@code cancelled} and never runs, a running
     * one is asked to stop and given ten seconds to commit what it did (an import: every row it read); one still
     * running then is interrupted. Interrupting at once, as this did, failed an import midway: the read of its spool
     * file ended in {@code ClosedByInterruptException}, and the job read {@code failed} for a stop.
     */
    @Override
    public void close() {
        synchronized (pools) { // a job started from now on is cancelled at once; each one before has its future
            closed = true;
        }
        Instant now = Instant.now(clock);
        for (Running r : jobs.values()) {
            if (r.cancelQueued(now) && r.future != null) {
                r.future.cancel(false);
            }
        }
        pools.values().forEach(ExecutorService::shutdown);
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            for (ExecutorService pool : pools.values()) {
                if (!pool.awaitTermination(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    pool.shutdownNow();
                    pool.awaitTermination(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            pools.values().forEach(ExecutorService::shutdownNow);
            Thread.currentThread().interrupt();
        }
    }

    private static final class Running implements Progress {
        final String id;
        final String kind;
        final String startedBy;
        final Instant startedAt;
        final AtomicLong total = new AtomicLong(-1);
        final AtomicLong done = new AtomicLong();
        final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
        volatile Instant runningSince;
        volatile Instant finishedAt;
        volatile String error;
        volatile String rateOf;
        volatile boolean cancelRequested;
        volatile boolean cancelSeen;
        volatile java.util.concurrent.Future<?> future;

        Running(String id, String kind, String startedBy, Instant startedAt) {
            this.id = id;
            this.kind = kind;
            this.startedBy = startedBy;
            this.startedAt = startedAt;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public void done(long units) {
            done.set(units);
        }

        @Override
        public void set(String name, long value) {
            counts.computeIfAbsent(name, k -> new AtomicLong()).set(value);
        }

        @Override
        public void total(long t) {
            total.set(t);
        }

        @Override
        public void advance(long units) {
            done.addAndGet(units);
        }

        @Override
        public void count(String name, long delta) {
            counts.computeIfAbsent(name, k -> new AtomicLong()).addAndGet(delta);
        }

        @Override
        public void rateOf(String counter) {
            rateOf = counter;
        }

        @Override
        public boolean cancelled() {
            if (cancelRequested) {
                cancelSeen = true; // the job stops early: it ends cancelled, not succeeded
                return true;
            }
            return false;
        }

        /** Marks the job running unless it was cancelled while queued; false if it was. */
        synchronized boolean begin(Instant at) {
            if (finishedAt != null) { // only a cancel ends a job before it runs
                return false;
            }
            runningSince = at;
            return true;
        }

        /** Cancels a queued job at once (true), or asks a running one to stop (false). */
        synchronized boolean cancelQueued(Instant at) {
            if (finishedAt != null) {
                return false;
            }
            cancelRequested = true;
            if (runningSince == null) {
                cancelSeen = true;
                finishedAt = at;
                return true;
            }
            return false;
        }

        void finish(String err, Instant at) {
            error = err;
            finishedAt = at;
        }

        Job snapshot(Instant now) {
            // finishedAt and runningSince are read once, before the counters: the job thread sets finishedAt after its
            // last count, so counters read after a finishedAt that is set hold the final figures. Read again after
            // the counters (as this did), a job could end in between and read "succeeded" with the counts it had
            // before its work ran (done 0 of 10).
            Instant finished = finishedAt;
            Instant since = runningSince;
            Instant end = finished == null ? now : finished;
            Instant from = since == null ? end : since;
            double seconds = Math.max(0.001, Duration.between(from, end).toMillis() / 1000.0);
            long d = done.get();
            long t = total.get();
            double donePerSecond = since == null ? 0 : d / seconds;
            String of = rateOf;
            AtomicLong rateCount = of == null ? null : counts.get(of);
            double rate = of == null ? donePerSecond
                    : since == null || rateCount == null ? 0 : rateCount.get() / seconds;
            Long eta = finished == null && t > 0 && donePerSecond > 0 ? (long) Math.ceil((t - d) / donePerSecond)
                    : null;
            Map<String, Long> c = new java.util.TreeMap<>();
            counts.forEach((k, v) -> c.put(k, v.get()));
            Job.State state = finished == null ? Job.State.RUNNING
                    : error != null ? Job.State.FAILED
                    : cancelSeen ? Job.State.CANCELLED : Job.State.SUCCEEDED;
            return new Job(id, kind, state, t, d, c, Math.round(rate * 10) / 10.0, eta, startedAt, finished, error,
                    finished == null && since == null, since, of,
                    Math.round(donePerSecond * 10) / 10.0, cancelRequested, startedBy);
        }
    }
}
