package dev.clientele.customer;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a normalised customer against Clientele's rules and reports every problem with its field path.
 * Stateless apart from the clock (for "not in the future" checks); thread-safe.
 */
public final class CustomerValidator {
    public static final int MAX_NAME = 200;
    public static final int MAX_TEXT = 500;
    public static final int MAX_NOTES = 20_000;
    public static final int MAX_LIST = 50;
    public static final int MAX_TAG = 64;
    public static final int MAX_PURCHASES = 10_000;
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000");
    public static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    // Deliberately permissive: one @, no spaces, a dot in the domain. Unicode letters are allowed (RFC 6531).
    private static final Pattern EMAIL = Pattern.compile("[^@\\s\"(),:;<>\\[\\\\\\]]{1,64}@[^@\\s\"(),:;<>\\[\\\\\\]_]+\\.[^@\\s\"(),:;<>\\[\\\\\\]_.]{2,63}");
    /**
     * The words that start a phone number's extension ("ext. 12", "x12", "#12", German "Durchwahl 12", Russian "доб.
     * 12"), as a regular-expression alternation matched without regard to case: what the validator accepts is what
     * matching and search cut off ({@code text.Phones#number}).
     */
    public static final String PHONE_EXTENSION_MARKERS = "ext\\.?|x|#|durchwahl|доб\\.?";
    /** A number, then perhaps an extension. */
    private static final Pattern PHONE = Pattern.compile(
            "\\+?[0-9 ()./\\-]+((" + PHONE_EXTENSION_MARKERS + ") ?[0-9]{1,6})?",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[a-z0-9]{2,8})*");
    private static final Pattern WEBSITE = Pattern.compile("(https?://)?[^\\s/$.?#][^\\s]*\\.[^\\s]{2,}", Pattern.CASE_INSENSITIVE);

    private final Clock clock;

    public CustomerValidator(Clock clock) {
        this.clock = clock;
    }

    public CustomerValidator() {
        this(Clock.systemUTC());
    }

    /** Normalises, then validates. Returns the normalised customer with derived fields computed. */
    public Customer clean(Customer input) {
        return check(input).customer();
    }

    /**
     * Like {@link #clean}, but returns the proof that it ran, which the store accepts without validating again.
     *
     * @throws ValidationException with every problem found
     */
    public ValidCustomer check(Customer input) {
        return check(input, true);
    }

    /**
     * {@link #check}, or for a record that may update some fields of a stored customer (one with an external id
     * that carries only some {@code fields}, {@link CustomerFields}; null: every field, as an import file with some
     * columns does) a check of each field without the rules about the whole record; the proof then says so
     * ({@link ValidCustomer#partial()}).
     */
    public ValidCustomer check(Customer input, java.util.Set<String> fields) {
        boolean part = input.externalId() != null && fields != null && !fields.containsAll(CustomerFields.ALL);
        return check(input, !part);
    }

    private ValidCustomer check(Customer input, boolean whole) {
        Customer c = CustomerNormalizer.normalize(input);
        List<FieldError> errors = validate(c, whole);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new ValidCustomer(c.withDerived(), !whole);
    }

    /** Every problem with a normalised customer; empty when it is valid. */
    public List<FieldError> validate(Customer c) {
        return validate(c, true);
    }

