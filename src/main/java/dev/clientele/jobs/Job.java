package dev.clientele.jobs;

import java.time.Instant;
import java.util.Map;

/**
 * A snapshot of a background job (a duplicate scan, an import): what it is, how far it got, and how it ended.
 *
 * @param total   units of work expected, or -1 when unknown
 * @param done    units finished so far
 * @param counts  named result counters (e.g. {@code pairs_found}, {@code rows_rejected})
 * @param rate    units per second so far
 * @param etaSeconds seconds left at the current rate, or null when unknown
 */
public record Job(String id, String kind, State state, long total, long done, Map<String, Long> counts,
                  double rate, Long etaSeconds, Instant startedAt, Instant finishedAt, String error) {

    /** Where a job is in its life. */
    public enum State {
        RUNNING, SUCCEEDED, FAILED;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
