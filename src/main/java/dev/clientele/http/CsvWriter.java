package dev.clientele.http;

import dev.clientele.ingest.FormulaGuard;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes RFC 4180 CSV rows, neutralising cells that a spreadsheet would run as a formula: a cell starting with
 * {@code =}, {@code +}, {@code -}, {@code @}, tab or carriage return gets a leading apostrophe (OWASP's advice).
 * Not thread-safe; does not close the writer.
 */
final class CsvWriter {
    private final Writer out;

    CsvWriter(Writer out) {
        this.out = out;
    }

    void writeRow(List<String> cells) throws IOException {
        writeRow(cells, new boolean[cells.size()]);
    }

    /** A row whose cells marked {@code guarded} were neutralised already (see {@link #listCell}). */
    void writeRow(List<String> cells, boolean[] guarded) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(i < guarded.length && guarded[i] ? quoted(cells.get(i)) : cell(cells.get(i)));
        }
        out.write("\r\n");
    }

    /**
     * A list cell ({@code "; "}-joined) with each value neutralised on its own: "Text to Columns" on {@code ;}, or
     * a spreadsheet whose list separator is {@code ;}, makes each value a cell of its own. The importer removes the
     * apostrophe from each value. Pass it to {@link #writeRow(List, boolean[])} as guarded.
     */
    static String listCell(List<String> values) {
        return FormulaGuard.escapeList(values, "; ");
    }

    /** One cell, neutralised and quoted as needed; null is the empty cell. */
    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        return quoted(FormulaGuard.escape(value));
    }

    /** One cell quoted as needed, not neutralised; null is the empty cell. */
    private static String quoted(String v) {
        if (v == null || v.isEmpty()) {
            return "";
        }
        boolean quote = false;
        for (int i = 0; i < v.length() && !quote; i++) {
            char c = v.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }
}
