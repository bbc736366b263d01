package dev.clientele.customer;

/** A conditional write named a version that is no longer current (HTTP 412). */
public class VersionConflictException extends RuntimeException {
    private final long currentVersion;

    public VersionConflictException(String id, long expected, long currentVersion) {
        super("customer " + id + " is at version " + currentVersion + ", not " + expected);
        this.currentVersion = currentVersion;
    }

    /** A conflict described by its own message; {@code currentVersion} is 0 when the record does not exist. */
    public VersionConflictException(String message, long currentVersion) {
        super(message);
        this.currentVersion = currentVersion;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
