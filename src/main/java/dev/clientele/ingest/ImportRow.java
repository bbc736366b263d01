package dev.clientele.ingest;

import dev.clientele.customer.Customer;
import dev.clientele.customer.ValidCustomer;
import java.util.List;

/**
 * One record read from an import file: either a validated customer and no errors, or no customer and at
 * least one error.
 *
 * <p>{@code row} is as in {@link RowError}. {@code line} is the physical line of the file where the record starts;
 * it differs from {@code row} for CSV files with line breaks inside quoted cells (a spreadsheet shows such a record
 * as one row) and for vCard (where {@code row} is the card's index).
 */
public record ImportRow(int row, int line, ValidCustomer valid, List<RowError> errors) {

    public ImportRow {
        errors = List.copyOf(errors);
        if ((valid == null) == errors.isEmpty()) {
            throw new IllegalArgumentException("a row has either a customer or errors, not both or neither");
        }
    }

    public boolean ok() {
        return valid != null;
    }

    /** The cleaned customer, or null when the row has errors. */
    public Customer customer() {
        return valid == null ? null : valid.customer();
    }
}
