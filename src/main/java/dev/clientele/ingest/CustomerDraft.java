package dev.clientele.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.clientele.customer.Address;
import dev.clientele.customer.Channel;
import dev.clientele.customer.Consent;
import dev.clientele.customer.Customer;
import dev.clientele.customer.CustomerFields;
import dev.clientele.customer.CustomerNormalizer;
import dev.clientele.customer.CustomerValidator;
import dev.clientele.customer.FieldError;
import dev.clientele.customer.Gender;
import dev.clientele.customer.Kind;
import dev.clientele.customer.OptOut;
import dev.clientele.customer.Purchase;
import dev.clientele.customer.ValidCustomer;
import dev.clientele.customer.ValidationException;
import dev.clientele.json.Json;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A customer being assembled from the text values of one record, remembering which source column gave each value
 * so that parse and validation errors can name it. Shared by the CSV and vCard importers; one per record.
 */
final class CustomerDraft {
    private static final Pattern LIST_SEPARATOR = Pattern.compile("\\s*(?:[;|\\r\\n]|:::)\\s*");
    /** Countries whose postal codes are all digits of one length, some starting with 0. */
    private static final Map<String, Integer> POSTAL_DIGITS = Map.of("DE", 5, "FR", 5, "IT", 5, "ES", 5, "US", 5,
            "FI", 5, "NO", 4);
    private static final TypeReference<List<Purchase>> PURCHASES = new TypeReference<>() {
    };
    /** Built once: resolving the list type per row was a measurable share of CSV import. */
    private static final com.fasterxml.jackson.databind.ObjectReader PURCHASES_READER =
            Json.FILE_MAPPER.readerFor(PURCHASES);

    private final int row;
    private final Map<String, String> values = new HashMap<>();
    private final Map<String, String> columns = new HashMap<>();
    private final Map<String, List<String[]>> lists = new HashMap<>();
    private final Set<RowError> errors = new LinkedHashSet<>();
    private final Set<String> fed = new java.util.HashSet<>();
    private final List<RowError> warnings = new ArrayList<>();

    CustomerDraft(int row) {
        this.row = row;
    }

    /**
     * Adds the text of one cell. List fields are split into values; for other fields the first non-blank value
     * wins, except {@code house_number} and {@code middle_name}, which are appended to street and first name.
     */
    void put(String field, String text, String column) {
        put(field, text, column, UnaryOperator.identity());
    }

    /** As {@link #put(String, String, String)}, passing each value of a list field through {@code item}. */
    void put(String field, String text, String column, UnaryOperator<String> item) {
        if (field != null) {
            fed.addAll(CustomerFields.fed(field)); // a blank cell clears its field
        }
        if (field == null || text == null || text.isBlank()) {
            return;
        }
        if (ColumnMapping.LIST_FIELDS.contains(field)) {
            for (String v : LIST_SEPARATOR.split(text.strip())) {
                add(field, item.apply(v), column);
            }
        } else if (!values.containsKey(field)) {
            values.put(field, text);
            columns.put(field, column);
        }
    }

    /** Adds one value to a list field, without splitting. */
    void add(String field, String value, String column) {
        fed.addAll(CustomerFields.fed(field));
        if (field.equals("tags") && value != null && value.startsWith("* ")) {
            // Google Contacts marks its system groups with "* "; everyone is in "myContacts", so it says nothing.
            value = value.equals("* myContacts") ? null : value.substring(2);
        }
        if (value != null && !value.isBlank()) {
            lists.computeIfAbsent(field, f -> new ArrayList<>()).add(new String[] {value, column});
        }
    }

    /** Records a problem found while reading the record (such as undecodable bytes); the row will be rejected. */
    void error(String column, String message) {
        errors.add(new RowError(row, column, message));
    }

    /** What was repaired in the record (a postal code a spreadsheet lost its leading zero of); after finish. */
    List<RowError> warnings() {
        return warnings;
    }

    /**
     * The postal code, with the leading zero a spreadsheet drops from a number restored where the country's codes
     * have a fixed number of digits and it is one short: German 01067 arrives as 1067, Oslo's 0150 as 150.
     */
    private String postalCode(String text, String country) {
        Integer digits = country == null ? null : POSTAL_DIGITS.get(country);
        if (text == null || digits == null) {
            return text;
        }
        String t = text.strip();
        if (t.length() != digits - 1 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return text;
        }
        String padded = "0" + t;
        warnings.add(new RowError(row, columns.get("postal_code"), "postal code " + t + " has " + t.length()
                + " digits, " + country + " codes have " + digits + ": read as " + padded
                + " (a spreadsheet drops leading zeros; format the column as Text)"));
        return padded;
    }

