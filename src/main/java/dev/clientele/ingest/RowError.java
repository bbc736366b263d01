package dev.clientele.ingest;

/**
 * One problem with one row of an imported file, or a warning about the file.
 *
 * <p>{@code row} is the number a user finds the record by: for CSV the spreadsheet row (the header is row 1, the
 * first data row is row 2), for NDJSON the line number, for vCard the 1-based index of the card. {@code column} is
 * the source column as the file names it (CSV header, JSON path, vCard property), or null for the whole row (or the
 * whole file): an empty or blank column is read as null, so the readers' whole-row errors and the store's are one and
 * the same in the API's answers ({@code "column": null}) and in {@code clientele import}'s list.
 */
public record RowError(int row, String column, String message) {

    public RowError {
        column = column == null || column.isBlank() ? null : column;
    }

    @Override
    public String toString() {
        return "row " + row + (column == null ? "" : " [" + column + "]") + ": " + message;
    }
}
