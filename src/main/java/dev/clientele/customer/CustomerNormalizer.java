package dev.clientele.customer;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cleans a customer before validation: trims every text, puts it in Unicode NFC (so "Márton" typed with a
 * combining accent equals the precomposed one), turns blanks into null, drops blank and repeated list entries
 * (tags and emails that differ only in letter case count as repeated: the first spelling is kept), upper-cases
 * country and currency codes and lower-cases the domain part of emails. Never rejects anything:
 * that is {@link CustomerValidator}'s job. Stateless and thread-safe.
 */
public final class CustomerNormalizer {
    private CustomerNormalizer() {
    }

    public static Customer normalize(Customer c) {
        Address a = c.address();
        Address address = a == null ? null : new Address(text(a.street()), text(a.city()), text(a.region()),
                text(a.postalCode()), upper(a.country()));
        if (address != null && address.isEmpty()) {
            address = null;
        }
        List<Purchase> purchases = new ArrayList<>();
        for (Purchase p : c.purchases()) {
            if (p == null) {
                continue;
            }
            BigDecimal amount = p.amount() == null ? null : p.amount().stripTrailingZeros();
            if (amount != null && amount.scale() < 2) {
                amount = amount.setScale(2);
            }
            purchases.add(new Purchase(p.date(), text(p.product()), amount, upper(p.currency())));
        }
        // Not given: a record with a company and no personal name is the company (a B2B row of a spreadsheet).
        Kind kind = c.kind() != null ? c.kind()
                : text(c.firstName()) == null && text(c.lastName()) == null && text(c.company()) != null
                        ? Kind.COMPANY : Kind.PERSON;
        return new Customer(text(c.id()), text(c.externalId()), kind, text(c.firstName()), text(c.lastName()),
                text(c.company()), text(c.position()), emails(c.emails()), list(c.phones()), address,
                text(c.industry()), text(c.website()), text(c.rep()), notes(c.notes()), caseless(list(c.tags())),
                text(c.source()), c.birthday(), c.gender(), lower(c.language()), c.preferredChannel(),
                text(c.contactHours()), c.consent(), c.marketingOptOut(), lower(c.funnelStage()), purchases,
                c.lifetimeSpend(), c.lastPurchaseDate(), c.purchaseCount(), c.createdAt(), c.updatedAt(),
                c.version());
    }

    /** Trimmed NFC text, or null when null or blank. Inner runs of white space become one space. */
    public static String text(String s) {
        if (s == null) {
            return null;
        }
        if (isClean(s)) {
            return s; // the common case: nothing to do, no copies
        }
        String t = SPACES.matcher(Normalizer.normalize(s, Normalizer.Form.NFC).strip()).replaceAll(" ");
        return t.isEmpty() ? null : t;
    }

    private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("\\s+");

    /** True for non-empty text without outer or repeated white space, in NFC (checked cheaply for ASCII). */
    private static boolean isClean(String s) {
        int n = s.length();
        if (n == 0 || Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(n - 1))) {
            return false;
        }
        boolean ascii = true;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == ' ') {
                if (s.charAt(i + 1) == ' ') {
                    return false;
                }
            } else if (c < ' ' && c != 0) {
                return false; // tabs, line breaks
            } else if (c > 0x7f) {
                ascii = false;
            }
        }
        return ascii || Normalizer.isNormalized(s, Normalizer.Form.NFC) && !hasUnicodeSpace(s);
    }

    private static boolean hasUnicodeSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0x7f && Character.isWhitespace(c)) {
                return true;
            }
        }
        return false;
    }

    private static String notes(String s) {
        if (s == null) {
            return null;
        }
        // Notes keep their line breaks: only the ends are trimmed.
        String t = Normalizer.normalize(s, Normalizer.Form.NFC).strip();
        return t.isEmpty() ? null : t;
    }

    private static String upper(String s) {
        String t = text(s);
        return t == null ? null : t.toUpperCase(Locale.ROOT);
    }

    private static String lower(String s) {
        String t = text(s);
        return t == null ? null : t.toLowerCase(Locale.ROOT);
    }

    private static List<String> list(List<String> values) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : values) {
            String t = text(v);
            if (t != null) {
                out.add(t);
            }
        }
        return List.copyOf(out);
    }

    private static List<String> emails(List<String> values) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : values) {
            String t = text(v);
            if (t == null) {
                continue;
            }
            int at = t.lastIndexOf('@');
            // The domain is case-insensitive by definition; the local part formally is not, so it is kept.
            out.add(at < 0 ? t : t.substring(0, at) + t.substring(at).toLowerCase(Locale.ROOT));
        }
        // The local part's case is kept, but no mail system tells A@b.de from a@b.de: one of them is enough.
        return caseless(out);
    }

    /** The values without those equal to an earlier one but for letter case; the first spelling is kept. */
    private static List<String> caseless(java.util.Collection<String> values) {
        if (values.size() < 2) {
            return List.copyOf(values);
        }
        Set<String> seen = new java.util.HashSet<>();
        List<String> out = new ArrayList<>(values.size());
        for (String v : values) {
            if (seen.add(v.toLowerCase(Locale.ROOT))) {
                out.add(v);
            }
        }
        return List.copyOf(out);
    }
}