    /** The record as an import row: the cleaned customer, or every problem found with it. */
    ImportRow finish(int line, NameOrder nameOrder, CustomerValidator validator) {
        Customer c = build(nameOrder);
        try {
            // A record with an external id and not every field may update some fields of a stored customer: the
            // rules about the whole record are checked by the store, once it is combined with what is stored.
            ValidCustomer cleaned = validator.check(c, fed);
            if (errors.isEmpty()) {
                return new ImportRow(row, line, cleaned, List.of(), fed, identifierColumns(cleaned.customer()));
            }
        } catch (ValidationException e) {
            Customer normalized = CustomerNormalizer.normalize(c);
            for (FieldError fe : e.errors()) {
                errors.add(toRowError(fe, normalized));
            }
        }
        return new ImportRow(row, line, null, List.copyOf(errors));
    }

    private Customer build(NameOrder nameOrder) {
        String first = values.get("first_name");
        String last = values.get("last_name");
        if ((first == null || last == null) && values.containsKey("full_name")) {
            FullName name = FullName.split(values.get("full_name"), nameOrder);
            if (first == null && last == null) {
                first = name.first();
                last = name.last();
            } else if (first == null) {
                first = name.first();
            } else {
                last = name.last();
            }
        }
        if (values.containsKey("middle_name")) {
            first = first == null ? values.get("middle_name") : first.strip() + " " + values.get("middle_name").strip();
        }
        String street = values.get("street");
        if (values.containsKey("house_number")) {
            street = street == null ? values.get("house_number")
                    : street.strip() + " " + values.get("house_number").strip();
        }
        Gender gender = parse("gender", CustomerDraft::gender);
        if (gender == null && values.containsKey("salutation")) {
            gender = salutation(values.get("salutation"));
        }
        String country = Countries.toIso(values.get("country"));
        Address address = new Address(street, values.get("city"), values.get("region"),
                postalCode(values.get("postal_code"), country), country);
        Boolean consentGiven = parse("consent", CustomerDraft::consent);
        LocalDate consentDate = parse("consent_date", DateText::parse);
        Boolean optOut = parse("marketing_opt_out", CustomerDraft::bool);
        LocalDate optOutDate = parse("marketing_opt_out_date", DateText::parse);
        List<Purchase> purchases = parse("purchases", CustomerDraft::purchases);
        return new Customer(null, values.get("external_id"), parse("kind", CustomerDraft::kind), first, last,
                values.get("company"), values.get("position"), list("emails"), list("phones"),
                address.isEmpty() ? null : address, values.get("industry"), values.get("website"),
                values.get("rep"), values.get("notes"), list("tags"), values.get("source"),
                parse("birthday", DateText::parse), gender, values.get("language"),
                parse("preferred_channel", Channel::parse), values.get("contact_hours"),
                consentGiven == null && consentDate == null ? null : new Consent(consentGiven, consentDate),
                optOut == null && optOutDate == null ? null : new OptOut(optOut, optOutDate),
                values.get("funnel_stage"), purchases, null, null, null, null, null, null);
    }

    private <T> T parse(String field, Function<String, T> parser) {
        String text = values.get(field);
        if (text == null) {
            return null;
        }
        try {
            return parser.apply(text.strip());
        } catch (IllegalArgumentException e) {
            error(columns.get(field), e.getMessage());
            return null;
        }
    }

    private List<String> list(String field) {
        return lists.getOrDefault(field, List.of()).stream().map(v -> v[0]).toList();
    }

    /**
     * The source column of each identifier of the cleaned customer by its path, where it is not the path itself:
     * what names the column when the store refuses the row for one of them later (an erased person's e-mail, phone
     * or external id). A list whose values all came from one column is one entry ({@code emails}), so the usual
     * file costs no per-value look-up on the import's hot path.
     */
    private Map<String, String> identifierColumns(Customer cleaned) {
        Map<String, String> out = null;
        String external = cleaned.externalId() == null ? null : columns.get("external_id");
        if (external != null && !external.equals("external_id")) {
            out = new HashMap<>(4);
            out.put("external_id", external);
        }
        for (String list : List.of("emails", "phones")) {
            List<String[]> values = lists.getOrDefault(list, List.of());
            if (values.isEmpty()) {
                continue;
            }
            String only = values.get(0)[1];
            boolean oneColumn = values.stream().allMatch(v -> java.util.Objects.equals(v[1], only));
            if (out == null) {
                out = new HashMap<>(4);
            }
            if (oneColumn) {
                out.put(list, only);
            } else {
                int n = list.equals("emails") ? cleaned.emails().size() : cleaned.phones().size();
                for (int i = 0; i < n; i++) {
                    String path = list + "[" + i + "]";
                    out.put(path, toRowError(new FieldError(path, ""), cleaned).column());
                }
            }
        }
        return out == null ? Map.of() : out;
    }

