package dev.clientele.customer;

/**
 * A write would bring back a person erased under the GDPR (HTTP 409): the customer carries one of the erased
 * person's identifiers. {@code field} says which one matched, as a path of the customer written ({@code external_id},
 * {@code emails[1]}, {@code phones[0]}; {@code id} for the erased id itself), so an import can name its column and a
 * client its field. Never the identifier itself.
 */
public class ErasedPersonException extends ConflictException {
    private final String field;

    public ErasedPersonException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The matching field's path in the customer written. */
    public String field() {
        return field;
    }

    /** How a message names the field: "e-mail address", "phone number", "external id". */
    public static String describe(String field) {
        if (field.startsWith("emails")) {
            return "e-mail address";
        }
        if (field.startsWith("phones")) {
            return "phone number";
        }
        return field.equals("external_id") ? "external id" : "id";
    }
}
