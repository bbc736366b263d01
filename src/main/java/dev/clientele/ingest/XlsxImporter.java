package dev.clientele.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.XMLFilterImpl;

/**
 * Excel workbooks ({@code .xlsx}): the first sheet is read as a table whose first row is the header, exactly as a
 * CSV file saved from it would be, with the same column mapping, aliases, row errors and warnings, and without the
 * damage saving as CSV does: a long number (a phone, a customer number) comes with all its digits rather than as
 * {@code 3.6E+10}, and a date cell comes as its date ({@code 2024-12-31}) whatever the sheet's display format.
 * Every further sheet whose first row is the same header continues the table (a workbook exported on several
 * sheets, over Excel's 1,048,576 rows per sheet); a sheet with another first row is skipped with a warning.
 *
 * <p>The sheets are streamed (POI's event API: the workbook is never held in memory). The upload is copied to a
 * file in the spool directory (a zip needs random access; removed when the reader is done), and the rows are
 * written as CSV into a pipe that a {@link CsvImporter} reads on the caller's thread; a workbook that breaks midway
 * fails the import at the row where it broke, never by ending early. Row numbers are the first sheet's own (a blank
 * row is counted, as Excel numbers it); the rows of a further sheet are numbered on after the sheet before, without
 * its header row, and a warning says where each such sheet starts. The sheets' dimensions give the number of rows
 * before the first is read ({@link CsvImporter#rowsTotal()}), so progress is counted in rows.
 */
public final class XlsxImporter {
    private static final DateTimeFormatter ISO_DATE = DateTimeFormatter.ISO_LOCAL_DATE;

    private XlsxImporter() {
    }

