package dev.clientele.dedup;

/** A merge, dismissal or undo cannot happen in the current state (already decided, records changed): HTTP 409. */
public class MergeConflictException extends RuntimeException {
    public MergeConflictException(String message) {
        super(message);
    }
}
