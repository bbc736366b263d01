package dev.clientele.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.clientele.customer.CustomerValidator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads customers from a CSV file, one {@link ImportRow} per data row, mapping columns with {@link ColumnMapping}.
 *
 * <p><b>Format.</b> The delimiter (comma, semicolon or tab) is detected from the header line, or taken from an
 * Excel-style first line {@code sep=;}. Text is UTF-8 by
 * default, with or without a byte-order mark (stripped); Windows-1250/1251/1252 files can be named with {@link
 * Options#withCharset}, and a file read as UTF-8 that has bytes that are not UTF-8 and no UTF-8 letter at all is
 * read in the Windows code page {@link LegacyCharset} finds instead, with a warning. A cell with bytes that are not
 * valid in the charset rejects its row with an error naming the column, never silently mangled text. Quoted cells
 * may contain delimiters, quotes ({@code ""}) and line breaks.
 * Cells of the form {@code '+36…} lose the apostrophe {@link CsvExporter} adds against formula injection (in list
 * columns, each value of the form {@code '+36…} does).
 *
 * <p><b>Row numbers</b> are spreadsheet rows: the header is row 1, the first data row is row 2, and a record whose
 * quoted cell spans several lines still counts as one row (as in Excel). Blank lines are skipped but counted. The
 * physical line where the record starts is {@link ImportRow#line()}.
 *
 * <p>Only file-level problems throw {@link ImportException}: a header that is missing, undecodable or maps no known
 * column, and a quote left open until the end of the file (naming the row where the quote started). Not thread-safe;
 * close it to close the stream.
 */
public final class CsvImporter extends LookAheadReader {
    private static final int HEADER_PEEK = 64 * 1024;
    private static final char REPLACEMENT = '\uFFFD';
    private static final java.util.regex.Pattern SCIENTIFIC =
            java.util.regex.Pattern.compile("\\d+(?:[.,]\\d+)?[eE]\\+\\d+");
    private static final java.util.regex.Pattern VALUE_SEPARATOR = java.util.regex.Pattern.compile("[;|\\r\\n]");
    /**
     * The list fields whose cells also split on commas in a file delimited by semicolons. There a cell holds no
     * unquoted {@code ;}, so people separate the tags or e-mails of one cell with commas ({@code vip, kunde}), and an
     * e-mail address or a tag has no comma of its own to lose. Phones do not: a comma in a phone cell is part of
     * how it was written or a spreadsheet's decimal comma ({@code 3,6E+10}, refused below), not two numbers; names
     * are never lists.
     */
    private static final java.util.Set<String> COMMA_LIST_FIELDS = java.util.Set.of("tags", "emails");
    /** Digit strings a spreadsheet may turn into a rounded number: the cell is refused rather than stored so. */
    private static final java.util.Set<String> SPREADSHEET_NUMBER_FIELDS = java.util.Set.of("external_id", "phones",
            "postal_code", "house_number");

    /**
     * How to read a CSV file.
     *
     * @param charset the file's encoding
     * @param nameOrder how to split a full-name column, or null to decide from its header
     * @param mapping the user's header → field choices, applied over detection (see
     *     {@link ColumnMapping#overriddenBy}); empty for pure detection
     * @throws IllegalArgumentException naming the column when the mapping names an unknown field
     */
    public record Options(Charset charset, NameOrder nameOrder, Map<String, String> mapping, Path spoolDir) {
        public Options {
            Objects.requireNonNull(charset, "charset");
            mapping = Map.copyOf(Objects.requireNonNull(mapping, "mapping"));
            ColumnMapping.explicit(mapping); // rejects unknown field names now, as the caller's mistake
        }

        /** Options whose work files (an Excel workbook's copy) go to the system's temporary directory. */
        public Options(Charset charset, NameOrder nameOrder, Map<String, String> mapping) {
            this(charset, nameOrder, mapping, null);
        }

        /** UTF-8, name order from the header, detected mapping. */
        public static Options defaults() {
            return new Options(StandardCharsets.UTF_8, null, Map.of());
        }

        public Options withCharset(Charset newCharset) {
            return new Options(newCharset, nameOrder, mapping, spoolDir);
        }

        public Options withNameOrder(NameOrder newNameOrder) {
            return new Options(charset, newNameOrder, mapping, spoolDir);
        }

        public Options withMapping(Map<String, String> newMapping) {
            return new Options(charset, nameOrder, newMapping, spoolDir);
        }

        /**
         * Where work files go (an Excel workbook is copied for random access, and removed after; null: the system's
         * temporary directory). The server and {@code clientele import} use the data directory's {@code spool}.
         */
        public Options withSpoolDir(Path dir) {
            return new Options(charset, nameOrder, mapping, dir);
        }
    }

    private final CsvParser parser;
    private final char delimiter;
    private final int linesSkipped;
    private final ColumnMapping mapping;
    private final Options options;
    private final CustomerValidator validator = new CustomerValidator();
    private final List<RowError> warnings;
    private long rowsTotal = -1;
    private int row = 1;
    /** Whether cells carry {@link FormulaGuard}'s apostrophe (a CSV file); an Excel sheet's cells do not. */
    private boolean guarded = true;

    private CsvImporter(CsvParser parser, char delimiter, int linesSkipped, ColumnMapping mapping, Options options) {
        this.parser = parser;
        this.delimiter = delimiter;
        this.linesSkipped = linesSkipped;
        this.mapping = mapping;
        this.options = options;
        this.warnings = new ArrayList<>(mapping.warnings());
    }

    /** Opens a UTF-8 CSV file with detected mapping; see {@link #open(InputStream, Options)}. */
    public static CsvImporter open(InputStream in) {
        return open(in, Options.defaults());
    }

    /**
     * Reads the header and returns a reader positioned at the first data row. The stream is closed when the reader
     * is, or when this throws.
     *
     * @throws ImportException (row 1) when there is no header, it cannot be decoded, or it maps no known column
     */
    public static CsvImporter open(InputStream in, Options options) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(options, "options");
        RowError detected = null;
        if (options.charset().equals(StandardCharsets.UTF_8)) {
            Charset legacy;
            try {
                LegacyCharset.Sniffed sniffed = LegacyCharset.sniff(in, HEADER_PEEK);
                in = sniffed.in();
                legacy = sniffed.legacy();
            } catch (IOException e) {
                closeQuietly(in, e);
                throw new ImportException(1, "cannot read the file: " + e.getMessage(), e);
            }
            if (legacy != null) {
                options = options.withCharset(legacy);
                detected = new RowError(1, null, "the file is not UTF-8: read as " + legacy.name()
                        + " (give the charset to choose another)");
            }
        }
        var decoder = options.charset().newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .replaceWith(String.valueOf(REPLACEMENT));
        var reader = new BufferedReader(new InputStreamReader(in, decoder), HEADER_PEEK);
        try {
            Sniffed sniffed = sniff(reader);
            char delimiter = sniffed.delimiter();
            CsvParser parser = (CsvParser) new CsvMapper().getFactory().createParser(reader);
            parser.setSchema(CsvSchema.emptySchema().withColumnSeparator(delimiter).withQuoteChar('"')
                    .withoutEscapeChar());
            List<String> headers = readHeader(parser, options.charset());
            ColumnMapping mapping = ColumnMapping.detect(headers, options.nameOrder())
                    .overriddenBy(options.mapping());
            if (!mapping.isUsable()) {
                throw new ImportException(1, "no usable header: none of the columns " + headers
                        + " is a known customer field (is the first row the header?)");
            }
            CsvImporter importer = new CsvImporter(parser, delimiter, sniffed.linesSkipped(), mapping, options);
            if (detected != null) {
                importer.warnings.add(0, detected);
            }
            return importer;
        } catch (IOException | RuntimeException e) {
            closeQuietly(reader, e);
            if (e instanceof ImportException ie) {
                throw ie;
            }
            throw new ImportException(1, "cannot read the header: " + e.getMessage(), e);
        }
    }

    /**
     * Takes cells as they are, without removing a leading apostrophe: for the rows of an Excel sheet, whose text cells
     * were never guarded against formulas.
     */
    CsvImporter unguarded() {
        guarded = false;
        return this;
    }

    /** Says how many rows the file holds, known before reading it (a workbook's sheet dimensions). */
    CsvImporter expectingRows(long rows) {
        rowsTotal = rows;
        return this;
    }

    /** Adds a warning found before the first row is read (by the caller that opened this reader). */
    void warn(RowError warning) {
        warnings.add(warning);
    }

    @Override
    public long rowsTotal() {
        return rowsTotal;
    }

    /** The column mapping in use, for the UI's preview. */
    public ColumnMapping mapping() {
        return mapping;
    }

    /** The detected delimiter: {@code ,} {@code ;} or tab. */
    public char delimiter() {
        return delimiter;
    }

    @Override
    public List<RowError> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            throw new ImportException(0, "cannot close the CSV input", e);
        }
    }

    @Override
    protected ImportRow readNext() {
        while (true) {
            List<String> cells = new ArrayList<>();
            int line;
            try {
                JsonToken t = parser.nextToken();
                if (t == null) {
                    return null;
                }
                row++;
                line = parser.currentLocation().getLineNr() + linesSkipped;
                try {
                    while ((t = parser.nextToken()) == JsonToken.VALUE_STRING) {
                        cells.add(parser.getText());
                    }
                } catch (JsonProcessingException e) {
                    // the cells read before it: the quote opened in the next column
                    throw syntaxError(e, row, line, cells.size() < mapping.headers().size()
                            ? columnName(cells.size()) : "column " + (cells.size() + 1));
                }
            } catch (IOException e) {
                throw new ImportException(row, "cannot read the file: " + e.getMessage(), e);
            }
            if (cells.stream().allMatch(String::isBlank)) {
                continue;
            }
            return toImportRow(cells, line);
        }
    }

    private ImportRow toImportRow(List<String> cells, int line) {
        var draft = new CustomerDraft(row);
        int extra = filledCellsBeyondHeader(cells);
        if (guarded && extra > 0) {
            // A value holding the delimiter, unquoted, shifts every cell after it: read by position such a row
            // would store parts of values in the wrong fields and drop the last ones. A sheet's row cannot shift
            // (an Excel cell is a cell), so only a CSV row is refused.
            draft.error(null, "has " + (mapping.headers().size() + extra) + " cells but the header has "
                    + mapping.headers().size() + " columns: a value holding the delimiter (" + delimiterName()
                    + ") must be quoted, or the cells after it land in the wrong columns");
        }
        for (int i = 0; i < cells.size(); i++) {
            String field = mapping.fieldAt(i);
            String cell = cells.get(i);
            if (field == null) {
                continue;
            }
            String column = columnName(i);
            if (cell.indexOf(REPLACEMENT) >= 0) {
                draft.error(column, "contains bytes that are not valid " + options.charset().name()
                        + "; is the file in another encoding (Windows-1250, -1251, -1252)?");
                continue;
            }
            if (SPREADSHEET_NUMBER_FIELDS.contains(field) && hasScientificNumber(cell)) {
                draft.error(column, "'" + cell.strip() + "' is a number a spreadsheet rounded into scientific notation:"
                        + " its digits are lost; format the column as Text in the spreadsheet and export again");
                continue;
            }
            if (!guarded) {
                draft.put(field, cell, column, v -> v);
            } else if (ColumnMapping.LIST_FIELDS.contains(field)) {
                boolean commas = delimiter == ';' && COMMA_LIST_FIELDS.contains(field);
                for (String part : commas ? cell.split(",") : new String[] {cell}) {
                    draft.put(field, part, column, FormulaGuard::unescape); // each value was guarded on its own
                }
            } else {
                draft.put(field, FormulaGuard.unescape(cell), column);
            }
        }
        ImportRow r = draft.finish(line, mapping.nameOrder(), validator);
        for (RowError w : draft.warnings()) {
            if (warnings.size() < ImportReport.MAX_ERRORS) { // a file of them must not fill the heap
                warnings.add(w);
            }
        }
        return r;
    }

    /**
     * Whether a cell (or one value of a list cell) is a number as Excel writes a long one it took for a number:
     * {@code 3.6E+10}, {@code 1,23457E+11}. Its digits are gone; worse, two customer numbers can become one.
     */
    private static boolean hasScientificNumber(String cell) {
        for (String value : VALUE_SEPARATOR.split(cell)) {
            if (SCIENTIFIC.matcher(value.strip()).matches()) {
                return true;
            }
        }
        return false;
    }

    /** How many cells after the header's last column there are, up to the last one holding something. */
    private int filledCellsBeyondHeader(List<String> cells) {
        int last = cells.size() - 1;
        while (last >= mapping.headers().size() && cells.get(last).isBlank()) {
            last--;
        }
        return Math.max(0, last + 1 - mapping.headers().size());
    }

    private String delimiterName() {
        return delimiter == '\t' ? "tab" : String.valueOf(delimiter);
    }

    private String columnName(int i) {
        String h = mapping.headers().get(i);
        return h.isBlank() ? "column " + (i + 1) : h;
    }

    private static List<String> readHeader(CsvParser parser, Charset charset) throws IOException {
        List<String> headers = new ArrayList<>();
        try {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new ImportException(1, "the file is empty: a header row is needed");
            }
            JsonToken t;
            while ((t = parser.nextToken()) == JsonToken.VALUE_STRING) {
                headers.add(parser.getText().strip());
            }
        } catch (JsonProcessingException e) {
            throw syntaxError(e, 1, 1, "column " + (headers.size() + 1));
        }
        for (String h : headers) {
            if (h.indexOf(REPLACEMENT) >= 0) {
                throw new ImportException(1, "the header is not valid " + charset.name()
                        + "; choose the file's encoding (Windows-1250, -1251 or -1252?)");
            }
        }
        return headers;
    }

    /** {@code column}: the column (a header, or {@code column N}) of the cell the parser was reading. */
    private static ImportException syntaxError(JsonProcessingException e, int row, int line, String column) {
        String msg = e.getOriginalMessage();
        if (msg != null && msg.contains("closing quote")) {
            return new ImportException(row, column, "a quoted cell opened in row " + row + " (line " + line
                    + "), column " + column + ", is never closed", e);
        }
        return new ImportException(row, column, "CSV syntax error in row " + row + " (line " + line + "), column "
                + column + ": " + msg, e);
    }

    /**
     * Picks the delimiter that occurs most often outside quotes in the first line; comma when none does. Strips a
     * byte-order mark.
     */
    private static Sniffed sniff(BufferedReader reader) throws IOException {
        reader.mark(HEADER_PEEK);
        int comma = 0;
        int semicolon = 0;
        int tab = 0;
        boolean quoted = false;
        boolean bom = false;
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < HEADER_PEEK; i++) {
            int c = reader.read();
            if (c < 0 || (!quoted && (c == '\n' || c == '\r'))) {
                break;
            }
            if (i == 0 && c == '\uFEFF') {
                bom = true;
                continue;
            }
            first.append((char) c);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted) {
                comma += c == ',' ? 1 : 0;
                semicolon += c == ';' ? 1 : 0;
                tab += c == '\t' ? 1 : 0;
            }
        }
        reader.reset();
        if (bom) {
            reader.skip(1);
        }
        // Excel writes and honours a first line "sep=;" naming the delimiter; it is not part of the data.
        if (first.length() == 5 && first.toString().regionMatches(true, 0, "sep=", 0, 4)) {
            reader.readLine();
            return new Sniffed(first.charAt(4), 1);
        }
        if (tab > comma && tab >= semicolon) {
            return new Sniffed('\t', 0);
        }
        return new Sniffed(semicolon > comma ? ';' : ',', 0);
    }

    private record Sniffed(char delimiter, int linesSkipped) {
    }

    private static void closeQuietly(AutoCloseable c, Exception primary) {
        try {
            c.close();
        } catch (Exception e) {
            primary.addSuppressed(e);
        }
    }
}
