package dev.clientele.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clientele.customer.Channel;
import dev.clientele.customer.Customer;
import dev.clientele.customer.CustomerNormalizer;
import dev.clientele.customer.CustomerValidator;
import dev.clientele.customer.FieldError;
import dev.clientele.customer.ValidationException;
import dev.clientele.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One change made to every customer of a list: tags added and removed, and fields every customer gets the same
 * value of (a rep, a funnel stage), as a sales team does after building a list ("tag everyone who spent 500 in the
 * last 30 days as {@code vip-2026}", "give these leads to Anna").
 *
 * <p>Only fields that one value can sensibly hold for many customers can be set: names, contacts, addresses and
 * purchases are each customer's own. A tag is removed whatever its letter case, as tags are kept once ignoring case.
 *
 * @param addTags    tags every customer gets (kept once, ignoring case)
 * @param removeTags tags taken from every customer, ignoring case
 * @param set        wire field name to its new value, null to clear it
 */
public record ListEdit(List<String> addTags, List<String> removeTags, Map<String, String> set) {
    /** The fields {@code set} may name. */
    public static final Set<String> SETTABLE = Set.of("rep", "industry", "funnel_stage", "source",
            "preferred_channel", "language", "contact_hours");

    public ListEdit {
        addTags = List.copyOf(addTags);
        removeTags = List.copyOf(removeTags);
        set = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(set));
    }

    /** Whether the edit changes nothing at all. */
    public boolean isEmpty() {
        return addTags.isEmpty() && removeTags.isEmpty() && set.isEmpty();
    }

    /**
     * Reads an edit from its JSON form {@code {add_tags, remove_tags, set}} (other fields of {@code body} are the
     * caller's: {@code known} lists them). Each value is checked as a customer's would be, so a bad one is refused
     * before any customer is touched.
     *
     * @throws ValidationException naming each bad field ({@code set.preferred_channel}, {@code add_tags[1]})
     */
    public static ListEdit parse(ObjectNode body, Set<String> known, CustomerValidator validator) {
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!name.equals("add_tags") && !name.equals("remove_tags") && !name.equals("set")
                    && !known.contains(name)) {
                errors.add(new FieldError(name, "unknown field"));
            }
        }
        List<String> add = tags(body, "add_tags", errors);
        List<String> remove = tags(body, "remove_tags", errors);
        Map<String, String> set = new LinkedHashMap<>();
        JsonNode setNode = body.get("set");
        if (setNode != null && !setNode.isNull()) {
            if (!setNode.isObject()) {
                errors.add(new FieldError("set", "must be an object of field names and values"));
            } else {
                setNode.fields().forEachRemaining(f -> {
                    if (!SETTABLE.contains(f.getKey())) {
                        errors.add(new FieldError("set." + f.getKey(), "cannot be set on a whole list (these can: "
                                + String.join(", ", SETTABLE.stream().sorted().toList()) + ")"));
                    } else if (f.getValue().isNull()) {
                        set.put(f.getKey(), null);
                    } else if (f.getValue().isTextual()) {
                        set.put(f.getKey(), f.getValue().textValue());
                    } else {
                        errors.add(new FieldError("set." + f.getKey(), "must be a string or null"));
                    }
                });
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        ListEdit edit = new ListEdit(add, remove, set);
        if (edit.isEmpty()) {
            throw new ValidationException(List.of(new FieldError("", "nothing to change: give add_tags, "
                    + "remove_tags or set")));
        }
        edit.check(validator);
        return edit;
    }

    private static List<String> tags(ObjectNode body, String name, List<FieldError> errors) {
        JsonNode node = body.get(name);
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            errors.add(new FieldError(name, "must be an array of tags"));
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            String tag = node.get(i).isTextual() ? CustomerNormalizer.text(node.get(i).textValue()) : null;
            if (tag == null) {
                errors.add(new FieldError(name + "[" + i + "]", "must be a tag (a non-empty string)"));
            } else {
                out.add(tag);
            }
        }
        return out;
    }

    /** Applies the edit to a customer holding only a name, so values a customer cannot hold fail here, once. */
    private void check(CustomerValidator validator) {
        Customer probe = Json.MAPPER.convertValue(Map.of("first_name", "probe"), Customer.class);
        try {
            validator.clean(apply(probe));
        } catch (ValidationException e) {
            throw new ValidationException(e.errors().stream().map(fe -> new FieldError(
                    fe.field().startsWith("tags") ? "add_tags" : "set." + fe.field(), fe.message())).toList());
        }
    }

    /**
     * The customer with the edit made: tags removed (ignoring case), then added (a tag it has in another letter case
     * stays as it was), then the fields set. Not validated: the store cleans and checks it as any write.
     *
     * @throws ValidationException when a value cannot be read into its field (a channel that is not one)
     */
    public Customer apply(Customer c) {
        List<String> tags = new ArrayList<>();
        Set<String> removed = new java.util.HashSet<>();
        for (String t : removeTags) {
            removed.add(t.toLowerCase(Locale.ROOT));
        }
        for (String t : c.tags()) {
            if (!removed.contains(t.toLowerCase(Locale.ROOT))) {
                tags.add(t);
            }
        }
        tags.addAll(addTags);
        Channel channel = c.preferredChannel();
        if (set.containsKey("preferred_channel")) {
            try {
                channel = Channel.parse(set.get("preferred_channel"));
            } catch (IllegalArgumentException e) {
                throw new ValidationException("preferred_channel", "is not one of "
                        + String.join(", ", java.util.Arrays.stream(Channel.values()).map(Channel::wire).toList()));
            }
        }
        return c.withListFields(tags, value("industry", c.industry()), value("rep", c.rep()),
                value("source", c.source()), value("language", c.language()), channel,
                value("contact_hours", c.contactHours()), value("funnel_stage", c.funnelStage()));
    }

    private String value(String field, String current) {
        return set.containsKey(field) ? set.get(field) : current;
    }
}
