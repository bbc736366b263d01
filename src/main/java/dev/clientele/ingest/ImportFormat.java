package dev.clientele.ingest;

import java.io.InputStream;
import java.util.Locale;
import java.util.Objects;

/** The import file formats, and how to pick one from a file name. */
public enum ImportFormat {
    CSV,
    NDJSON,
    VCARD,
    /**
     * An Excel workbook: its first sheet (and further sheets with the same header), read as a CSV file saved from it
     * would be (see {@link XlsxImporter}).
     */
    XLSX;

    /**
     * The format a file name's extension implies: {@code .csv .tsv .txt} → CSV, {@code .ndjson .jsonl .json} →
     * NDJSON, {@code .vcf .vcard} → vCard, {@code .xlsx} → an Excel workbook.
     *
     * @throws IllegalArgumentException naming the file when the extension is none of these
     */
    public static ImportFormat fromFileName(String fileName) {
        Objects.requireNonNull(fileName, "fileName");
        String name = fileName.toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        return switch (ext) {
            case "csv", "tsv", "txt" -> CSV;
            case "ndjson", "jsonl", "json" -> NDJSON;
            case "vcf", "vcard" -> VCARD;
            case "xlsx" -> XLSX;
            case "xls" -> throw new IllegalArgumentException("'" + fileName + "' is an old Excel file (.xls): save it "
                    + "as .xlsx or CSV first");
            default -> throw new IllegalArgumentException("cannot tell the format of '" + fileName
                    + "'; expected .csv, .tsv, .xlsx, .ndjson, .jsonl or .vcf");
        };
    }

    /**
     * The format a name gives ({@code csv} or {@code tsv}, {@code ndjson} or {@code jsonl}, {@code vcard} or
     * {@code vcf}, {@code xlsx} or {@code excel}; any case, surrounding blanks ignored), or empty for another name.
     */
    public static java.util.Optional<ImportFormat> named(String name) {
        return java.util.Optional.ofNullable(switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "csv", "tsv" -> CSV;
            case "ndjson", "jsonl" -> NDJSON;
            case "vcard", "vcf" -> VCARD;
            case "xlsx", "excel" -> XLSX;
            default -> null;
        });
    }

    /**
     * Opens a reader for this format. The options' charset applies to CSV and vCard (NDJSON is always UTF-8); the
     * name order and mapping apply to CSV only.
     */
    public CustomerReader open(InputStream in, CsvImporter.Options options) {
        Objects.requireNonNull(options, "options");
        return switch (this) {
            case CSV -> CsvImporter.open(in, options);
            case NDJSON -> NdjsonImporter.open(in);
            case VCARD -> VcardImporter.open(in, options.charset());
            case XLSX -> XlsxImporter.open(in, options);
        };
    }
}
