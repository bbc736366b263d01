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

/**
 * Excel workbooks ({@code .xlsx}): the first sheet is read as a table whose first row is the header, exactly as a
 * CSV file saved from it would be, with the same column mapping, aliases, row errors and warnings, and without the
 * damage saving as CSV does: a long number (a phone, a customer number) comes with all its digits rather than as
 * {@code 3.6E+10}, and a date cell comes as its date ({@code 2024-12-31}) whatever the sheet's display format.
 *
 * <p>The sheet is streamed (POI's event API: the workbook is never held in memory). The upload is copied to a
 * temporary file (a zip needs random access), and the sheet's rows are written as CSV into a pipe that a
 * {@link CsvImporter} reads on the caller's thread; a workbook that breaks midway fails the import at the row where
 * it broke, never by ending early. Row numbers are the sheet's own (a blank row is counted, as Excel numbers it).
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
        Path copy;
        try (in) {
            copy = Files.createTempFile("clientele-import-", ".xlsx");
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new ImportException(1, "cannot read the file: " + e.getMessage(), e);
        }
        OPCPackage pkg = null;
        try {
            pkg = OPCPackage.open(copy.toFile(), PackageAccess.READ);
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg, false);
            var styles = reader.getStylesTable();
            XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            if (!sheets.hasNext()) {
                throw new ImportException(1, "the workbook has no sheet");
            }
            InputStream sheet = sheets.next();
            Producer producer = new Producer(pkg, copy, sheet, strings, styles);
            InputStream csv = producer.start();
            // The CSV is written as UTF-8 by the producer, whatever charset the options name.
            return CsvImporter.open(csv, options.withCharset(StandardCharsets.UTF_8)).unguarded();
        } catch (ImportException e) {
            closeQuietly(pkg, copy);
            throw e;
        } catch (InvalidFormatException | org.apache.poi.openxml4j.exceptions.NotOfficeXmlFileException e) {
            closeQuietly(pkg, copy);
            throw new ImportException(1, "not an Excel workbook (.xlsx): " + oneLine(e)
                    + " (an old .xls file: save it as .xlsx or CSV first)", e);
        } catch (IOException | OpenXML4JException | SAXException | RuntimeException e) {
            closeQuietly(pkg, copy);
            throw new ImportException(1, "cannot read the workbook: " + oneLine(e), e);
        }
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static void closeQuietly(OPCPackage pkg, Path copy) {
        if (pkg != null) {
            pkg.revert(); // read-only: nothing to save
        }
        try {
            Files.deleteIfExists(copy);
        } catch (IOException ignored) {
            // a temporary file; the OS cleans its temp directory
        }
    }

    /** Writes the sheet's rows as CSV into a pipe, on a thread of its own; an error ends the pipe with that error. */
    private static final class Producer {
        private final OPCPackage pkg;
        private final Path copy;
        private final InputStream sheet;
        private final ReadOnlySharedStringsTable strings;
        private final org.apache.poi.xssf.model.StylesTable styles;
        private volatile Exception failure;
        private volatile int failedRow;

        Producer(OPCPackage pkg, Path copy, InputStream sheet, ReadOnlySharedStringsTable strings,
                 org.apache.poi.xssf.model.StylesTable styles) {
            this.pkg = pkg;
            this.copy = copy;
            this.sheet = sheet;
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
            try (sheet) {
                XMLReader parser = XMLHelper.newXMLReader();
                parser.setContentHandler(new XSSFSheetXMLHandler(styles, null, strings, rows, new CellText(), false));
                parser.parse(new InputSource(sheet));
                rows.finish();
            } catch (IOException | SAXException | ParserConfigurationException | RuntimeException e) {
                if (!rows.readerGone) { // a reader that stopped reading (a check of the header only) is no failure
                    failedRow = rows.lastRow;
                    failure = e;
                }
            } finally {
                try {
                    pipe.close();
                } catch (IOException ignored) {
                    // the reader is gone
                }
                closeQuietly(pkg, copy);
            }
        }
    }

    /** The rows of the sheet as CSV lines, every cell quoted, blank rows kept so row numbers stay the sheet's. */
    private static final class Rows implements XSSFSheetXMLHandler.SheetContentsHandler {
        private final Writer out;
        private final StringBuilder line = new StringBuilder();
        private int nextRow; // 0-based: the row the next line is
        private int column;
        volatile int lastRow;
        volatile boolean readerGone;

        Rows(Writer out) {
            this.out = out;
        }

        @Override
        public void startRow(int rowNum) {
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
        public void endRow(int rowNum) {
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
