package dev.clientele.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.clientele.customer.Customer;
import dev.clientele.customer.CustomerValidator;
import dev.clientele.customer.FieldError;
import dev.clientele.customer.ValidationException;
import dev.clientele.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import dev.clientele.customer.CustomerFields;
import java.util.Objects;

/**
 * Reads customers from NDJSON: one customer per line in Clientele's canonical JSON form ({@link Json#MAPPER}),
 * UTF-8, blank lines skipped.
 *
 * <p>{@link ImportRow#row()} and {@link RowError#row()} are the 1-based line number; a {@link RowError#column()} is
 * the JSON path of the problem ({@code emails[1]}, {@code address.country}), or empty for a line that is not JSON
 * at all. Store-managed fields ({@code id}, times, version, derived totals) are accepted and cleared, because an
 * import creates or updates customers by the server's rules. Not thread-safe; close it to close the stream.
 */
public final class NdjsonImporter extends LookAheadReader {
    private static final char REPLACEMENT = '\uFFFD';

    private final BufferedReader reader;
    private final CustomerValidator validator = new CustomerValidator();
    private int line;

    private NdjsonImporter(BufferedReader reader) {
        this.reader = reader;
    }

    public static NdjsonImporter open(InputStream in) {
        Objects.requireNonNull(in, "in");
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        return new NdjsonImporter(new BufferedReader(new InputStreamReader(in, decoder)));
    }

    @Override
    public List<RowError> warnings() {
        return List.of();
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new ImportException(0, "cannot close the NDJSON input", e);
        }
    }

    @Override
    protected ImportRow readNext() {
        String text;
        try {
            do {
                text = reader.readLine();
                line++;
                if (line == 1 && text != null && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
                    text = text.substring(1); // a byte-order mark, even before a blank first line
                }
            } while (text != null && text.isBlank());
        } catch (IOException e) {
            throw new ImportException(line, "cannot read the file: " + e.getMessage(), e);
        }
        if (text == null) {
            return null;
        }
        if (text.indexOf(REPLACEMENT) >= 0) {
            return error(null, "contains bytes that are not valid UTF-8");
        }
        Customer parsed;
        Set<String> fields = new HashSet<>();
        try {
            com.fasterxml.jackson.databind.JsonNode tree = Json.FILE_MAPPER.readTree(text);
            if (tree != null && !tree.isNull() && !tree.isObject()) {
                return error(null, "is not a JSON object: each line must be one customer, {\"first_name\": …}");
            }
            if (tree != null && tree.isObject()) {
                tree.fieldNames().forEachRemaining(name -> fields.addAll(CustomerFields.fed(name)));
            }
            parsed = tree == null || tree.isNull() ? null : Json.FILE_MAPPER.treeToValue(tree, Customer.class);
        } catch (JsonMappingException e) {
            return error(path(e), message(e));
        } catch (JsonProcessingException e) {
            return error(null, "is not valid JSON: " + e.getOriginalMessage());
        }
        if (parsed == null) {
            return error(null, "is null, not a customer object");
        }
        Customer input = parsed;
        // Store-managed and derived fields are the server's; an export of another instance must not carry them in.
        input = new Customer(null, input.externalId(), input.kind(), input.firstName(), input.lastName(),
                input.company(), input.position(), input.emails(), input.phones(), input.address(),
                input.industry(), input.website(), input.rep(), input.notes(), input.tags(), input.source(),
                input.birthday(), input.gender(), input.language(), input.preferredChannel(), input.contactHours(),
                input.consent(), input.marketingOptOut(), input.funnelStage(), input.purchases(), null, null, null,
                null, null, null);
        try {
            return new ImportRow(line, line, validator.check(input, fields), List.of(), fields);
        } catch (ValidationException e) {
            List<RowError> errors = new ArrayList<>();
            for (FieldError fe : e.errors()) {
                errors.add(new RowError(line, fe.field(), fe.message()));
            }
            return new ImportRow(line, line, null, errors);
        }
    }

    private ImportRow error(String column, String message) {
        return new ImportRow(line, line, null, List.of(new RowError(line, column, message)));
    }

    /**
     * A mapping error in words, without Jackson's class names and lists of known properties: "unknown field
     * 'nickname'", "has an invalid value "31.12.2024" (expected an ISO-8601 date such as 2024-05-31)".
     */
    static String message(JsonMappingException e) {
        if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
            return "unknown field '" + u.getPropertyName() + "'";
        }
        if (e.getCause() instanceof IllegalArgumentException iae && iae.getMessage() != null) {
            return iae.getMessage();
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException f && !Json.isScalarForText(f)) {
            Class<?> type = f.getTargetType();
            return "has an invalid value " + Json.toString(f.getValue())
                    + (type != null && type.isEnum() ? " (expected one of "
                        + java.util.Arrays.stream(type.getEnumConstants()).map(Object::toString).toList() + ")" : "")
                    + (type != null && type.getName().startsWith("java.time")
                        ? " (expected an ISO-8601 date such as 2024-05-31)" : "");
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mi) {
            Class<?> type = mi.getTargetType();
            String expected = type == null ? null : java.util.List.class.isAssignableFrom(type) ? "a list"
                    : type == String.class ? "a text" : Number.class.isAssignableFrom(type) ? "a number"
                    : type == Boolean.class || type == boolean.class ? "true or false" : "an object";
            return "has the wrong type" + (expected == null ? "" : " (expected " + expected + ")");
        }
        String m = e.getOriginalMessage();
        return m == null ? "is not valid" : m.lines().findFirst().orElse(m);
    }

    /** The JSON path of a mapping error in the validator's style: {@code address.country}, {@code emails[1]}. */
    static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
