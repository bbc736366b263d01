package dev.clientele.ingest;

import java.util.NoSuchElementException;

/**
 * The iterator half of a {@link CustomerReader}: reads one record ahead so {@link #hasNext()} can answer, and
 * leaves only {@link #readNext()} (the format's own parsing) to the subclass. Not thread-safe.
 */
abstract class LookAheadReader implements CustomerReader {
    private ImportRow pending;
    private boolean done;

    /** The next record, or null at the end of the input. */
    protected abstract ImportRow readNext();

    @Override
    public final boolean hasNext() {
        if (pending == null && !done) {
            pending = readNext();
            done = pending == null;
        }
        return pending != null;
    }

    @Override
    public final ImportRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ImportRow r = pending;
        pending = null;
        return r;
    }
}
