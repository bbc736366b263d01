package dev.clientele.ingest;

import dev.clientele.customer.Customer;
import dev.clientele.customer.CustomerFields;
import dev.clientele.customer.ValidCustomer;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One record read from an import file: either a validated customer and no errors, or no customer and at
 * least one error.
 *
 * <p>{@code row} is as in {@link RowError}. {@code line} is the physical line of the file where the record starts;
 * it differs from {@code row} for CSV files with line breaks inside quoted cells (a spreadsheet shows such a record
 * as one row) and for vCard (where {@code row} is the card's index).
 */
public record ImportRow(int row, int line, ValidCustomer valid, List<RowError> errors, Set<String> fields,
                        Map<String, String> columns) {

    /**
     * @param fields  the fields the record carries ({@link dev.clientele.customer.CustomerFields}: the file's
     *                mapped columns, the card's properties, the line's keys); an update by {@code external_id}
     *                changes only these. Null (or every field): the record is the whole customer.
     * @param columns the source column (as {@link RowError#column}) of each identifier of the customer, by its
     *                path ({@code external_id}, {@code emails[1]}, {@code phones[0]}; {@code emails} for every
     *                address when they came from one column), so that a refusal the store finds later (an erased
     *                person's identifier) names the column the user sees; a path not in it is its own column
     *                (NDJSON)
     */
    public ImportRow {
        errors = List.copyOf(errors);
        columns = columns == null ? Map.of() : Map.copyOf(columns);
        fields = fields == null || fields.containsAll(CustomerFields.ALL) ? null : Set.copyOf(fields);
        if ((valid == null) == errors.isEmpty()) {
            throw new IllegalArgumentException("a row has either a customer or errors, not both or neither");
        }
    }

    public ImportRow(int row, int line, ValidCustomer valid, List<RowError> errors, Set<String> fields) {
        this(row, line, valid, errors, fields, null);
    }

    /** A row that is the whole customer. */
    public ImportRow(int row, int line, ValidCustomer valid, List<RowError> errors) {
        this(row, line, valid, errors, null);
    }

    public boolean ok() {
        return valid != null;
    }

    /**
     * The source column of a field of the customer ({@code emails[1]}): where {@link #columns} says, else the
     * path itself.
     */
    public String column(String path) {
        String column = columns.get(path);
        if (column == null && path.endsWith("]")) {
            column = columns.get(path.substring(0, path.indexOf('['))); // a list whose values came from one column
        }
        return column != null ? column : path;
    }

    /** The cleaned customer, or null when the row has errors. */
    public Customer customer() {
        return valid == null ? null : valid.customer();
    }
}
