package dev.clientele.dedup;

import dev.clientele.customer.Consent;
import dev.clientele.customer.Customer;
import dev.clientele.customer.OptOut;
import dev.clientele.customer.Purchase;
import dev.clientele.text.Nicknames;
import dev.clientele.text.Phones;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Merges two records of one customer into one (survivorship), separate from scoring.
 *
 * <p>Default rules: for single values, the value of the more recently updated record when it has one, else the
 * other's (of two forms of one first name, such as Pista and István, the formal one); emails, phones and tags are united (the survivor's first, repeats dropped: emails case-insensitively,
 * phones by number, so "+36 30 987 6543" and "06 30 987 6543" of a Hungarian customer are one); purchases are
 * united, a purchase both records list counting once; notes are concatenated. One exception for safety: the
 * stricter privacy state survives, a marketing opt-out or a refused/withdrawn consent on either record, even against
 * a caller's choice, because mailing someone who opted out is worse than missing someone.
 * A caller may pick any other field from one side with {@code choices} ({@code field → "a" | "b"}).
 *
 * <p>Stateless and thread-safe.
 */
public final class Merger {
    /** Fields a caller may choose, by their JSON names. */
    public static final Set<String> CHOOSABLE = Set.of("kind", "external_id", "first_name", "last_name", "company",
            "position", "emails", "phones", "address", "industry", "website", "rep", "notes", "tags", "source",
            "birthday", "gender", "language", "preferred_channel", "contact_hours", "consent", "marketing_opt_out",
            "funnel_stage");

    private Merger() {
    }

    /**
     * The merged record, with the survivor's id, created time and version (the store bumps the version).
     *
     * @param survivor the record that keeps its id
     * @param other    the record merged into it (the store deletes it)
     * @param choices  field → "a" (survivor) or "b" (other); may be empty
     * @throws IllegalArgumentException for an unknown field or side
     */
    public static Customer merge(Customer survivor, Customer other, Map<String, String> choices) {
        for (Map.Entry<String, String> e : choices.entrySet()) {
            if (!CHOOSABLE.contains(e.getKey())) {
                throw new IllegalArgumentException("unknown field '" + e.getKey() + "' in choices");
            }
            if (!"a".equals(e.getValue()) && !"b".equals(e.getValue())) {
                throw new IllegalArgumentException("choice for '" + e.getKey() + "' must be \"a\" or \"b\"");
            }
        }
        Picker p = new Picker(survivor, other, choices);
        List<Purchase> purchases = unitePurchases(survivor.purchases(), other.purchases());
        // The stricter privacy state wins even over a caller's choice: one record's opt-out or withdrawn consent is
        // the person's word, and the other record only not knowing it is no reason to mail them.
        OptOut optOut = stricterOptOut(survivor.marketingOptOut(), other.marketingOptOut(),
                p.pick("marketing_opt_out", Customer::marketingOptOut));
        Consent consent = stricterConsent(survivor.consent(), other.consent(), p.pick("consent", Customer::consent));
        return new Customer(survivor.id(),
                p.pick("external_id", Customer::externalId, true),
                p.pick("kind", Customer::kind),
                p.firstName(),
                p.pick("last_name", Customer::lastName),
                p.pick("company", Customer::company),
                p.pick("position", Customer::position),
                p.list("emails", Customer::emails, s -> s.toLowerCase(Locale.ROOT)),
                p.phones(),
                p.pick("address", c -> c.address() == null || c.address().isEmpty() ? null : c.address()),
                p.pick("industry", Customer::industry),
                p.pick("website", Customer::website),
                p.pick("rep", Customer::rep),
                p.notes(),
                p.list("tags", Customer::tags, s -> s.toLowerCase(Locale.ROOT)),
                p.pick("source", Customer::source),
                p.pick("birthday", Customer::birthday),
                p.pick("gender", Customer::gender),
                p.pick("language", Customer::language),
                p.pick("preferred_channel", Customer::preferredChannel),
                p.pick("contact_hours", Customer::contactHours),
                consent,
                optOut,
                p.pick("funnel_stage", Customer::funnelStage),
                purchases.stream().sorted(Comparator.comparing(Purchase::date,
                        Comparator.nullsLast(Comparator.naturalOrder()))).toList(),
                null, null, null, survivor.createdAt(), survivor.updatedAt(), survivor.version()).withDerived();
    }

    /**
     * Both records' purchases, where one that both list (same date, product, amount and currency) counts once:
     * two records of one customer usually come from the same source (a file imported twice, a shop and a CRM
     * export), and doubling those purchases would double the customer's spend. A purchase one record lists
     * n times and the other m times is kept max(n, m) times, so real repeat purchases stay.
     */
    static List<Purchase> unitePurchases(List<Purchase> a, List<Purchase> b) {
        Map<Purchase, Integer> unmatched = new java.util.HashMap<>(); // a's purchases b has not matched yet
        a.forEach(x -> unmatched.merge(same(x), 1, Integer::sum));
        List<Purchase> out = new ArrayList<>(a);
        for (Purchase x : b) {
            if (unmatched.merge(same(x), -1, Integer::sum) < 0) {
                out.add(x); // one more than a has
            }
        }
        return out;
    }

    /** The purchase as a key: amounts equal by value (10 = 10.00), products and currencies ignoring case. */
    private static Purchase same(Purchase x) {
        return new Purchase(x.date(), x.product() == null ? null : x.product().strip().toLowerCase(Locale.ROOT),
                x.amount() == null ? null : x.amount().stripTrailingZeros(),
                x.currency() == null ? null : x.currency().toUpperCase(Locale.ROOT));
    }

