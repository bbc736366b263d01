package dev.clientele.ingest;

/**
 * The file became unreadable midway (a quote never closed, a read error): the rows read before that point were
 * written and committed, and {@link #partial()} reports them, so the caller knows what is stored before fixing the
 * file and running it again (rows without an {@code external_id} would be created twice otherwise).
 */
public final class ImportStoppedException extends ImportException {
    private final transient ImportService.Result partial;

    ImportStoppedException(ImportException cause, ImportService.Result partial) {
        super(cause.getMessage() + "; the file was read up to there: " + partial.report().imported()
                + (partial.report().imported() == 1 ? " row is" : " rows are") + " stored, "
                + partial.report().rejected() + " rejected", cause.row(), cause.column(), cause);
        this.partial = partial;
    }

    /** The report of the rows read before the problem; they are stored. */
    public ImportService.Result partial() {
        return partial;
    }
}
