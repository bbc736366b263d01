package dev.clientele.ingest;

import dev.clientele.customer.ConflictException;
import dev.clientele.customer.Customer;
import dev.clientele.customer.CustomerNotFoundException;
import dev.clientele.customer.ErasedPersonException;
import dev.clientele.customer.FieldError;
import dev.clientele.customer.ValidationException;
import dev.clientele.customer.VersionConflictException;
import dev.clientele.store.CustomerStore;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Imports a file into the store: reads it with the format's reader, writes good rows in durable batches (upsert
 * by {@code external_id}, so re-running a file never duplicates), and reports bad rows with row, column and
 * reason. A dry run reads and validates everything and writes nothing.
 *
 * <p>Durability: rows are counted as stored only after the commit of their batch, so a crash loses nothing that
 * was reported stored; re-running the same file finishes the job (rows with an {@code external_id} are upserted;
 * rows without one would be created again, so give rows an {@code external_id} for resumable imports).
 *
 * <p>Thread-safe (no state besides the store).
 */
public final class ImportService {
    /** Rows shown in a dry run's preview. */
    public static final int PREVIEW = 20;
    /**
     * Rows per commit when a file is imported by a process of its own ({@code clientele import}): fewer commits
     * mean bigger segments and less merging. A batch is written in chunks of {@link #CHUNK_SIZE} rows, so it is not
     * held in memory until its commit.
     */
    public static final int FILE_BATCH_SIZE = 50_000;
    /**
     * Rows handed to the store at a time. A commit covers several such chunks, so the rows of a chunk can be
     * dropped as soon as it is indexed instead of being held until the commit (which made them old-generation
     * garbage).
     */
    static final int CHUNK_SIZE = 5_000;

    private final CustomerStore store;
    private final int batchSize;
    private final int chunkSize;
    private final MergedAway mergedAway;

    /**
     * Where the customer went that a merge removed, by the external id it had: duplicate review knows, the import
     * does not. A row with such an external id is refused (naming the record that holds the data now) rather than
     * creating the merged-away customer again.
     */
    @FunctionalInterface
    public interface MergedAway {
        /** Nobody merged anything (no review journal). */
        MergedAway NONE = externalId -> null;

        /**
         * Why a row with this external id must not be written (no stored customer has it, and a merge, not undone,
         * removed the one that had it): a message naming the record holding its data now; else null.
         */
        String refusal(String externalId);
    }

    /** {@code batchSize}: rows per commit. */
    public ImportService(CustomerStore store, int batchSize) {
        this(store, batchSize, MergedAway.NONE);
    }

    /** {@code batchSize}: rows per commit; {@code mergedAway}: see {@link MergedAway}. */
    public ImportService(CustomerStore store, int batchSize, MergedAway mergedAway) {
        this(store, batchSize, CHUNK_SIZE, mergedAway);
    }

    ImportService(CustomerStore store, int batchSize, int chunkSize) {
        this(store, batchSize, chunkSize, MergedAway.NONE);
    }

    ImportService(CustomerStore store, int batchSize, int chunkSize, MergedAway mergedAway) {
        this.mergedAway = Objects.requireNonNull(mergedAway, "mergedAway");
        this.store = Objects.requireNonNull(store, "store");
        if (batchSize < 1 || chunkSize < 1) {
            throw new IllegalArgumentException("batch and chunk sizes must be positive, were " + batchSize + ", "
                    + chunkSize);
        }
        this.batchSize = batchSize;
        this.chunkSize = chunkSize;
    }

    /** How to read the file. */
    public record Options(ImportFormat format, Charset charset, NameOrder nameOrder, Map<String, String> mapping,
                          boolean dryRun, java.nio.file.Path spoolDir) {
        public Options {
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(charset, "charset");
            mapping = mapping == null ? Map.of() : Map.copyOf(mapping);
        }

        /** Options whose work files go to the system's temporary directory (see {@link #withSpoolDir}). */
        public Options(ImportFormat format, Charset charset, NameOrder nameOrder, Map<String, String> mapping,
                       boolean dryRun) {
            this(format, charset, nameOrder, mapping, dryRun, null);
        }

        /** Work files (an Excel workbook's copy) go to {@code dir}, and are removed after. */
        public Options withSpoolDir(java.nio.file.Path dir) {
            return new Options(format, charset, nameOrder, mapping, dryRun, dir);
        }

        CsvImporter.Options csv() {
            return new CsvImporter.Options(charset, nameOrder, mapping, spoolDir);
        }
    }

