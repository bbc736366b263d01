package dev.clientele.ingest;

/**
 * One problem with one row of an imported file, or a warning about the file.
 *
 * <p>{@code row} is the number a user finds the record by: for CSV the spreadsheet row (the header is row 1, the
 * first data row is row 2), for NDJSON the line number, for vCard the 1-based index of the card. {@code column} is
 * the source column as the file names it (CSV header, JSON path, vCard property), or empty or null for the whole row
 * (a reader's row errors are empty, the store's are null; both are in the API's answers as they are).
 */
public record RowError(int row, String column, String message) {

    @Override
    public String toString() {
        return "row " + row + (column == null || column.isEmpty() ? "" : " [" + column + "]") + ": " + message;
    }
}
