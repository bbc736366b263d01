package dev.clientele.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clientele.customer.Customer;
import dev.clientele.json.Json;
import dev.clientele.text.Phones;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** Field-by-field updates and what an update adds; the store's helpers. Stateless. */
final class FieldOverlay {
    private FieldOverlay() {
    }

    /**
     * {@code current} with the {@code fields} ({@link dev.clientele.customer.CustomerFields} paths such as
     * {@code address.city}) of {@code incoming}: a field {@code incoming} leaves empty is cleared, every field not
     * named stays as it is. How an import file with some columns updates a customer found by its external id.
     */
    static Customer overlay(Customer current, Customer incoming, Set<String> fields) {
        ObjectNode base = Json.MAPPER.valueToTree(current);
        ObjectNode from = Json.MAPPER.valueToTree(incoming);
        for (String field : fields) {
            int dot = field.indexOf('.');
            ObjectNode target = base;
            JsonNode source = from;
            String name = field;
            if (dot > 0) {
                String parent = field.substring(0, dot);
                name = field.substring(dot + 1);
                target = base.get(parent) instanceof ObjectNode o ? o : base.putObject(parent);
                source = from.path(parent);
            }
            JsonNode value = source.get(name);
            if (value == null || value.isNull()) {
                target.remove(name);
            } else {
                target.set(name, value);
            }
        }
        try {
            return Json.MAPPER.treeToValue(base, Customer.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored customer and a clean one did not combine", e);
        }
    }

    /**
     * A customer holding only the identifiers {@code next} has and {@code current} has not (emails, phones, a new
     * external id), with {@code next}'s address (which says how to read its phones): what an update brings in
     * that an erasure may forbid.
     */
    static Customer identifiersAdded(Customer current, Customer next) {
        Set<String> emails = current.emails().stream().map(e -> e.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        List<String> newEmails = next.emails().stream().filter(e -> !emails.contains(e.toLowerCase(Locale.ROOT)))
                .toList();
        String was = country(current);
        String is = country(next);
        List<String> newPhones = next.phones().stream()
                .filter(p -> current.phones().stream().noneMatch(c -> sameLine(c, was, p, is))).toList();
        String newExternal = Objects.equals(next.externalId(), current.externalId()) ? null : next.externalId();
        return Customer.person(null, null).withExternalId(newExternal).withEmails(newEmails).withPhones(newPhones)
                .withAddress(next.address());
    }

    /**
     * Whether two phones are one line as matching reads them: one national number, each read with its record's
     * country, and one extension or none ({@code +36 30 123 4567} = {@code 06 30 123 4567} in Hungary;
     * {@code +49 30 1234567 ext. 12} = {@code 030 1234567-12}), not of two known calling codes. The bare number and
     * a line behind it are two: an erased number may be either. Before, the digits as written were compared, so
     * one number written another way was an identifier added, and refused as such once a tombstone held it.
     */
    private static boolean sameLine(String a, String countryA, String b, String countryB) {
        if (!Objects.equals(Phones.extension(a), Phones.extension(b))) {
            return false;
        }
        String na = Phones.nationalNumber(Phones.number(a), countryA);
        if (na.isEmpty() || !na.equals(Phones.nationalNumber(Phones.number(b), countryB))) {
            return Phones.digits(a).equals(Phones.digits(b));
        }
        String ka = Phones.internationalKey(Phones.number(a), countryA);
        String kb = Phones.internationalKey(Phones.number(b), countryB);
        return ka.equals(kb) || ka.startsWith("?") || kb.startsWith("?");
    }

    private static String country(Customer c) {
        return c.address() == null ? null : c.address().country();
    }

    /**
     * The path in {@code next} of a field {@code path} names in {@link #identifiersAdded}{@code (current, next)}:
     * {@code emails[0]} there is the first new address, wherever it is in {@code next}'s list.
     */
    static String pathIn(Customer next, Customer added, String path) {
        int bracket = path.indexOf('[');
        if (bracket < 0 || !path.endsWith("]")) {
            return path;
        }
        String list = path.substring(0, bracket);
        int i = Integer.parseInt(path.substring(bracket + 1, path.length() - 1));
        List<String> from = list.equals("emails") ? added.emails() : added.phones();
        List<String> in = list.equals("emails") ? next.emails() : next.phones();
        int at = i < from.size() ? in.indexOf(from.get(i)) : -1;
        return at < 0 ? list : list + "[" + at + "]";
    }
}