    /** What an import reports while it runs. */
    public interface Listener {
        /** Bytes of the file read so far (for progress and ETA). */
        void bytesRead(long bytes);

        /**
         * Rows the file holds, told before the first row when the file says so (an Excel workbook, which is copied
         * whole before its first row is read, so its bytes say nothing about progress): count progress in rows read.
         */
        default void rowsTotal(long rows) {
        }

        void rows(long read, long stored, long rejected);

        /** Customers just made durable (for follow-up work such as duplicate checks); see {@link #wantsStored}. */
        default void stored(List<Customer> customers) {
        }

        /**
         * Whether {@link #stored} wants the customers: the import keeps every customer of a batch until its
         * commit only when it does.
         */
        default boolean wantsStored() {
            return false;
        }

        /**
         * Whether to stop before the next row (a cancelled job): the rows read so far are written and committed as at
         * the end of the file, and the result says {@code cancelled}.
         */
        default boolean cancelled() {
            return false;
        }
    }

    /**
     * The outcome: the report, and for CSV the column mapping used; a dry run adds a preview; {@code cancelled}
     * when the import stopped early on request (the report counts the rows it read, every one of them stored or
     * rejected; a re-run of the file with external ids finishes it).
     */
    public record Result(ImportReport report, Map<String, String> mapping, List<String> unmappedColumns,
                         List<Customer> preview, boolean dryRun, boolean cancelled) {
    }

    /**
     * Reads the header and the first record only, so that a file that cannot even start is refused before an
     * import job is queued for it; closes the stream.
     *
     * @throws ImportException when the header or the first record cannot be read
     * @throws IllegalArgumentException when the mapping names an unknown field
     */
    public static void checkStart(InputStream in, Options options) {
        try (CustomerReader reader = options.format().open(in, options.csv())) {
            reader.hasNext();
        }
    }

    /**
     * Runs an import to the end.
     *
     * @throws ImportException when the file itself cannot be read; midway, an {@link ImportStoppedException} whose
     *     report counts the rows before the problem, which are stored (a dry run throws the plain exception)
     */
    public Result run(InputStream in, Options options, Listener listener) {
        CountingStream counting = new CountingStream(in);
        CustomerReader reader = options.format().open(counting, options.csv());
        if (reader.rowsTotal() >= 0) {
            listener.rowsTotal(reader.rowsTotal());
        }
        Map<String, String> mapping = Map.of();
        List<String> unmapped = List.of();
        if (reader instanceof CsvImporter csv) {
            mapping = csv.mapping().fields();
            unmapped = csv.mapping().unmapped();
        }
        List<RowError> errors = new ArrayList<>();
        List<Customer> preview = new ArrayList<>();
        List<ImportRow> chunkRows = new ArrayList<>();
        List<CustomerStore.BatchItem> chunk = new ArrayList<>();
        long[] counts = new long[4]; // rows, stored, rejected, error count
        Batch batch = new Batch(listener.wantsStored()); // chunks written since the last commit request
        Batch committing = null; // the batch whose commit may still be running
        boolean cancelled = false;
        UnratedCurrencies unrated = new UnratedCurrencies(store.index().currency());
        RepeatedExternalIds repeated = new RepeatedExternalIds();
        try (reader) {
            while (true) {
                ImportRow row;
                if (listener.cancelled()) {
                    cancelled = true;
                    break;
                }
                try {
                    if (!reader.hasNext()) {
                        break;
                    }
                    row = reader.next();
                } catch (ImportException e) {
                    if (options.dryRun()) {
                        throw e;
                    }
                    // The file stops being readable here. The rows before are written (staged) or read: commit them
                    // and say so. Left staged, they became durable with anyone's next commit while the job said only
                    // "failed", and a re-run of the fixed file created the rows without an external id twice.
                    write(chunk, chunkRows, batch, errors, counts);
                    settle(commit(batch, committing, counts, listener), counts, listener);
                    listener.bytesRead(counting.count);
                    listener.rows(counts[0], counts[1], counts[2]);
                    ImportReport partial = new ImportReport((int) counts[0], (int) counts[1], (int) counts[2],
                            errors, (int) counts[3], warnings(reader, unrated, repeated));
                    throw new ImportStoppedException(e, new Result(partial, mapping, unmapped, preview, false,
                            false));
                }
                counts[0]++;
                if (row.ok()) {
                    unrated.note(row);
                    repeated.note(row);
                }
                String merged = row.ok() ? mergedAway.refusal(row.customer().externalId()) : null;
                if (!row.ok()) {
                    counts[2]++;
                    addErrors(errors, counts, row.errors());
                } else if (merged != null) {
                    counts[2]++;
                    addErrors(errors, counts, List.of(new RowError(row.row(), row.column("external_id"), merged)));
                } else if (options.dryRun()) {
                    List<RowError> whole = wholeRecordErrors(row);
                    if (whole.isEmpty()) {
                        // The import would refuse it for an erased person's identifier: so does the dry run.
                        ErasedPersonException erased = store.erasedRefusal(row.customer(), row.fields());
                        whole = erased == null ? List.of() : toRowErrors(row, erased);
                    }
                    if (!whole.isEmpty()) {
                        counts[2]++;
                        addErrors(errors, counts, whole);
                    } else {
                        counts[1]++; // the reader has validated the row
                        if (preview.size() < PREVIEW) {
                            preview.add(row.customer());
                        }
                    }
                } else {
                    chunkRows.add(row);
                    chunk.add(CustomerStore.BatchItem.of(row.valid()).onlyFields(row.fields()));
                    if (chunk.size() >= Math.min(chunkSize, batchSize - batch.rows)) {
                        write(chunk, chunkRows, batch, errors, counts);
                        if (batch.rows >= batchSize) {
                            committing = commit(batch, committing, counts, listener);
                            batch = new Batch(listener.wantsStored());
                        }
                    }
                }
                if ((counts[0] & 1023) == 0) {
                    listener.bytesRead(counting.count);
                    listener.rows(counts[0], counts[1], counts[2]);
                }
            }
            write(chunk, chunkRows, batch, errors, counts);
            committing = commit(batch, committing, counts, listener);
            settle(committing, counts, listener);
            listener.bytesRead(counting.count);
            listener.rows(counts[0], counts[1], counts[2]);
            ImportReport report = new ImportReport((int) counts[0], (int) counts[1], (int) counts[2],
                    errors, (int) counts[3], warnings(reader, unrated, repeated));
            return new Result(report, mapping, unmapped, preview, options.dryRun(), cancelled);
        }
    }

