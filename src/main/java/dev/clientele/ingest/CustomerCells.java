package dev.clientele.ingest;

import dev.clientele.customer.Address;
import dev.clientele.customer.Customer;
import dev.clientele.json.Json;
import java.util.List;
import java.util.Objects;

/** The text of one canonical column for one customer, as {@link CsvExporter} writes it; empty when unknown. */
final class CustomerCells {
    static final String LIST_SEPARATOR = "; ";

    private CustomerCells() {
    }

    static String cell(Customer c, String column) {
        Address a = c.address() == null ? Address.EMPTY : c.address();
        Object value = switch (column) {
            case "id" -> c.id();
            case "external_id" -> c.externalId();
            case "kind" -> c.kind() == null ? null : c.kind().wire();
            case "first_name" -> c.firstName();
            case "last_name" -> c.lastName();
            case "company" -> c.company();
            case "position" -> c.position();
            case "emails" -> join(c.emails());
            case "phones" -> join(c.phones());
            case "street" -> a.street();
            case "city" -> a.city();
            case "region" -> a.region();
            case "postal_code" -> a.postalCode();
            case "country" -> a.country();
            case "industry" -> c.industry();
            case "website" -> c.website();
            case "rep" -> c.rep();
            case "notes" -> c.notes();
            case "tags" -> join(c.tags());
            case "source" -> c.source();
            case "birthday" -> c.birthday();
            case "gender" -> c.gender() == null ? null : c.gender().wire();
            case "language" -> c.language();
            case "preferred_channel" -> c.preferredChannel() == null ? null : c.preferredChannel().wire();
            case "contact_hours" -> c.contactHours();
            case "consent" -> c.consent() == null ? null : c.consent().given();
            case "consent_date" -> c.consent() == null ? null : c.consent().date();
            case "marketing_opt_out" -> c.marketingOptOut() == null ? null : c.marketingOptOut().value();
            case "marketing_opt_out_date" -> c.marketingOptOut() == null ? null : c.marketingOptOut().date();
            case "funnel_stage" -> c.funnelStage();
            case "purchases" -> c.purchases().isEmpty() ? null : Json.toString(c.purchases());
            default -> throw new IllegalArgumentException("unknown column '" + column + "'");
        };
        return Objects.toString(value, "");
    }

    /**
     * The values of a list column (emails, phones, tags), or null for any other column: {@link CsvExporter}
     * neutralises each value on its own, since a spreadsheet splitting the cell on {@code ;} makes each a cell.
     */
    static List<String> list(Customer c, String column) {
        return switch (column) {
            case "emails" -> c.emails();
            case "phones" -> c.phones();
            case "tags" -> c.tags();
            default -> null;
        };
    }

    private static String join(List<String> values) {
        return String.join(LIST_SEPARATOR, values);
    }
}
