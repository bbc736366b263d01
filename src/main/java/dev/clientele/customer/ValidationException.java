package dev.clientele.customer;

import java.util.List;

/** A customer (or part of a request) failed validation; carries every problem found, not just the first. */
public class ValidationException extends RuntimeException {
    private final List<FieldError> errors;

    public ValidationException(List<FieldError> errors) {
        super(summary(errors));
        this.errors = List.copyOf(errors);
    }

    public ValidationException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }

    private static String summary(List<FieldError> errors) {
        if (errors.isEmpty()) {
            return "invalid input";
        }
        FieldError first = errors.get(0);
        String head = first.field().isEmpty() ? first.message() : first.field() + ": " + first.message();
        return errors.size() == 1 ? head : head + " (and " + (errors.size() - 1) + " more)";
    }
}
