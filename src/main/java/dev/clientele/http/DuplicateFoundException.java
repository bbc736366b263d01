package dev.clientele.http;

import java.util.List;

/** Creating a customer with {@code on_duplicate=refuse} found likely or possible duplicates (HTTP 409). */
final class DuplicateFoundException extends RuntimeException {
    private final transient List<DuplicateRoutes.CandidateView> duplicates;

    DuplicateFoundException(List<DuplicateRoutes.CandidateView> duplicates) {
        super(duplicates.size() + " possible duplicate(s) exist; not created");
        this.duplicates = duplicates;
    }

    List<DuplicateRoutes.CandidateView> duplicates() {
        return duplicates;
    }
}
