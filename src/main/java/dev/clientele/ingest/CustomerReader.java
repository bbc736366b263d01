package dev.clientele.ingest;

import java.io.Closeable;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A pull-style reader of one import file, one {@link ImportRow} per record, in file order. Never stops at a bad
 * record; {@link #next()} throws {@link ImportException} only when the rest of the file cannot be read.
 *
 * <p>Not thread-safe; read it from one thread and close it (closing closes the underlying stream).
 */
public interface CustomerReader extends Iterator<ImportRow>, Closeable {

    /**
     * Problems that did not reject a row, such as ignored columns or a birthday without a year; grows while reading.
     */
    List<RowError> warnings();

    /**
     * How many rows the file holds, when that is known before reading it (an Excel workbook's sheets say so), or
     * -1. Progress is then counted in rows rather than bytes.
     */
    default long rowsTotal() {
        return -1;
    }

    /** The remaining rows as a sequential stream; closing the stream does not close this reader. */
    default Stream<ImportRow> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED), false);
    }

    @Override
    void close();
}
