package dev.clientele.http;

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
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(cell(cells.get(i)));
        }
        out.write("\r\n");
    }

    /** One cell, neutralised and quoted as needed; null is the empty cell. */
    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String v = neutralise(value);
        boolean quote = false;
        for (int i = 0; i < v.length() && !quote; i++) {
            char c = v.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }

    /**
     * The cell with a leading apostrophe when a spreadsheet would run it as a formula. A value that already starts
     * with apostrophes followed by such a character gets one more, so that the importer, which removes exactly one
     * apostrophe from such cells, reads back the value as it was.
     */
    static String neutralise(String v) {
        int i = 0;
        while (i < v.length() && v.charAt(i) == '\'') {
            i++;
        }
        if (i == v.length()) {
            return v;
        }
        char c = v.charAt(i);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + v : v;
    }
}
