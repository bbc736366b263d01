package dev.clientele.http;

import dev.clientele.security.Principal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/me}: who the caller is (the key's id, role and scope; a keyless caller from this machine is the
 * reader {@code anonymous-loopback}), so a client such as the web UI can offer only what the key may do.
 */
final class SessionRoutes {
    /** The caller: no key material and no personal data. */
    record Me(String keyId, String role, Map<String, List<String>> scope) {
    }

    void register(RoutesConfig routes) {
        routes.get("/api/me", this::me, Access.READER);
    }

    void me(Context ctx) {
        Principal who = ctx.attribute(AccessGuard.PRINCIPAL);
        ctx.json(new Me(who.id(), who.role().toString(), who.scope()));
    }
}
