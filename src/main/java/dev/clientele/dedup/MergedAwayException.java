package dev.clientele.dedup;

/**
 * A customer that no longer exists because a merge removed it: {@code survivorId} holds its data now (after a
 * chain of merges, the last survivor), until {@code mergeId} is undone.
 */
public class MergedAwayException extends RuntimeException {
    private final String customerId;
    private final String survivorId;
    private final String mergeId;

    public MergedAwayException(String customerId, String survivorId, String mergeId) {
        super("customer " + customerId + " was merged into " + survivorId);
        this.customerId = customerId;
        this.survivorId = survivorId;
        this.mergeId = mergeId;
    }

    public String customerId() {
        return customerId;
    }

    public String survivorId() {
        return survivorId;
    }

    public String mergeId() {
        return mergeId;
    }
}
