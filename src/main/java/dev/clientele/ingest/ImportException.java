package dev.clientele.ingest;

/**
 * The file as a whole cannot be read: undecodable header, unclosed quote, no usable header, or an I/O failure.
 * {@link #row()} is where the problem starts, in the numbering of {@link RowError}, or 0 when unknown.
 */
public class ImportException extends RuntimeException {
    private final int row;

    public ImportException(int row, String message, Throwable cause) {
        super(row > 0 ? "row " + row + ": " + message : message, cause);
        this.row = row;
    }

    public ImportException(int row, String message) {
        this(row, message, null);
    }

    /** For subclasses that compose the whole message themselves. */
    protected ImportException(String message, int row, Throwable cause) {
        super(message, cause);
        this.row = row;
    }

    public int row() {
        return row;
    }
}
