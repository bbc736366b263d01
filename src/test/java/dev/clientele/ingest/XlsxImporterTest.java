package dev.clientele.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clientele.customer.Customer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/** Excel workbooks read as the CSV file saved from them would be, without the damage saving does. */
class XlsxImporterTest {

    /** A workbook as an office manager keeps it: German headers, numbers as numbers, dates as dates. */
    private static byte[] workbook() throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = wb.createSheet("Kunden");
            CellStyle date = wb.createCellStyle();
            date.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("dd.mm.yyyy"));
            Row header = sheet.createRow(0);
            String[] heads = {"Kundennummer", "Vorname", "Nachname", "E-Mail", "Telefon", "Geburtstag", "Ort",
                "Lieblingsfarbe"};
            for (int i = 0; i < heads.length; i++) {
                header.createCell(i).setCellValue(heads[i]);
            }
            Row r1 = sheet.createRow(1);
            r1.createCell(0).setCellValue(100200300400.0); // a customer number Excel shows as 1,003E+11 in CSV
            r1.createCell(1).setCellValue("Jürgen");
            r1.createCell(2).setCellValue("Weiß");
            r1.createCell(3).setCellValue("juergen@example.de");
            r1.createCell(4).setCellValue(4915112345678.0); // a phone typed as a number
            r1.createCell(5).setCellValue(LocalDate.of(1980, 5, 31));
            r1.getCell(5).setCellStyle(date);
            r1.createCell(6).setCellValue("München");
            r1.createCell(7).setCellValue("blau");
            Row r2 = sheet.createRow(2);
            r2.createCell(0).setCellValue("K-2");
            r2.createCell(1).setCellValue("Ольга");
            r2.createCell(2).setCellValue("Иванова");
            r2.createCell(3).setCellValue("not an email");
            // row 4 (index 3) is left blank; row 5 has a gap (no phone, no birthday) and a quote and a line break
            Row r4 = sheet.createRow(4);
            r4.createCell(0).setCellValue("K-4");
            r4.createCell(1).setCellValue("Anna \"Panni\"");
            r4.createCell(2).setCellValue("Kovács");
            r4.createCell(6).setCellValue("Győr\nBelváros");
            wb.write(out);
            return out.toByteArray();
        }
    }

    private static List<ImportRow> readAll(CustomerReader reader) {
        List<ImportRow> rows = new ArrayList<>();
        reader.forEachRemaining(rows::add);
        return rows;
    }

    @Test
    void the_first_sheet_reads_as_a_table_with_every_digit_dates_as_dates_and_the_sheets_row_numbers()
            throws IOException {
        try (CsvImporter reader = XlsxImporter.open(new ByteArrayInputStream(workbook()),
                CsvImporter.Options.defaults())) {
            assertThat(reader.mapping().fields()).containsEntry("Vorname", "first_name")
                    .containsEntry("Telefon", "phones").containsEntry("Geburtstag", "birthday");
            assertThat(reader.mapping().unmapped()).contains("Lieblingsfarbe");
            List<ImportRow> rows = readAll(reader);
            assertThat(rows).hasSize(3);

            Customer juergen = rows.get(0).customer();
            assertThat(rows.get(0).ok()).as(rows.get(0).errors().toString()).isTrue();
            assertThat(juergen.firstName()).isEqualTo("Jürgen");
            assertThat(juergen.externalId()).isEqualTo("100200300400"); // not 1.002E+11
            assertThat(juergen.phones()).hasSize(1);
            assertThat(juergen.phones().get(0).replaceAll("\\D", "")).isEqualTo("4915112345678");
            assertThat(juergen.birthday()).isEqualTo(LocalDate.of(1980, 5, 31));

            assertThat(rows.get(1).ok()).isFalse();
            assertThat(rows.get(1).errors()).extracting(RowError::row).containsOnly(3); // the sheet's row 3
            assertThat(rows.get(1).errors()).extracting(RowError::column).contains("E-Mail");

            ImportRow anna = rows.get(2);
            assertThat(anna.row()).isEqualTo(5); // the blank row 4 is counted, as Excel numbers rows
            assertThat(anna.customer().firstName()).isEqualTo("Anna \"Panni\"");
            assertThat(anna.customer().address().city()).isEqualTo("Győr Belváros"); // one cell, as for CSV
            assertThat(anna.customer().phones()).isEmpty();
        }
    }

    @Test
    void a_file_that_is_not_a_workbook_is_refused_at_row_1_naming_what_to_do() {
        assertThatThrownBy(() -> XlsxImporter.open(new ByteArrayInputStream("first_name\nAnna\n"
                .getBytes(StandardCharsets.UTF_8)), CsvImporter.Options.defaults()))
                .isInstanceOf(ImportException.class).hasMessageContaining("not an Excel workbook");
        byte[] truncated = java.util.Arrays.copyOf(uncheckedWorkbook(), 400);
        assertThatThrownBy(() -> XlsxImporter.open(new ByteArrayInputStream(truncated),
                CsvImporter.Options.defaults())).isInstanceOf(ImportException.class);
        assertThatThrownBy(() -> ImportFormat.fromFileName("kunden.xls")).hasMessageContaining("save it as .xlsx");
        assertThat(ImportFormat.fromFileName("Kunden.XLSX")).isEqualTo(ImportFormat.XLSX);
    }

    @Test
    void a_reader_closed_after_the_header_stops_reading_a_large_sheet() throws IOException {
        byte[] big;
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = wb.createSheet();
            sheet.createRow(0).createCell(0).setCellValue("first_name");
            for (int i = 1; i <= 20_000; i++) { // far more than the pipe holds
                sheet.createRow(i).createCell(0).setCellValue("Name" + i);
            }
            wb.write(out);
            big = out.toByteArray();
        }
        CsvImporter reader = XlsxImporter.open(new ByteArrayInputStream(big), CsvImporter.Options.defaults());
        assertThat(reader.hasNext()).isTrue();
        reader.close(); // as the HTTP check of a file's start does; the writer thread stops instead of blocking
        try (CsvImporter again = XlsxImporter.open(new ByteArrayInputStream(big), CsvImporter.Options.defaults())) {
            assertThat(readAll(again)).hasSize(20_000);
        }
    }

    @Test
    void a_workbook_with_more_than_a_hundred_thousand_escaped_characters_is_read_to_its_end() throws IOException {
        // Every & < > " in a cell is an entity reference in the sheet's XML (or in its shared strings). Since JDK 24
        // the parser stops a document after 100,000 characters of them (jdk.xml.maxGeneralEntitySizeLimit): an
        // export of some thousand customers with purchases (a JSON cell, all quotes) did not import again.
        String notes = "\"Procter & Gamble\" <B&B> & ".repeat(20); // 100 to 140 escaped characters
        ByteArrayOutputStream exported = new ByteArrayOutputStream();
        try (XlsxExporter w = XlsxExporter.open(exported, List.of("first_name", "notes"))) {
            for (int i = 1; i <= 2_000; i++) {
                w.writeRow(List.of("Name" + i, notes));
            }
        }
        byte[] shared = sharedStringsWorkbook(
                notes.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
        // The shared strings first: once one reader had the limits lifted, the JDK let later readers of POI's parser
        // factory through as well, which hid the shared strings' own reader when it came second.
        for (byte[] workbook : List.of(shared, exported.toByteArray())) {
            try (CsvImporter reader = XlsxImporter.open(new ByteArrayInputStream(workbook),
                    CsvImporter.Options.defaults())) {
                List<ImportRow> rows = readAll(reader);
                assertThat(rows).hasSize(2_000);
                assertThat(rows.get(1_999).customer().notes()).endsWith(notes.strip());
            }
        }
    }

    /**
     * A workbook as Excel writes one: every text in the shared-strings part, here 2,000 rows whose notes hold
     * {@code escapedNotes} each.
     */
    private static byte[] sharedStringsWorkbook(String escapedNotes) throws IOException {
        String main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        String rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        String pkg = "http://schemas.openxmlformats.org/package/2006/relationships";
        StringBuilder strings = new StringBuilder("<sst xmlns=\"" + main + "\"><si><t>first_name</t></si>"
                + "<si><t>notes</t></si>");
        StringBuilder rows = new StringBuilder("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
                + "<c r=\"B1\" t=\"s\"><v>1</v></c></row>");
        java.util.Random random = new java.util.Random(7); // texts that differ, as real ones do: POI refuses a
        for (int i = 1; i <= 2_000; i++) { // part that compresses a hundredfold as a zip bomb
            strings.append("<si><t>Name").append(i).append("</t></si><si><t>")
                    .append(Long.toHexString(random.nextLong())).append(Long.toHexString(random.nextLong()))
                    .append(Long.toHexString(random.nextLong())).append(' ').append(escapedNotes).append("</t></si>");
            rows.append("<row r=\"").append(i + 1).append("\"><c r=\"A").append(i + 1).append("\" t=\"s\"><v>")
                    .append(2 * i).append("</v></c><c r=\"B").append(i + 1).append("\" t=\"s\"><v>")
                    .append(2 * i + 1).append("</v></c></row>");
        }
        java.util.Map<String, String> parts = new java.util.LinkedHashMap<>();
        parts.put("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                + "content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package"
                + ".relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument"
                + ".spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType="
                + "\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/><Override PartName="
                + "\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml"
                + ".sharedStrings+xml\"/></Types>");
        parts.put("_rels/.rels", "<Relationships xmlns=\"" + pkg + "\"><Relationship Id=\"rId1\" Type=\"" + rel
                + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
        parts.put("xl/workbook.xml", "<workbook xmlns=\"" + main + "\" xmlns:r=\"" + rel + "\"><sheets>"
                + "<sheet name=\"Kunden\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
        parts.put("xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"" + pkg + "\"><Relationship Id=\"rId1\" "
                + "Type=\"" + rel + "/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\""
                + rel + "/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>");
        parts.put("xl/worksheets/sheet1.xml", "<worksheet xmlns=\"" + main + "\"><sheetData>" + rows
                + "</sheetData></worksheet>");
        parts.put("xl/sharedStrings.xml", strings.append("</sst>").toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
            for (var part : parts.entrySet()) {
                zip.putNextEntry(new java.util.zip.ZipEntry(part.getKey()));
                zip.write(("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>" + part.getValue())
                        .getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static byte[] uncheckedWorkbook() {
        try {
            return workbook();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void an_exported_workbook_imports_again_losing_no_field_and_nothing_in_it_is_a_formula() throws IOException {
        List<Customer> customers = new ArrayList<>(List.of(TestCustomers.clean(TestCustomers.everyField()),
                TestCustomers.clean(TestCustomers.hungarianCompany())));
        TestCustomers.formulaLikeAndNameless().forEach(c -> customers.add(TestCustomers.clean(c)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XlsxExporter w = XlsxExporter.open(out, CsvExporter.ALL_COLUMNS)) {
            customers.forEach(w::write);
        }
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
            Sheet sheet = wb.getSheetAt(0);
            assertThat(sheet.getLastRowNum()).isEqualTo(customers.size());
            for (Row row : sheet) {
                row.forEach(cell -> assertThat(cell.getCellType()).isNotEqualTo(org.apache.poi.ss.usermodel.CellType.FORMULA));
            }
            int phones = CsvExporter.ALL_COLUMNS.indexOf("phones");
            assertThat(sheet.getRow(1).getCell(phones).getStringCellValue())
                    .isEqualTo("+7 495 123-45-67; -12 345; +36 30 123 4567"); // text, no apostrophes added
        }
        try (CsvImporter reader = XlsxImporter.open(new ByteArrayInputStream(out.toByteArray()),
                CsvImporter.Options.defaults())) {
            List<ImportRow> rows = readAll(reader);
            assertThat(rows).allSatisfy(r -> assertThat(r.errors()).isEmpty());
            assertThat(rows).extracting(ImportRow::customer)
                    .usingRecursiveFieldByFieldElementComparatorIgnoringFields("id", "createdAt", "updatedAt",
                            "version")
                    .containsExactlyElementsOf(customers); // "'=already quoted" keeps its apostrophe
        }
    }

    @Test
    void more_customers_than_a_sheet_holds_go_on_further_sheets_each_with_the_header() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XlsxExporter w = XlsxExporter.open(out, List.of("first_name", "lifetime_spend"), 2)) {
            for (int i = 1; i <= 5; i++) {
                w.writeRow(List.of("N" + i, i + ".5"));
            }
        }
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
            assertThat(wb.getNumberOfSheets()).isEqualTo(3);
            assertThat(wb.getSheetAt(2).getRow(0).getCell(0).getStringCellValue()).isEqualTo("first_name");
            assertThat(wb.getSheetAt(2).getRow(1).getCell(0).getStringCellValue()).isEqualTo("N5");
            assertThat(wb.getSheetAt(0).getRow(1).getCell(1).getNumericCellValue()).isEqualTo(1.5); // a number
        }
    }

    @Test
    void a_workbook_exported_on_several_sheets_imports_every_sheet_in_order_with_rows_numbered_on() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XlsxExporter w = XlsxExporter.open(out, List.of("first_name", "last_name"), 2)) {
            for (int i = 1; i <= 5; i++) {
                w.writeRow(List.of("N" + i, "Kovács"));
            }
        }
        try (CsvImporter reader = XlsxImporter.open(new ByteArrayInputStream(out.toByteArray()),
                CsvImporter.Options.defaults())) {
            assertThat(reader.rowsTotal()).as("known from the sheets' dimensions before reading").isEqualTo(5);
            List<ImportRow> rows = readAll(reader);
            assertThat(rows).extracting(r -> r.customer().firstName()).containsExactly("N1", "N2", "N3", "N4", "N5");
            assertThat(rows).extracting(ImportRow::row).containsExactly(2, 3, 4, 5, 6);
            assertThat(reader.warnings()).extracting(RowError::message).anySatisfy(m -> assertThat(m)
                    .contains("sheet 'Customers 2' continues the table: its row 2 is row 4 here"));
        }
    }

    @Test
    void a_further_sheet_with_another_header_is_skipped_with_a_warning() throws IOException {
        byte[] bytes;
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            String[][][] sheets = {{{"first_name", "city"}, {"Anna", "Győr"}},
                {{"Notizen"}, {"call back on Monday"}},
                {{}, {}, {"first_name", "city"}, {"Boris", "Wien"}, {}, {"Carl", "Graz"}}};
            for (int s = 0; s < sheets.length; s++) {
                Sheet sheet = wb.createSheet("S" + s);
                for (int r = 0; r < sheets[s].length; r++) {
                    if (sheets[s][r].length == 0) {
                        continue; // a blank row
                    }
                    Row row = sheet.createRow(r);
                    for (int c = 0; c < sheets[s][r].length; c++) {
                        row.createCell(c).setCellValue(sheets[s][r][c]);
                    }
                }
            }
            wb.write(out);
            bytes = out.toByteArray();
        }
        try (CsvImporter reader = XlsxImporter.open(new ByteArrayInputStream(bytes), CsvImporter.Options.defaults())) {
            List<ImportRow> rows = readAll(reader);
            assertThat(rows).extracting(r -> r.customer().firstName()).containsExactly("Anna", "Boris", "Carl");
            // S2's header is its row 3 (two blank rows above it); Boris (its row 4) follows Anna's row 2.
            assertThat(rows).extracting(ImportRow::row).containsExactly(2, 3, 5);
            assertThat(reader.warnings()).extracting(RowError::message)
                    .anySatisfy(m -> assertThat(m).contains("sheet 'S1' is not read"))
                    .anySatisfy(m -> assertThat(m).contains("sheet 'S2' continues the table: its row 4 is row 3"));
        }
    }

    @Test
    void the_workbook_is_copied_into_the_spool_directory_and_removed_after() throws IOException {
        java.nio.file.Path spool = java.nio.file.Files.createTempDirectory("left-ops-spool");
        try {
            byte[] big;
            try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
                Sheet sheet = wb.createSheet();
                sheet.createRow(0).createCell(0).setCellValue("first_name");
                for (int i = 1; i <= 20_000; i++) { // far more than the pipe holds: the copy is still being read
                    sheet.createRow(i).createCell(0).setCellValue("Name" + i);
                }
                wb.write(out);
                big = out.toByteArray();
            }
            CsvImporter reader = XlsxImporter.open(new ByteArrayInputStream(big),
                    CsvImporter.Options.defaults().withSpoolDir(spool));
            assertThat(reader.hasNext()).isTrue();
            try (var files = java.nio.file.Files.list(spool)) {
                assertThat(files.count()).as("the copy is in the spool while it is read").isEqualTo(1);
            }
            reader.close();
            // The producer thread removes the copy once it has written the last row and the reader has read it.
            assertThat(awaitEmpty(spool)).as("the copy is removed").isTrue();
        } finally {
            try (var files = java.nio.file.Files.list(spool)) {
                for (java.nio.file.Path f : files.toList()) {
                    java.nio.file.Files.deleteIfExists(f);
                }
            }
            java.nio.file.Files.deleteIfExists(spool);
        }
    }

    /** Waits (a liveness guard, not a timing assertion) until the directory is empty. */
    private static boolean awaitEmpty(java.nio.file.Path dir) throws IOException {
        for (int i = 0; i < 6000; i++) {
            try (var files = java.nio.file.Files.list(dir)) {
                if (files.findAny().isEmpty()) {
                    return true;
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
