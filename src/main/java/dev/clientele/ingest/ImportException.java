package dev.clientele.ingest;

/**
 * The file as a whole cannot be read: undecodable header, unclosed quote, no usable header, or an I/O failure.
 * {@link #row()} is where the problem starts, in the numbering of {@link RowError}, or 0 when unknown; {@link
 * #column()} the column it starts in, named as a {@link RowError}'s, or null when unknown.
 */
public class ImportException extends RuntimeException {
    private final int row;
    private final String column;

    public ImportException(int row, String message, Throwable cause) {
        this(row, null, message, cause);
    }

    public ImportException(int row, String column, String message, Throwable cause) {
        super(row > 0 ? "row " + row + ": " + message : message, cause);
        this.row = row;
        this.column = column;
    }

    public ImportException(int row, String message) {
        this(row, message, null);
    }

    /** For subclasses that compose the whole message themselves. */
    protected ImportException(String message, int row, String column, Throwable cause) {
        super(message, cause);
        this.row = row;
        this.column = column;
    }

    public int row() {
        return row;
    }

    /** The column where the problem starts (a quoted cell never closed), or null when unknown. */
    public String column() {
        return column;
    }
}
