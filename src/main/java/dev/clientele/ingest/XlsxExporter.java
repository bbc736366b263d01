package dev.clientele.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * Writes rows as an Excel workbook ({@code .xlsx}): a header row, then one row per customer. Every cell is a text
 * cell, so a phone or customer number keeps its digits and leading zeros and nothing is ever evaluated as a formula
 * (no formula guard needed); the spend and count columns are numbers, so a spreadsheet can add them up. Rows are
 * streamed through POI's {@link SXSSFWorkbook} (100 in memory, the rest in a temporary file); the workbook is
 * written to the stream at {@link #close}. A sheet holds at most {@value #ROWS_PER_SHEET} customers, Excel's limit;
 * more go on further sheets, each with the header. Not thread-safe.
 */
public final class XlsxExporter implements Closeable {
    /** Excel's rows per sheet, less the header. */
    static final int ROWS_PER_SHEET = 1_048_575;
    private static final Set<String> NUMBER_COLUMNS = Set.of("lifetime_spend", "purchase_count");

    private final OutputStream out;
    private final List<String> columns;
    private final SXSSFWorkbook workbook = new SXSSFWorkbook(100);
    private final int rowsPerSheet;
    private Sheet sheet;
    private int row;

    private XlsxExporter(OutputStream out, List<String> columns, int rowsPerSheet) {
        this.out = out;
        this.columns = List.copyOf(columns);
        this.rowsPerSheet = rowsPerSheet;
        workbook.setCompressTempFiles(true);
        newSheet();
    }

    /** Starts a workbook whose sheets have these column names as their header. */
    public static XlsxExporter open(OutputStream out, List<String> columns) {
        return open(out, columns, ROWS_PER_SHEET);
    }

    static XlsxExporter open(OutputStream out, List<String> columns, int rowsPerSheet) {
        Objects.requireNonNull(out, "out");
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("columns is empty");
        }
        return new XlsxExporter(out, columns, rowsPerSheet);
    }

    private void newSheet() {
        int n = workbook.getNumberOfSheets();
        sheet = workbook.createSheet(n == 0 ? "Customers" : "Customers " + (n + 1));
        Row header = sheet.createRow(0);
        for (int i = 0; i < columns.size(); i++) {
            header.createCell(i).setCellValue(columns.get(i));
        }
        row = 1;
    }

    /**
     * Writes one customer, its columns being canonical names ({@link ColumnMapping#FIELDS}) as for
     * {@link CsvExporter}: lists joined with {@code "; "}, purchases as one JSON cell, so the file imports again.
     */
    public void write(dev.clientele.customer.Customer customer) {
        List<String> cells = new java.util.ArrayList<>(columns.size());
        for (String column : columns) {
            List<String> list = CustomerCells.list(customer, column);
            cells.add(list != null ? String.join(CustomerCells.LIST_SEPARATOR, list)
                    : CustomerCells.cell(customer, column));
        }
        writeRow(cells);
    }

    /** Writes one row; its cells are in the order of the columns (null for an empty cell). */
    public void writeRow(List<String> cells) {
        if (row > rowsPerSheet) {
            newSheet();
        }
        Row r = sheet.createRow(row++);
        for (int i = 0; i < cells.size() && i < columns.size(); i++) {
            String v = cells.get(i);
            if (v == null || v.isEmpty()) {
                continue;
            }
            if (NUMBER_COLUMNS.contains(columns.get(i))) {
                try {
                    r.createCell(i).setCellValue(Double.parseDouble(v));
                    continue;
                } catch (NumberFormatException e) {
                    // not a number after all: kept as the text it is
                }
            }
            r.createCell(i).setCellValue(v);
        }
    }

    /** Writes the workbook to the stream (which stays open) and removes the temporary files. */
    @Override
    public void close() {
        try {
            workbook.write(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                workbook.dispose(); // the temporary files of the rows
                workbook.close();
            } catch (IOException ignored) {
                // nothing was left to write
            }
        }
    }
}
