package dev.clientele.ingest;

import dev.clientele.customer.Customer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The outcome of reading a whole import file: how many records were read and accepted, the row errors (at most
 * {@link #MAX_ERRORS} kept, {@link #errorCount()} counts them all) and the warnings.
 */
public record ImportReport(int rows, int imported, int rejected, List<RowError> errors, int errorCount,
        List<RowError> warnings) {
    /** Row errors kept in a report; a file of garbage must not fill the heap with its errors. */
    public static final int MAX_ERRORS = 1000;

    public ImportReport {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    /**
     * Reads every row, hands each valid customer to {@code sink} in file order and collects the rest; closes the
     * reader. An exception from the sink (such as a store failure) stops the import and propagates, because it is
     * not a problem with the row.
     *
     * @throws ImportException when the file itself cannot be read on
     */
    public static ImportReport run(CustomerReader reader, Consumer<Customer> sink) {
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(sink, "sink");
        int rows = 0;
        int imported = 0;
        int errorCount = 0;
        List<RowError> errors = new ArrayList<>();
        try (reader) {
            while (reader.hasNext()) {
                ImportRow row = reader.next();
                rows++;
                if (row.ok()) {
                    sink.accept(row.customer());
                    imported++;
                } else {
                    for (RowError e : row.errors()) {
                        if (errors.size() < MAX_ERRORS) {
                            errors.add(e);
                        }
                        errorCount++;
                    }
                }
            }
            return new ImportReport(rows, imported, rows - imported, errors, errorCount, reader.warnings());
        }
    }

    /** True when some errors were counted but not kept. */
    public boolean errorsTruncated() {
        return errorCount > errors.size();
    }
}
