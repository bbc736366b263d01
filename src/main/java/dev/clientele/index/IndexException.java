package dev.clientele.index;

/** An I/O failure inside the index, with the operation and the index path in its message. Unchecked. */
public class IndexException extends RuntimeException {
    /** What kind of failure, for callers that answer differently (HTTP status, CLI hints). */
    public enum Reason {
        /** An operation failed; the index may work again (a failed commit is retried). */
        FAILED,
        /**
         * The index has stopped accepting writes after a disk failure, until the disk works again and the writer is
         * reopened (see {@link CustomerIndex#stoppedWriting()}).
         */
        READ_ONLY,
        /** Another process (a server, an import, a backup) has the index open. */
        IN_USE,
        /** The files on disk are damaged or from an unknown version: restore a backup. */
        DAMAGED,
        /**
         * The disk holding the index is nearly full: writes are refused until there is room again, with no restart
         * (see {@code index.min_free_disk_mb}).
         */
        NO_SPACE
    }

    private final Reason reason;

    public IndexException(String message, Throwable cause) {
        this(message, cause, Reason.FAILED);
    }

    public IndexException(String message) {
        this(message, null, Reason.FAILED);
    }

    IndexException(String message, Throwable cause, Reason reason) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** Whether the index has stopped accepting writes after a disk failure (see {@link Reason#READ_ONLY}). */
    public boolean readOnly() {
        return reason == Reason.READ_ONLY;
    }
}
