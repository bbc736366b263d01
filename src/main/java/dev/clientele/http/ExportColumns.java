package dev.clientele.http;

import dev.clientele.customer.Address;
import dev.clientele.customer.Customer;
import dev.clientele.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The columns an export can have, by name, in their default order; lists are joined with "; ", purchases are one
 * JSON array cell (as {@code clientele export} writes them). The importer reads every column back (consent as
 * given/not_given/unknown, {@code opted_out} and {@code opted_out_date} as the marketing opt-out) except the ones the
 * server computes (id, spend, purchase count and dates, timestamps).
 */
final class ExportColumns {
    static final Map<String, Function<Customer, String>> ALL = new LinkedHashMap<>();

    static {
        ALL.put("id", Customer::id);
        ALL.put("external_id", Customer::externalId);
        ALL.put("kind", c -> str(c.kind()));
        ALL.put("first_name", Customer::firstName);
        ALL.put("last_name", Customer::lastName);
        ALL.put("company", Customer::company);
        ALL.put("position", Customer::position);
        ALL.put("email", c -> c.emails().isEmpty() ? null : c.emails().get(0));
        ALL.put("emails", c -> String.join("; ", c.emails()));
        ALL.put("phone", c -> c.phones().isEmpty() ? null : c.phones().get(0));
        ALL.put("phones", c -> String.join("; ", c.phones()));
        ALL.put("street", c -> address(c, Address::street));
        ALL.put("postal_code", c -> address(c, Address::postalCode));
        ALL.put("city", c -> address(c, Address::city));
        ALL.put("region", c -> address(c, Address::region));
        ALL.put("country", c -> address(c, Address::country));
        ALL.put("industry", Customer::industry);
        ALL.put("website", Customer::website);
        ALL.put("rep", Customer::rep);
        ALL.put("notes", Customer::notes);
        ALL.put("tags", c -> String.join("; ", c.tags()));
        ALL.put("source", Customer::source);
        ALL.put("birthday", c -> str(c.birthday()));
        ALL.put("gender", c -> str(c.gender()));
        ALL.put("language", Customer::language);
        ALL.put("preferred_channel", c -> str(c.preferredChannel()));
        ALL.put("contact_hours", Customer::contactHours);
        ALL.put("consent", c -> c.consent() == null || c.consent().given() == null ? "unknown"
                : c.consent().given() ? "given" : "not_given");
        ALL.put("consent_date", c -> c.consent() == null ? null : str(c.consent().date()));
        // Empty when nobody recorded an opt-out either way: "false" came back from an import as a recorded "no".
        ALL.put("opted_out", c -> c.marketingOptOut() == null ? null : str(c.marketingOptOut().value()));
        ALL.put("opted_out_date", c -> c.marketingOptOut() == null ? null : str(c.marketingOptOut().date()));
        ALL.put("funnel_stage", Customer::funnelStage);
        ALL.put("purchases", c -> c.purchases().isEmpty() ? null : Json.toString(c.purchases()));
        ALL.put("lifetime_spend", c -> c.lifetimeSpend() == null ? null : c.lifetimeSpend().toPlainString());
        ALL.put("spend_currency", Customer::spendCurrency);
        // "120.00 CHF; 5.00 USD": amounts in currencies without a rate, not counted in lifetime_spend.
        ALL.put("uncounted_spend", c -> c.uncountedSpend() == null ? null : String.join("; ", c.uncountedSpend().stream()
                .map(m -> m.amount().toPlainString() + (m.currency() == null ? "" : " " + m.currency())).toList()));
        ALL.put("last_purchase_date", c -> str(c.lastPurchaseDate()));
        ALL.put("purchase_count", c -> str(c.purchaseCount()));
        ALL.put("created_at", c -> dev.clientele.json.Json.instant(c.createdAt()));
        ALL.put("updated_at", c -> dev.clientele.json.Json.instant(c.updatedAt()));
    }

    /** The list columns, whose values a CSV export neutralises one by one ({@link CsvWriter#listCell}). */
    static final Map<String, Function<Customer, List<String>>> LISTS = Map.of("emails", Customer::emails,
            "phones", Customer::phones, "tags", Customer::tags);

    /** The default CSV columns: everything but the single-email/phone shortcuts. */
    static final List<String> DEFAULT = ALL.keySet().stream().filter(k -> !k.equals("email") && !k.equals("phone"))
            .toList();

    private ExportColumns() {
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static String address(Customer c, Function<Address, String> part) {
        return c.address() == null ? null : part.apply(c.address());
    }

    /** Parses {@code columns=a,b&columns=c}; empty means null (the caller's default). */
    static List<String> parse(List<String> params) {
        List<String> out = new java.util.ArrayList<>();
        for (String p : params) {
            for (String name : p.split(",")) {
                String n = name.strip();
                if (n.isEmpty()) {
                    continue;
                }
                if (!ALL.containsKey(n)) {
                    throw new BadRequestException("columns", "unknown column '" + n + "', known: " + ALL.keySet());
                }
                if (out.contains(n)) {
                    // a CSV with two columns of one name does not import again
                    throw new BadRequestException("columns", "column '" + n + "' is given twice");
                }
                out.add(n);
            }
        }
        return out.isEmpty() ? null : List.copyOf(out);
    }
}
