package dev.clientele.http;

import dev.clientele.security.Role;
import io.javalin.security.RouteRole;

/**
 * The access rule of a route, given as its Javalin route role: {@code routes.get(path, handler, Access.READER)}.
 * Every route must have exactly one; {@link RouteRegistry} refuses to start a server with a route without one.
 */
public enum Access implements RouteRole {
    /** No key needed: liveness, readiness and the API description only. */
    ANYONE(null),
    /** Search and read customers, metrics. */
    READER(Role.READER),
    /** Also write, import and merge customers. */
    EDITOR(Role.EDITOR),
    /** Also keys, backups, erasure and configuration. */
    ADMIN(Role.ADMIN);

    private final Role role;

    Access(Role role) {
        this.role = role;
    }

    /** The role required, or null for {@link #ANYONE}. */
    public Role role() {
        return role;
    }
}
