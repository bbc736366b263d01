package dev.clientele.index;

import java.nio.file.Path;

/**
 * Tunables of the index.
 *
 * @param ramBufferMb IndexWriter RAM buffer
 * @param historyDir  where previous versions of customers are kept, or null to keep none
 * @param minFreeBytes writes are refused while the disk holding the index has less than this usable (0: no check);
 *                    see {@link IndexException.Reason#NO_SPACE}
 * @param currency    the base currency customers' derived spend figures are read in (null: none); the index keeps
 *                    the purchases' own amounts and currencies, so nothing stored depends on it
 * @param collation   the collation of {@code sort=name} ({@link NameCollation}: {@code root}, {@code hu}, ...), or
 *                    null to keep the one the index was written with (root for a new index); another than the
 *                    index's re-indexes it at open, as a schema change does
 */
public record IndexSettings(double ramBufferMb, Path historyDir, long minFreeBytes,
                            dev.clientele.customer.CurrencyRates currency, String collation) {
    /** The space kept free on the index's disk unless configured otherwise ({@code index.min_free_disk_mb}). */
    public static final long DEFAULT_MIN_FREE_BYTES = 256L * 1024 * 1024;
    public static final IndexSettings DEFAULTS = new IndexSettings(128, null, DEFAULT_MIN_FREE_BYTES);

    /**
     * The RAM buffer {@code clientele import} gives the writer (at least; a larger configured one is kept). The CLI
     * owns the index alone, so it can afford larger commits than the server's bulk batches: every commit flushes a
     * segment, and 5,000-row segments cost more in merging and per-row external-id lookups (one seek per segment)
     * than the fsyncs they save. A buffer this size holds a whole batch, so a batch is one segment.
     */
    public static final double IMPORT_RAM_BUFFER_MB = 256;

    public IndexSettings {
        currency = currency == null ? dev.clientele.customer.CurrencyRates.NONE : currency;
        collation = collation == null ? null : NameCollation.canonical(collation);
        if (ramBufferMb < 1 || ramBufferMb > 2048) {
            throw new IllegalArgumentException("ramBufferMb must be within 1..2048, was " + ramBufferMb);
        }
        if (minFreeBytes < 0) {
            throw new IllegalArgumentException("minFreeBytes must not be negative, was " + minFreeBytes);
        }
    }

    public IndexSettings(double ramBufferMb, Path historyDir, long minFreeBytes) {
        this(ramBufferMb, historyDir, minFreeBytes, null);
    }

    public IndexSettings(double ramBufferMb, Path historyDir, long minFreeBytes,
                         dev.clientele.customer.CurrencyRates currency) {
        this(ramBufferMb, historyDir, minFreeBytes, currency, null);
    }

    public IndexSettings(double ramBufferMb) {
        this(ramBufferMb, null, DEFAULT_MIN_FREE_BYTES);
    }

    public IndexSettings(double ramBufferMb, Path historyDir) {
        this(ramBufferMb, historyDir, DEFAULT_MIN_FREE_BYTES);
    }

    public IndexSettings withHistory(Path dir) {
        return new IndexSettings(ramBufferMb, dir, minFreeBytes, currency, collation);
    }

    public IndexSettings withMinFreeBytes(long bytes) {
        return new IndexSettings(ramBufferMb, historyDir, bytes, currency, collation);
    }

    public IndexSettings withCurrency(dev.clientele.customer.CurrencyRates rates) {
        return new IndexSettings(ramBufferMb, historyDir, minFreeBytes, rates, collation);
    }

    /** These settings with the collation of {@code sort=name} ({@link NameCollation}; null: the index's own). */
    public IndexSettings withCollation(String name) {
        return new IndexSettings(ramBufferMb, historyDir, minFreeBytes, currency, name);
    }
}
