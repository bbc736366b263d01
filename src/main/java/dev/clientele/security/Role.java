package dev.clientele.security;

import java.util.Locale;

/**
 * What a key may do. Roles are ordered: each includes everything the ones before it may do.
 * <ul>
 *   <li>{@link #READER}: search and read customers, metrics.</li>
 *   <li>{@link #EDITOR}: also write, import and merge customers.</li>
 *   <li>{@link #ADMIN}: also manage keys, backups, erasure and configuration.</li>
 * </ul>
 */
public enum Role {
    READER, EDITOR, ADMIN;

    /** True when this role may do what {@code required} may do. */
    public boolean includes(Role required) {
        return ordinal() >= required.ordinal();
    }

    /** The role named {@code name} (case-insensitive). @throws IllegalArgumentException naming the roles */
    public static Role parse(String name) {
        if (name != null) {
            for (Role r : values()) {
                if (r.toString().equalsIgnoreCase(name.strip())) {
                    return r;
                }
            }
        }
        throw new IllegalArgumentException("role must be one of reader, editor, admin; was '" + name + "'");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