    private static String country(Customer c) {
        return c.address() == null ? null : c.address().country();
    }

    /**
     * An opt-out on either record; of two, the earlier date (opted out since then). Otherwise the picked value.
     */
    private static OptOut stricterOptOut(OptOut a, OptOut b, OptOut picked) {
        return stricter(a, b, picked, o -> Boolean.TRUE.equals(o.value()), OptOut::date);
    }

    /**
     * Consent refused or withdrawn ({@code given: false}) on either record wins over consent given on the other, which
     * is older news or from a source that did not hear of the withdrawal; of two refusals, the earlier. Consent given
     * stays only when no record says otherwise. Otherwise the picked value.
     */
    private static Consent stricterConsent(Consent a, Consent b, Consent picked) {
        return stricter(a, b, picked, c -> Boolean.FALSE.equals(c.given()), Consent::date);
    }

    /**
     * The strict one of {@code a} and {@code b} (the one {@code strict} holds for; of two, the one with the earlier
     * date, {@code a} when both dates are equal or only {@code a} has one), or {@code picked} when neither is strict.
     */
    private static <T> T stricter(T a, T b, T picked, java.util.function.Predicate<T> strict,
                                  Function<T, java.time.LocalDate> date) {
        boolean aStrict = a != null && strict.test(a);
        boolean bStrict = b != null && strict.test(b);
        if (aStrict && bStrict) {
            return date.apply(b) == null || date.apply(a) != null && !date.apply(a).isAfter(date.apply(b)) ? a : b;
        }
        if (aStrict) {
            return a;
        }
        return bStrict ? b : picked;
    }

    /** Picks values by the rules above. */
    private record Picker(Customer a, Customer b, Map<String, String> choices) {
        /** The newer record first: ties go to the survivor. */
        private boolean bIsNewer() {
            Instant ta = a.updatedAt();
            Instant tb = b.updatedAt();
            return ta != null && tb != null && tb.isAfter(ta) || ta == null && tb != null;
        }

        <T> T pick(String field, Function<Customer, T> get) {
            return pick(field, get, false);
        }

        <T> T pick(String field, Function<Customer, T> get, boolean survivorFirst) {
            String choice = choices.get(field);
            if (choice != null) {
                return get.apply("a".equals(choice) ? a : b);
            }
            Customer first = !survivorFirst && bIsNewer() ? b : a;
            Customer second = first == a ? b : a;
            T v = get.apply(first);
            return v != null ? v : get.apply(second);
        }

        List<String> list(String field, Function<Customer, List<String>> get, Function<String, String> key) {
            String choice = choices.get(field);
            if (choice != null) {
                return get.apply("a".equals(choice) ? a : b);
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (String s : get.apply(a)) {
                out.putIfAbsent(key.apply(s), s);
            }
            for (String s : get.apply(b)) {
                out.putIfAbsent(key.apply(s), s);
            }
            return List.copyOf(out.values());
        }

        /**
         * The first name by the rule for single values, except that of two forms of one name (Pista and István, Bob
         * and Robert) the formal one is kept, whichever record is newer: a nickname is how one colleague wrote it
         * down, the formal name is what letters and invoices need.
         */
        String firstName() {
            String picked = pick("first_name", Customer::firstName);
            if (choices.containsKey("first_name") || a.firstName() == null || b.firstName() == null) {
                return picked;
            }
            String otherName = picked.equals(a.firstName()) ? b.firstName() : a.firstName();
            Nicknames names = Nicknames.load();
            return !names.isFormal(picked) && names.isFormal(otherName) && names.areEquivalent(picked, otherName)
                    ? otherName : picked;
        }

        /**
         * Phones united by number (its calling code and national number, read with each record's country) and
         * extension. A number written with an extension and without one is kept once, with its extension: the bare
         * number is the switchboard the extension is dialled through, so the extension says more and loses nothing.
         * Two extensions of one number are two lines (two colleagues' desks, or one person's old and new), and both
         * stay: the review cannot tell which one is right, and dropping a working line is worse than keeping one.
         */
        List<String> phones() {
            String choice = choices.get("phones");
            if (choice != null) {
                return ("a".equals(choice) ? a : b).phones();
            }
            // number key → extension ("" for none) → the phone as first written
            Map<String, Map<String, String>> out = new LinkedHashMap<>();
            for (Customer c : List.of(a, b)) {
                for (String s : c.phones()) {
                    String key = Phones.internationalKey(Phones.number(s), country(c));
                    String extension = Phones.extension(s);
                    out.computeIfAbsent(key.isEmpty() ? s : key, k -> new LinkedHashMap<>())
                            .putIfAbsent(extension == null ? "" : extension, s);
                }
            }
            List<String> phones = new ArrayList<>();
            for (Map<String, String> lines : out.values()) {
                if (lines.size() > 1) {
                    lines.remove("");
                }
                phones.addAll(lines.values());
            }
            return List.copyOf(phones);
        }

        String notes() {
            String choice = choices.get("notes");
            if (choice != null) {
                return ("a".equals(choice) ? a : b).notes();
            }
            if (a.notes() == null) {
                return b.notes();
            }
            if (b.notes() == null || Objects.equals(a.notes(), b.notes())) {
                return a.notes();
            }
            return a.notes() + "\n---\n" + b.notes();
        }
    }
}