    private List<FieldError> validate(Customer c, boolean whole) {
        List<FieldError> errors = new ArrayList<>();
        LocalDate today = LocalDate.now(clock);
        if (c.id() != null && !CustomerIds.isValid(c.id())) {
            errors.add(new FieldError("id", "is not a Clientele id (26 characters, as the server makes them)"));
        }
        length(errors, "external_id", c.externalId(), MAX_NAME);
        length(errors, "first_name", c.firstName(), MAX_NAME);
        length(errors, "last_name", c.lastName(), MAX_NAME);
        length(errors, "company", c.company(), MAX_NAME);
        length(errors, "position", c.position(), MAX_NAME);
        length(errors, "industry", c.industry(), MAX_NAME);
        length(errors, "rep", c.rep(), MAX_NAME);
        length(errors, "source", c.source(), MAX_NAME);
        length(errors, "contact_hours", c.contactHours(), MAX_NAME);
        length(errors, "funnel_stage", c.funnelStage(), MAX_TAG);
        length(errors, "website", c.website(), MAX_TEXT);
        length(errors, "notes", c.notes(), MAX_NOTES);
        if (!whole) {
            // an update of some fields: the whole record is checked once they are combined with the stored one
        } else if (c.kind() == Kind.COMPANY) {
            if (c.company() == null) {
                errors.add(new FieldError("company", "is required for a company"));
            }
        } else if (c.firstName() == null && c.lastName() == null && c.company() == null && c.emails().isEmpty()
                && c.phones().isEmpty()) {
            errors.add(new FieldError("", "a person needs at least a first name, last name, company, email or phone"));
        }
        size(errors, "emails", c.emails());
        for (int i = 0; i < c.emails().size(); i++) {
            String e = c.emails().get(i);
            if (e.length() > 254 || !EMAIL.matcher(e).matches()) {
                errors.add(new FieldError("emails[" + i + "]", "is not an email address"));
            }
        }
        size(errors, "phones", c.phones());
        for (int i = 0; i < c.phones().size(); i++) {
            String p = c.phones().get(i);
            long digits = p.chars().filter(Character::isDigit).count();
            if (p.length() > 40 || !PHONE.matcher(p).matches() || digits < 3 || digits > 20) {
                errors.add(new FieldError("phones[" + i + "]",
                        "is not a phone number (digits, spaces, + ( ) - . / and an optional extension)"));
            }
        }
        size(errors, "tags", c.tags());
        for (int i = 0; i < c.tags().size(); i++) {
            length(errors, "tags[" + i + "]", c.tags().get(i), MAX_TAG);
        }
        if (c.address() != null) {
            Address a = c.address();
            length(errors, "address.street", a.street(), MAX_TEXT);
            length(errors, "address.city", a.city(), MAX_NAME);
            length(errors, "address.region", a.region(), MAX_NAME);
            length(errors, "address.postal_code", a.postalCode(), 20);
            if (a.country() != null && !COUNTRIES.contains(a.country())) {
                errors.add(new FieldError("address.country", "is not an ISO 3166-1 alpha-2 country code"));
            }
        }
        if (c.website() != null && !WEBSITE.matcher(c.website()).matches()) {
            errors.add(new FieldError("website", "is not a web address"));
        }
        if (c.language() != null && !LANGUAGE.matcher(c.language()).matches()) {
            errors.add(new FieldError("language", "is not a language tag such as 'hu' or 'de-AT'"));
        }
        date(errors, "birthday", c.birthday(), today);
        if (c.consent() != null) {
            date(errors, "consent.date", c.consent().date(), today.plusDays(1));
            if (c.consent().given() == null) {
                errors.add(new FieldError("consent.given", "is required when consent is given"));
            }
        }
        if (c.marketingOptOut() != null) {
            date(errors, "marketing_opt_out.date", c.marketingOptOut().date(), today.plusDays(1));
            if (c.marketingOptOut().value() == null) {
                errors.add(new FieldError("marketing_opt_out.value", "is required when marketing_opt_out is given"));
            }
        }
        if (c.purchases().size() > MAX_PURCHASES) {
            errors.add(new FieldError("purchases", "has more than " + MAX_PURCHASES + " entries"));
        } else {
            for (int i = 0; i < c.purchases().size(); i++) {
                purchase(errors, "purchases[" + i + "]", c.purchases().get(i), today);
            }
        }
        for (var check : List.of(
                new Object[] {"first_name", c.firstName()}, new Object[] {"last_name", c.lastName()},
                new Object[] {"company", c.company()}, new Object[] {"external_id", c.externalId()},
                new Object[] {"notes", c.notes()})) {
            String value = (String) check[1];
            if (value != null && hasControlCharacters(value, "notes".equals(check[0]))) {
                errors.add(new FieldError((String) check[0], "contains control characters"));
            }
        }
        return errors;
    }

    private static void purchase(List<FieldError> errors, String path, Purchase p, LocalDate today) {
        if (p.date() == null) {
            errors.add(new FieldError(path + ".date", "is required"));
        } else {
            date(errors, path + ".date", p.date(), today.plusDays(1));
        }
        if (p.amount() == null) {
            errors.add(new FieldError(path + ".amount", "is required"));
        } else if (p.amount().signum() < 0) {
            errors.add(new FieldError(path + ".amount", "must be zero or more"));
        } else if (p.amount().compareTo(MAX_AMOUNT) > 0) {
            errors.add(new FieldError(path + ".amount", "must be at most " + MAX_AMOUNT.toPlainString()));
        } else if (p.amount().scale() > 4) {
            errors.add(new FieldError(path + ".amount", "has more than 4 decimal places"));
        }
        length(errors, path + ".product", p.product(), MAX_NAME);
        if (p.currency() != null) {
            try {
                Currency.getInstance(p.currency());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(path + ".currency", "is not an ISO 4217 currency code"));
            }
        }
    }

    private static void date(List<FieldError> errors, String field, LocalDate d, LocalDate latest) {
        if (d == null) {
            return;
        }
        if (d.isBefore(EARLIEST)) {
            errors.add(new FieldError(field, "is before " + EARLIEST));
        } else if (d.isAfter(latest)) {
            errors.add(new FieldError(field, "is in the future"));
        }
    }

    private static void length(List<FieldError> errors, String field, String value, int max) {
        if (value != null && value.codePointCount(0, value.length()) > max) {
            errors.add(new FieldError(field, "is longer than " + max + " characters"));
        }
    }

    private static void size(List<FieldError> errors, String field, List<?> values) {
        if (values.size() > MAX_LIST) {
            errors.add(new FieldError(field, "has more than " + MAX_LIST + " entries"));
        }
    }

    private static boolean hasControlCharacters(String s, boolean allowLineBreaks) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (Character.isISOControl(ch) && !(allowLineBreaks && (ch == '\n' || ch == '\r' || ch == '\t'))) {
                return true;
            }
        }
        return false;
    }
}
