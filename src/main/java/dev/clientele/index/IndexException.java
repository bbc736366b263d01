package dev.clientele.index;

/** An I/O failure inside the index, with the operation and the index path in its message. Unchecked. */
public class IndexException extends RuntimeException {
    private final boolean readOnly;

    public IndexException(String message, Throwable cause) {
        this(message, cause, false);
    }

    public IndexException(String message) {
        this(message, null, false);
    }

    IndexException(String message, Throwable cause, boolean readOnly) {
        super(message, cause);
        this.readOnly = readOnly;
    }

    /** Whether the index has stopped accepting writes until a restart (see {@link CustomerIndex#writeFailure()}). */
    public boolean readOnly() {
        return readOnly;
    }
}