    /**
     * Opens a workbook and reads its header; the stream is read to its end here and closed.
     *
     * @throws ImportException (row 1) when it is not an {@code .xlsx} workbook, has no sheet, or no usable header
     */
    public static CsvImporter open(InputStream in, CsvImporter.Options options) {
        Objects.requireNonNull(in, "in");
        Path copy = null;
        try (in) {
            if (options.spoolDir() == null) {
                copy = Files.createTempFile("clientele-import-", ".xlsx");
            } else {
                copy = Files.createTempFile(Files.createDirectories(options.spoolDir()), "xlsx-", ".tmp");
            }
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            closeQuietly(null, copy);
            throw new ImportException(1, "cannot read the file: " + e.getMessage(), e);
        }
        OPCPackage pkg = null;
        try {
            pkg = OPCPackage.open(copy.toFile(), PackageAccess.READ);
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = new SharedStrings(pkg);
            var styles = reader.getStylesTable();
            List<SheetStart> sheets = new ArrayList<>();
            XSSFReader.SheetIterator it = (XSSFReader.SheetIterator) reader.getSheetsData();
            while (it.hasNext()) {
                try (InputStream sheet = it.next()) {
                    sheets.add(SheetStart.read(it.getSheetName(), sheet, strings, styles));
                }
            }
            if (sheets.isEmpty()) {
                throw new ImportException(1, "the workbook has no sheet");
            }
            // The first sheet is the table; further sheets with the same header continue it.
            SheetStart first = sheets.get(0);
            List<RowError> warnings = new ArrayList<>();
            List<SheetStart> read = new ArrayList<>(List.of(first));
            long rows = first.dataRows();
            long nextRow = first.lastRow() + 1; // 1-based: the number the continuing sheet's first row gets
            for (SheetStart sheet : sheets.subList(1, sheets.size())) {
                if (first.header().isEmpty() || !sheet.header().equals(first.header())) {
                    if (!sheet.header().isEmpty()) { // an empty sheet is nothing to mention
                        warnings.add(new RowError(1, null, "sheet '" + sheet.name() + "' is not read: its first row "
                                + "is not the header of the first sheet '" + first.name() + "'"));
                    }
                    continue;
                }
                if (rows >= 0) {
                    warnings.add(new RowError((int) Math.min(Integer.MAX_VALUE, nextRow), null, "sheet '"
                            + sheet.name() + "' continues the table: its row " + (sheet.headerRow() + 2)
                            + " is row " + nextRow + " here"));
                }
                read.add(sheet);
                rows = rows < 0 || sheet.dataRows() < 0 ? -1 : rows + sheet.dataRows();
                nextRow = rows < 0 ? -1 : nextRow + sheet.dataRows();
            }
            List<InputStream> streams = new ArrayList<>();
            XSSFReader.SheetIterator again = (XSSFReader.SheetIterator) reader.getSheetsData();
            for (int i = 0; again.hasNext(); i++) {
                InputStream sheet = again.next();
                if (read.contains(sheets.get(i))) {
                    streams.add(sheet);
                } else {
                    sheet.close();
                }
            }
            Producer producer = new Producer(pkg, copy, streams, read, strings, styles);
            InputStream csv = producer.start();
            // The CSV is written as UTF-8 by the producer, whatever charset the options name.
            CsvImporter importer = CsvImporter.open(csv, options.withCharset(StandardCharsets.UTF_8)).unguarded()
                    .expectingRows(rows);
            warnings.forEach(importer::warn);
            return importer;
        } catch (ImportException e) {
            closeQuietly(pkg, copy);
            throw e;
        } catch (InvalidFormatException | org.apache.poi.openxml4j.exceptions.NotOfficeXmlFileException e) {
            closeQuietly(pkg, copy);
            throw new ImportException(1, "not an Excel workbook (.xlsx): " + oneLine(e)
                    + " (an old .xls file: save it as .xlsx or CSV first)", e);
        } catch (IOException | OpenXML4JException | SAXException | ParserConfigurationException
                 | RuntimeException e) {
            closeQuietly(pkg, copy);
            throw new ImportException(1, "cannot read the workbook: " + oneLine(e), e);
        }
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /**
     * POI's SAX reader with the JDK's entity size limits lifted. Since JDK 24 they stop a document after 100,000
     * characters written as entity references (jdk.xml.maxGeneralEntitySizeLimit), and in a workbook every
     * {@code & < > "} of a cell is one: an export of a few thousand customers with purchases (JSON cells, all quotes) did
     * not import again. The limits guard against DTD entities that expand; POI refuses any DOCTYPE, so only the
     * predefined entities and character references occur, each one character.
     */
    static XMLReader xmlReader() throws SAXException, ParserConfigurationException {
        XMLReader reader = XMLHelper.newXMLReader();
        for (String limit : List.of("jdk.xml.maxGeneralEntitySizeLimit", "jdk.xml.totalEntitySizeLimit")) {
            try {
                reader.setProperty(limit, "0"); // 0: no limit
            } catch (org.xml.sax.SAXNotRecognizedException | org.xml.sax.SAXNotSupportedException e) {
                // another parser than the JDK's: it has no such limit
            }
        }
        return reader;
    }

    /** The shared strings (Excel's own workbooks keep their texts there), read with {@link #xmlReader()}. */
    private static final class SharedStrings extends ReadOnlySharedStringsTable {
        SharedStrings(OPCPackage pkg) throws IOException, SAXException {
            super(pkg, false);
        }

        @Override
        public void readFrom(InputStream is) throws IOException, SAXException {
            // As POI's own, which the constructor calls: an empty part holds no strings.
            java.io.PushbackInputStream in = new java.io.PushbackInputStream(is, 1);
            int first = in.read();
            if (first < 0) {
                return;
            }
            in.unread(first);
            try {
                XMLReader reader = xmlReader();
                reader.setContentHandler(this);
                reader.parse(new InputSource(in));
            } catch (ParserConfigurationException e) {
                throw new IOException("no SAX parser: " + e.getMessage(), e);
            }
        }
    }

    private static void closeQuietly(OPCPackage pkg, Path copy) {
        if (pkg != null) {
            pkg.revert(); // read-only: nothing to save
        }
        try {
            if (copy != null) {
                Files.deleteIfExists(copy);
            }
        } catch (IOException ignored) {
            // a temporary file; the OS cleans its temp directory
        }
    }

    /**
     * The start of one sheet, read before the import begins: its name, its first row with a cell (the header, as
     * cell texts without trailing blanks; empty for an empty sheet), and its last row from its dimension.
     *
     * @param headerRow 0-based row of the header
     * @param lastRow   1-based number of its last row (from the dimension), or -1 when the sheet does not say
     */
    private record SheetStart(String name, List<String> header, int headerRow, long lastRow) {
        /** Rows after the header, or -1 when unknown. */
        long dataRows() {
            return lastRow < 0 ? -1 : Math.max(0, lastRow - headerRow - 1);
        }

        static SheetStart read(String name, InputStream sheet, ReadOnlySharedStringsTable strings,
                               org.apache.poi.xssf.model.StylesTable styles)
                throws IOException, SAXException, ParserConfigurationException {
            long[] last = {-1};
            List<String> header = new ArrayList<>();
            int[] headerRow = {0};
            XMLFilterImpl dimension = new XMLFilterImpl(xmlReader()) {
                @Override
                public void startElement(String uri, String localName, String qName,
                                         org.xml.sax.Attributes atts) throws SAXException {
                    if ("dimension".equals(localName) && atts.getValue("ref") != null) {
                        String ref = atts.getValue("ref");
                        String end = ref.substring(ref.indexOf(':') + 1);
                        try {
                            last[0] = new CellReference(end).getRow() + 1L;
                        } catch (RuntimeException e) {
                            last[0] = -1; // not a cell reference: unknown
                        }
                    }
                    super.startElement(uri, localName, qName, atts);
                }
            };
            dimension.setContentHandler(new XSSFSheetXMLHandler(styles, null, strings,
                    new XSSFSheetXMLHandler.SheetContentsHandler() {
                        private final List<String> cells = new ArrayList<>();

                        @Override
                        public void startRow(int rowNum) {
                            cells.clear();
                        }

                        @Override
                        public void cell(String reference, String value, XSSFComment comment) {
                            int col = reference == null ? cells.size() : new CellReference(reference).getCol();
                            while (cells.size() < col) {
                                cells.add("");
                            }
                            cells.add(value == null ? "" : value.strip());
                        }

                        @Override
                        public void endRow(int rowNum) {
                            while (!cells.isEmpty() && cells.get(cells.size() - 1).isEmpty()) {
                                cells.remove(cells.size() - 1);
                            }
                            if (!cells.isEmpty()) {
                                header.addAll(cells);
                                headerRow[0] = rowNum;
                                throw new HeaderRead();
                            }
                        }
                    }, new CellText(), false));
            try {
                dimension.parse(new InputSource(sheet));
            } catch (HeaderRead done) {
                // the rest of the sheet is read by the producer
            }
            return new SheetStart(name, List.copyOf(header), headerRow[0], header.isEmpty() ? -1 : last[0]);
        }
    }

    /** Ends the parse of a sheet's start once its header is read. */
    private static final class HeaderRead extends RuntimeException {
        HeaderRead() {
            super(null, null, false, false);
        }
    }

    /** Writes the sheets' rows as CSV into a pipe, on a thread of its own; an error ends the pipe with that error. */
    private static final class Producer {
        private final OPCPackage pkg;
        private final Path copy;
        private final List<InputStream> sheets;
        private final List<SheetStart> starts;
        private final ReadOnlySharedStringsTable strings;
        private final org.apache.poi.xssf.model.StylesTable styles;
        private volatile Exception failure;
        private volatile int failedRow;

        Producer(OPCPackage pkg, Path copy, List<InputStream> sheets, List<SheetStart> starts,
                 ReadOnlySharedStringsTable strings, org.apache.poi.xssf.model.StylesTable styles) {
            this.pkg = pkg;
            this.copy = copy;
            this.sheets = sheets;
            this.starts = starts;
            this.strings = strings;
            this.styles = styles;
        }

        InputStream start() throws IOException {
            PipedInputStream pipeIn = new PipedInputStream(1 << 16);
            PipedOutputStream pipeOut = new PipedOutputStream(pipeIn);
            Thread.ofPlatform().daemon().name("clientele-xlsx").start(() -> produce(pipeOut));
            return new FilterInputStream(pipeIn) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    return b < 0 ? endOrFail() : b;
                }

                @Override
                public int read(byte[] buf, int off, int len) throws IOException {
                    int n = super.read(buf, off, len);
                    return n < 0 ? endOrFail() : n;
                }

                private int endOrFail() throws IOException {
                    Exception f = failure;
                    if (f != null) {
                        throw new IOException("the workbook cannot be read after row " + failedRow + ": "
                                + oneLine(f), f);
                    }
                    return -1;
                }

                @Override
                public void close() throws IOException {
                    super.close(); // the producer's next write fails and it stops
                }
            };
        }