    /** Names the source column of a validator error; list items name the column that gave that item. */
    private RowError toRowError(FieldError fe, Customer normalized) {
        String path = fe.field();
        int bracket = path.indexOf('[');
        String base = bracket < 0 ? path : path.substring(0, bracket);
        if (ColumnMapping.LIST_FIELDS.contains(base) && bracket >= 0 && path.endsWith("]")) {
            int index = Integer.parseInt(path.substring(bracket + 1, path.length() - 1));
            List<String> items = switch (base) {
                case "emails" -> normalized.emails();
                case "phones" -> normalized.phones();
                default -> normalized.tags();
            };
            String value = index < items.size() ? items.get(index) : null;
            for (String[] v : lists.getOrDefault(base, List.of())) {
                String n = CustomerNormalizer.text(v[0]);
                if (n != null && n.equalsIgnoreCase(value)) {
                    return new RowError(row, v[1], "'" + value + "' " + fe.message());
                }
            }
            return new RowError(row, base, fe.message());
        }
        String field = switch (base) {
            case "address.street" -> "street";
            case "address.city" -> "city";
            case "address.region" -> "region";
            case "address.postal_code" -> "postal_code";
            case "address.country" -> "country";
            case "consent.given" -> "consent";
            case "consent.date" -> "consent_date";
            case "marketing_opt_out.value" -> "marketing_opt_out";
            case "marketing_opt_out.date" -> "marketing_opt_out_date";
            default -> base;
        };
        String column = columns.get(field);
        if (column == null && (field.equals("first_name") || field.equals("last_name"))) {
            column = columns.get("full_name");
        }
        if (column == null) {
            column = field;
        }
        // The path is kept in the message when the column alone does not say which part failed (purchases[2].amount).
        String message = path.contains("[") ? path + ": " + fe.message() : fe.message();
        return new RowError(row, column, message);
    }

    private static Kind kind(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "b2b", "firma", "unternehmen", "cég", "company", "организация", "компания", "юрлицо" -> Kind.COMPANY;
            case "b2c", "privat", "privatperson", "person", "magánszemély", "физлицо", "частное лицо" -> Kind.PERSON;
            default -> Kind.parse(text);
        };
    }

    private static Gender gender(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "m", "male", "man", "männlich", "mann", "férfi", "ffi", "м", "муж", "мужской" -> Gender.MALE;
            case "f", "w", "female", "woman", "weiblich", "frau", "nő", "ж", "жен", "женский" -> Gender.FEMALE;
            case "d", "o", "x", "other", "divers", "diverse", "egyéb", "другой" -> Gender.DIVERSE;
            // Outlook writes "Unspecified" ("Nicht angegeben") into every row whose gender nobody set: no value.
            case "unspecified", "not specified", "unknown", "n/a", "u", "nicht angegeben", "keine angabe",
                 "unbekannt", "nem ismert", "ismeretlen", "не указан", "не указано", "неизвестно" -> null;
            default -> Gender.parse(text);
        };
    }

    private static Gender salutation(String text) {
        return switch (text.toLowerCase(Locale.ROOT).replace(".", "").strip()) {
            case "herr", "hr", "mr", "sir", "úr", "господин", "г-н" -> Gender.MALE;
            case "frau", "fr", "mrs", "ms", "miss", "madam", "asszony", "hölgy", "госпожа", "г-жа" -> Gender.FEMALE;
            default -> null;
        };
    }

    private static Boolean bool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "y", "1", "x", "ja", "igen", "да", "wahr" -> true;
            case "false", "no", "n", "0", "nein", "nem", "нет", "falsch" -> false;
            default -> throw new IllegalArgumentException("'" + text + "' is not yes/no (true, false, 1, 0, ja, nein,"
                    + " igen, nem, да, нет)");
        };
    }

    /**
     * Yes/no, or the consent states the list export and facets write: {@code given}, {@code not_given} and
     * {@code unknown} (no value), in any case and with a hyphen or space for the underscore.
     */
    private static Boolean consent(String text) {
        return switch (text.toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_')) {
            case "given" -> true;
            case "not_given" -> false;
            case "unknown" -> null;
            default -> {
                try {
                    yield bool(text);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("'" + text + "' is not yes/no (true, false, 1, 0, ja, nein,"
                            + " igen, nem, да, нет) or given, not_given, unknown");
                }
            }
        };
    }

    private static List<Purchase> purchases(String text) {
        try {
            List<Purchase> list = PURCHASES_READER.readValue(text);
            return list == null ? List.of() : list;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("is not a JSON array of purchases ([{\"date\":\"2024-05-31\","
                    + "\"product\":…,\"amount\":…,\"currency\":\"EUR\"}]): " + e.getOriginalMessage());
        }
    }
}
