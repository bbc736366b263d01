package dev.clientele.customer;

import java.util.Locale;

/**
 * An enum whose form in JSON, CSV and the index is its constant's name in lower case ({@code IN_PERSON} →
 * {@code in_person}). Implementing enums return {@link #wire()} from {@code toString()}, which is what the JSON
 * mapper writes and reads.
 */
public interface WireName {
    /** The enum constant's name (implemented by every enum). */
    String name();

    /** The name used in JSON, CSV and the index. */
    default String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a wire name: case-insensitive, with hyphens or spaces for underscores ({@code In-Person}).
     *
     * @return the constant, or null for null or blank text
     * @throws IllegalArgumentException for any other text
     */
    static <E extends Enum<E> & WireName> E parse(Class<E> type, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        for (E v : type.getEnumConstants()) {
            if (v.wire().equals(t)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown value '" + text + "'");
    }
}
