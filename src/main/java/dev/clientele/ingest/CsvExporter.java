package dev.clientele.ingest;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.clientele.customer.Customer;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Writes customers as an Excel-friendly CSV file, one row at a time: UTF-8 (optionally with a byte-order mark so
 * Excel detects the encoding), comma-separated, CRLF line ends, a header of canonical column names.
 *
 * <p>Lists (emails, phones, tags) are joined with {@code "; "}, dates are ISO, enums use their wire names, purchases
 * are one JSON array cell, consent and opt-out are {@code true}/{@code false}. Every cell is passed through {@link
 * FormulaGuard}, so a value starting with {@code = + - @} gets a leading apostrophe; {@link CsvImporter} removes it
 * again, so export → import round-trips. In list cells each value is guarded on its own ({@code '+36 1; '=x}), since
 * "Text to Columns" on {@code ;} or a spreadsheet whose list separator is {@code ;} makes each value a cell.
 * Constant memory; not thread-safe; close it to flush and close the stream.
 *
 * <pre>{@code
 * try (var w = CsvExporter.open(out, CsvExporter.ALL_COLUMNS, true)) {
 *     customers.forEach(w::write);
 * }
 * }</pre>
 */
public final class CsvExporter implements Closeable {
    /** All canonical columns, the default. */
    public static final List<String> ALL_COLUMNS = ColumnMapping.FIELDS;
    /**
     * The server-made id: not a canonical column (an import ignores it, the id being the server's), but one a file
     * may carry so that its rows can be matched to the customers they came from, as a list's export does.
     */
    public static final String ID_COLUMN = "id";

    private final Writer writer;
    private final List<String> columns;
    private final SequenceWriter rows;

    private CsvExporter(Writer writer, List<String> columns) throws IOException {
        this.writer = writer;
        this.columns = columns;
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(false).setLineSeparator("\r\n");
        columns.forEach(schema::addColumn);
        // Strict checking quotes only cells that need it (delimiter, quote, line break), not every cell with a space.
        CsvMapper mapper = CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();
        this.rows = mapper.writerFor(String[].class).with(schema.build()).writeValues(writer);
        // Written as a plain first row, so that an export of no customers still has its header.
        rows.write(columns.toArray(String[]::new));
    }

    /**
     * Starts a CSV file on {@code out} and writes the header.
     *
     * @param columns canonical column names ({@link ColumnMapping#FIELDS}) or {@link #ID_COLUMN}, in the order wanted
     * @param bom whether to start with a UTF-8 byte-order mark (Excel on Windows needs it for non-ASCII text)
     * @throws IllegalArgumentException naming the column when one is not canonical
     */
    public static CsvExporter open(OutputStream out, List<String> columns, boolean bom) {
        Objects.requireNonNull(out, "out");
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        try {
            if (bom) {
                writer.write('\uFEFF');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return open(writer, columns);
    }

    /** Starts a CSV file on {@code out} (no byte-order mark) and writes the header. */
    public static CsvExporter open(Writer out, List<String> columns) {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(columns, "columns");
        for (String column : columns) {
            if (!ColumnMapping.FIELDS.contains(column) && !column.equals(ID_COLUMN)) {
                throw new IllegalArgumentException("unknown column '" + column + "'; expected id or one of "
                        + ColumnMapping.FIELDS);
            }
        }
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("columns is empty");
        }
        try {
            return new CsvExporter(out, List.copyOf(columns));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes one customer as one row. */
    public void write(Customer customer) {
        Objects.requireNonNull(customer, "customer");
        String[] cells = new String[columns.size()];
        for (int i = 0; i < cells.length; i++) {
            List<String> list = CustomerCells.list(customer, columns.get(i));
            cells[i] = list != null ? FormulaGuard.escapeList(list, CustomerCells.LIST_SEPARATOR)
                    : FormulaGuard.escape(CustomerCells.cell(customer, columns.get(i)));
        }
        try {
            rows.write(cells);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            rows.close();
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
