package dev.clientele.demo;

import dev.clientele.customer.Customer;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Realistic near-duplicates of a customer, as they arise when the same person is entered twice: a typo, dropped
 * accents, first and last name swapped, a phone written another way, an email in other case, a short first name.
 */
public final class DuplicateVariants {
    private DuplicateVariants() {
    }

    static Customer variant(Customer c, Random random) {
        String first = c.firstName();
        String last = c.lastName();
        List<String> phones = new ArrayList<>(c.phones());
        List<String> emails = new ArrayList<>(c.emails());
        int changes = 1 + random.nextInt(2);
        for (int i = 0; i < changes; i++) {
            switch (random.nextInt(6)) {
                case 0 -> last = typo(last, random);
                case 1 -> {
                    first = stripAccents(first);
                    last = stripAccents(last);
                }
                case 2 -> {
                    String t = first;
                    first = last;
                    last = t;
                }
                case 3 -> phones.replaceAll(p -> p.replaceAll("[^0-9+]", ""));
                case 4 -> emails.replaceAll(String::toUpperCase);
                default -> first = typo(first, random);
            }
        }
        List<String> tags = new ArrayList<>(c.tags());
        tags.add("generated-duplicate");
        Customer v = new Customer(null, null, c.kind(), first, last, c.company(), c.position(), emails, phones,
                c.address(), c.industry(), c.website(), c.rep(), null, tags, "duplicate of " + c.externalId(),
                c.birthday(), c.gender(), c.language(), c.preferredChannel(), c.contactHours(), c.consent(),
                c.marketingOptOut(), c.funnelStage(), random.nextBoolean() ? c.purchases() : List.of(), null, null,
                null, null, null, null);
        return v;
    }

    /** One realistic typo (a dropped, swapped or doubled letter), never on the first letter; short words kept. */
    public static String typo(String s, Random random) {
        if (s == null || s.length() < 4) {
            return s;
        }
        int i = 1 + random.nextInt(s.length() - 2);
        StringBuilder sb = new StringBuilder(s);
        switch (random.nextInt(3)) {
            case 0 -> sb.deleteCharAt(i);
            case 1 -> {
                char t = sb.charAt(i);
                sb.setCharAt(i, sb.charAt(i + 1));
                sb.setCharAt(i + 1, t);
            }
            default -> sb.insert(i, sb.charAt(i));
        }
        return sb.toString();
    }

    /** The text without combining accents (Kovács → Kovacs). */
    public static String stripAccents(String s) {
        if (s == null) {
            return null;
        }
        return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    }
}