    private static List<RowError> warnings(CustomerReader reader, UnratedCurrencies unrated,
                                           RepeatedExternalIds repeated) {
        List<RowError> all = new ArrayList<>(unrated.warnings(reader.warnings()));
        all.addAll(repeated.warnings());
        return all;
    }

    /**
     * Chunks written since the last commit request: the commits that make them durable, how many rows were
     * written, and (only for a listener that wants them) the customers.
     */
    private static final class Batch {
        final List<CustomerStore.PendingCommit> commits = new ArrayList<>();
        final List<Customer> customers;
        int rows;
        long written;

        Batch(boolean keepCustomers) {
            customers = keepCustomers ? new ArrayList<>() : null;
        }
    }

    /**
     * Writes a chunk without committing it. Rows the store refuses are rejected at once; the others count as
     * stored when their batch's commit is done.
     */
    private void write(List<CustomerStore.BatchItem> chunk, List<ImportRow> rows, Batch batch, List<RowError> errors,
                       long[] counts) {
        if (chunk.isEmpty()) {
            return;
        }
        CustomerStore.PendingBatch written = store.stageBatch(List.copyOf(chunk));
        List<CustomerStore.BatchResult> results = written.results();
        for (int i = 0; i < results.size(); i++) {
            CustomerStore.BatchResult r = results.get(i);
            if (r.error() == null) {
                batch.written++;
                if (batch.customers != null) {
                    batch.customers.add(r.result().customer());
                }
            } else {
                counts[2]++;
                addErrors(errors, counts, toRowErrors(rows.get(i), r.error()));
            }
        }
        batch.commits.add(written.commit());
        batch.rows += chunk.size();
        chunk.clear();
        rows.clear();
    }

    /**
     * Asks for the commit of a batch, then settles the batch before it (waits for its commit and counts it): the
     * fsync of one batch overlaps the indexing of the next, and nothing is counted as stored before it is durable.
     * Returns the batch now committing, or the previous one when this one is empty.
     */
    private static Batch commit(Batch batch, Batch previous, long[] counts, Listener listener) {
        if (batch.commits.isEmpty()) {
            return previous;
        }
        for (CustomerStore.PendingCommit c : batch.commits) {
            c.request();
        }
        settle(previous, counts, listener);
        return batch;
    }

