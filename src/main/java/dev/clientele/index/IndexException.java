package dev.clientele.index;

/** An I/O failure inside the index, with the operation and the index path in its message. Unchecked. */
public class IndexException extends RuntimeException {
    public IndexException(String message, Throwable cause) {
        super(message, cause);
    }

    public IndexException(String message) {
        super(message);
    }
}
