package dev.clientele.customer;

import java.util.List;
import java.util.Set;

/**
 * The names of the customer fields a writer may set, as JSON paths ({@code first_name}, {@code address.city}):
 * what an import says a record carries, so that an update by {@code external_id} changes only those fields.
 * The derived ({@code lifetime_spend} …) and store-managed ({@code id}, {@code version} …) fields are not among them.
 */
public final class CustomerFields {
    /** The parts of the address, each a field of its own. */
    public static final List<String> ADDRESS = List.of("address.street", "address.city", "address.region",
            "address.postal_code", "address.country");

    /** Every field a writer may set. */
    public static final Set<String> ALL = Set.of("external_id", "kind", "first_name", "last_name", "company",
            "position", "emails", "phones", "address.street", "address.city", "address.region", "address.postal_code",
            "address.country", "industry", "website", "rep", "notes", "tags", "source", "birthday", "gender",
            "language", "preferred_channel", "contact_hours", "consent", "marketing_opt_out", "funnel_stage",
            "purchases");

    private CustomerFields() {
    }

    /**
     * The fields a column or property of an import file feeds ({@code city} → {@code address.city},
     * {@code consent_date} → {@code consent}, {@code full_name} → first and last name); empty for names that feed no
     * field.
     */
    public static List<String> fed(String importField) {
        return switch (importField) {
            case "street", "house_number" -> List.of("address.street");
            case "city", "region", "postal_code", "country" -> List.of("address." + importField);
            case "address" -> ADDRESS;
            case "consent_date" -> List.of("consent");
            case "marketing_opt_out_date" -> List.of("marketing_opt_out");
            case "full_name" -> List.of("first_name", "last_name");
            case "middle_name" -> List.of("first_name");
            case "salutation" -> List.of("gender");
            default -> ALL.contains(importField) ? List.of(importField) : List.of();
        };
    }
}