    private static void settle(Batch batch, long[] counts, Listener listener) {
        if (batch == null) {
            return;
        }
        for (CustomerStore.PendingCommit c : batch.commits) {
            c.await();
        }
        counts[1] += batch.written;
        listener.rows(counts[0], counts[1], counts[2]);
        if (batch.customers != null) {
            listener.stored(batch.customers);
        }
    }

    /**
     * For a dry run: what the store would find wrong with a row the reader checked only field by field (an update
     * of some fields) when no customer has its external id, so the row would create one on its own.
     */
    private List<RowError> wholeRecordErrors(ImportRow row) {
        if (!row.valid().partial() || store.findByExternalId(row.customer().externalId()).isPresent()) {
            return List.of();
        }
        try {
            store.validator().check(row.customer());
            return List.of();
        } catch (ValidationException e) {
            return toRowErrors(row.row(), e);
        }
    }

    /** A refusal of the store as row errors: an erased person's identifier names the column it came from. */
    private static List<RowError> toRowErrors(ImportRow row, RuntimeException e) {
        if (e instanceof ErasedPersonException erased) {
            return List.of(new RowError(row.row(), row.column(erased.field()), e.getMessage()));
        }
        return toRowErrors(row.row(), e);
    }

    private static List<RowError> toRowErrors(int row, RuntimeException e) {
        if (e instanceof ValidationException v) {
            List<RowError> out = new ArrayList<>();
            for (FieldError f : v.errors()) {
                out.add(new RowError(row, f.field(), f.message()));
            }
            return out;
        }
        if (e instanceof ConflictException || e instanceof CustomerNotFoundException
                || e instanceof VersionConflictException) {
            return List.of(new RowError(row, "external_id", e.getMessage()));
        }
        return List.of(new RowError(row, null, String.valueOf(e.getMessage())));
    }

    private static void addErrors(List<RowError> errors, long[] counts, List<RowError> more) {
        for (RowError e : more) {
            if (errors.size() < ImportReport.MAX_ERRORS) {
                errors.add(e);
            }
            counts[3]++;
        }
    }

    /** Counts bytes read, for progress. */
    private static final class CountingStream extends FilterInputStream {
        volatile long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += s;
            return s;
        }
    }

    /** A listener that ignores everything. */
    public static final Listener QUIET = new Listener() {
        @Override
        public void bytesRead(long bytes) {
        }

        @Override
        public void rows(long read, long stored, long rejected) {
        }
    };

    /** Adapts a listener to a consumer of stored batches only. */
    public static Listener onStored(Consumer<List<Customer>> consumer) {
        return new Listener() {
            @Override
            public void bytesRead(long bytes) {
            }

            @Override
            public void rows(long read, long stored, long rejected) {
            }

            @Override
            public void stored(List<Customer> customers) {
                consumer.accept(customers);
            }

            @Override
            public boolean wantsStored() {
                return true;
            }
        };
    }

    /**
     * Purchases in currencies the configured rates do not cover: the row is stored with them (nothing is lost), and
     * the report warns once per currency, at its first row, that they are not counted in spend figures.
     */
    private static final class UnratedCurrencies {
        private final dev.clientele.customer.CurrencyRates rates;
        private final java.util.Map<String, RowError> first = new java.util.LinkedHashMap<>();

        UnratedCurrencies(dev.clientele.customer.CurrencyRates rates) {
            this.rates = rates;
        }

        void note(ImportRow row) {
            if (!rates.converts() || row.customer() == null) {
                return;
            }
            for (dev.clientele.customer.Purchase p : row.customer().purchases()) {
                String code = p.currency() == null ? "(none)" : p.currency();
                if (p.amount() != null && rates.rate(p.currency()) == null && !first.containsKey(code)) {
                    first.put(code, new RowError(row.row(), "purchases", (p.currency() == null
                            ? "a purchase without a currency" : "currency " + p.currency() + " has no rate in "
                            + "currency.rates and") + " is not counted in spend (" + rates.base() + "); the purchase "
                            + "is stored as it is (uncounted_spend)"));
                }
            }
        }

        List<RowError> warnings(List<RowError> readerWarnings) {
            if (first.isEmpty()) {
                return readerWarnings;
            }
            List<RowError> out = new ArrayList<>(readerWarnings);
            out.addAll(first.values());
            return out;
        }
    }
}
