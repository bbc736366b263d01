package dev.clientele.jobs;

import java.time.Instant;
import java.util.Map;

/**
 * A snapshot of a background job (a duplicate scan, an import): what it is, how far it got, and how it ended.
 *
 * @param total   units of work expected, or -1 when unknown
 * @param done    units finished so far
 * @param counts  named result counters (e.g. {@code pairs_found}, {@code rows_rejected})
 * @param rate    per second since the job began running: of the counter {@code rateOf} names, or of units when
 *                {@code rateOf} is null
 * @param etaSeconds seconds left at the current rate of units, or null when unknown
 * @param startedAt when the job was asked for
 * @param queued  whether it still waits for an earlier job of its kind (its state reads {@code running}
 *                meanwhile, so that a client that polls while {@code running} keeps polling)
 * @param runningSince when it began running, or null while queued
 * @param rateOf  the counter {@code rate} counts, e.g. {@code rows_read}; null for units
 * @param donePerSecond units per second since it began running (for an import: bytes of the file)
 * @param cancelRequested whether someone asked to cancel it while it ran
 * @param startedBy the id of the API key that started it (null for a job the server started by itself); only that
 *                  key and admin keys may read or cancel it
 */
public record Job(String id, String kind, State state, long total, long done, Map<String, Long> counts,
                  double rate, Long etaSeconds, Instant startedAt, Instant finishedAt, String error,
                  boolean queued, Instant runningSince, String rateOf, double donePerSecond,
                  boolean cancelRequested, String startedBy) {

    /** Where a job is in its life. */
    public enum State {
        RUNNING, SUCCEEDED, FAILED, CANCELLED;

        /** Whether the job has ended. */
        public boolean ended() {
            return this != RUNNING;
        }

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