        private void produce(OutputStream pipe) {
            Rows rows = new Rows(new java.io.BufferedWriter(new java.io.OutputStreamWriter(pipe,
                    StandardCharsets.UTF_8), 1 << 16));
            try {
                for (int i = 0; i < sheets.size(); i++) {
                    try (InputStream sheet = sheets.get(i)) {
                        if (i > 0) {
                            rows.continueWith(starts.get(i).headerRow());
                        }
                        XMLReader parser = xmlReader();
                        parser.setContentHandler(new XSSFSheetXMLHandler(styles, null, strings, rows, new CellText(),
                                false));
                        parser.parse(new InputSource(sheet));
                    }
                }
                rows.finish();
            } catch (IOException | SAXException | ParserConfigurationException | RuntimeException e) {
                if (!rows.readerGone) { // a reader that stopped reading (a check of the header only) is no failure
                    failedRow = rows.lastRow;
                    failure = e;
                }
            } finally {
                for (InputStream sheet : sheets) {
                    try {
                        sheet.close(); // those not reached after a failure
                    } catch (IOException ignored) {
                        // read-only
                    }
                }
                try {
                    pipe.close();
                } catch (IOException ignored) {
                    // the reader is gone
                }
                closeQuietly(pkg, copy);
            }
        }
    }

    /**
     * The rows of the sheets as CSV lines, every cell quoted, blank rows kept so row numbers stay the sheet's; the
     * rows of a continuing sheet follow on, without its header row.
     */
    private static final class Rows implements XSSFSheetXMLHandler.SheetContentsHandler {
        private final Writer out;
        private final StringBuilder line = new StringBuilder();
        private int nextRow; // 0-based: the row the next line is
        private int column;
        private int shift; // added to the current sheet's row numbers
        private int skipRow = -1; // the current sheet's header row, which a continuing sheet leaves out
        private boolean skipping;
        volatile int lastRow;
        volatile boolean readerGone;

        Rows(Writer out) {
            this.out = out;
        }

        /** The next sheet continues the table: its rows after {@code headerRow} follow the lines written so far. */
        void continueWith(int headerRow) {
            skipRow = headerRow;
            shift = nextRow - headerRow - 1;
        }

        @Override
        public void startRow(int sheetRow) {
            skipping = sheetRow <= skipRow; // the header row (and blank rows above it) of a continuing sheet
            if (skipping) {
                return;
            }
            int rowNum = sheetRow + shift;
            try {
                while (nextRow < rowNum) { // rows with no cell at all: a blank line each
                    out.write("\"\"\n");
                    nextRow++;
                }
            } catch (IOException e) {
                readerGone = true;
                throw new java.io.UncheckedIOException(e);
            }
            line.setLength(0);
            column = 0;
        }

        @Override
        public void cell(String reference, String value, XSSFComment comment) {
            if (skipping) {
                return;
            }
            int col = reference == null ? column : new CellReference(reference).getCol();
            for (; column < col; column++) {
                line.append(column == 0 ? "\"\"" : ",\"\"");
            }
            if (column > 0) {
                line.append(',');
            }
            line.append('"').append(value == null ? "" : value.replace("\"", "\"\"")).append('"');
            column++;
        }

        @Override
        public void endRow(int sheetRow) {
            if (skipping) {
                return;
            }
            int rowNum = sheetRow + shift;
            try {
                if (line.isEmpty()) {
                    line.append("\"\"");
                }
                out.write(line.append('\n').toString());
                nextRow = rowNum + 1;
                lastRow = rowNum + 1;
            } catch (IOException e) {
                readerGone = true;
                throw new java.io.UncheckedIOException(e);
            }
        }

        void finish() throws IOException {
            out.flush();
        }
    }

    /**
     * Cell text as the importer wants it: a date as an ISO date (or date-time), a whole number in "General" format
     * with all its digits, everything else as Excel displays it.
     */
    private static final class CellText extends DataFormatter {
        CellText() {
            super(java.util.Locale.ROOT);
        }

        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString, boolean use1904) {
            if (DateUtil.isADateFormat(formatIndex, formatString) && DateUtil.isValidExcelDate(value)) {
                var at = DateUtil.getLocalDateTime(value, use1904);
                return at.toLocalTime().equals(java.time.LocalTime.MIDNIGHT) ? at.toLocalDate().format(ISO_DATE)
                        : at.toString();
            }
            boolean general = formatIndex == 0 || formatString == null || "General".equalsIgnoreCase(formatString);
            if (general && value == Math.rint(value) && Math.abs(value) < 1e15) {
                return new BigDecimal(value).toPlainString(); // 36301234567, not 3.63012E+10
            }
            return super.formatRawCellContents(value, formatIndex, formatString, use1904);
        }
    }
}
