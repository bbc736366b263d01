package dev.clientele.http;

import dev.clientele.security.Authenticator;
import dev.clientele.security.ForbiddenException;
import dev.clientele.security.Principal;
import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The {@code beforeMatched} check of every matched route: reads the route's {@link Access} role, finds who the
 * request is ({@code Authorization: Bearer <key>} or {@code X-API-Key}) and refuses with 401 (no or unknown key)
 * or 403 (role too weak). A matched route without an {@code Access} role is refused with 403, so a route can
 * never be open by accident. Static files (the web UI) match no route and are served to anyone.
 */
final class AccessGuard {
    /** Request attribute holding the {@link Principal}. */
    static final String PRINCIPAL = "clientele.principal";

    private final Authenticator authenticator;
    private final dev.clientele.security.RateLimiter limiter;

    AccessGuard(Authenticator authenticator, dev.clientele.security.RateLimiter limiter) {
        this.authenticator = authenticator;
        this.limiter = limiter;
    }

    void check(Context ctx) {
        Access access = access(ctx);
        if (isPublic(ctx)) {
            return; // static UI files hold no customer data; the API calls they make are checked
        }
        Principal who = authenticator.authenticate(presentedKey(ctx), isLoopback(ctx));
        ctx.attribute(PRINCIPAL, who);
        if (!limiter.tryAcquire(who.id())) {
            throw new dev.clientele.security.TooManyRequestsException(limiter.retryAfterSeconds(who.id()));
        }
        if (access == null) {
            throw new ForbiddenException("this route has no access rule");
        }
        authenticator.authorize(who, access.role());
    }

    /** The matched route's access rule, or null when it has none. */
    private static Access access(Context ctx) {
        Access access = null;
        for (RouteRole r : ctx.routeRoles()) {
            if (r instanceof Access a) {
                access = a;
            }
        }
        return access;
    }

    /** True for a route anyone may use ({@link Access#ANYONE}) and for static files. */
    static boolean isPublic(Context ctx) {
        Access access = access(ctx);
        return access == Access.ANYONE || access == null && isStaticFile(ctx);
    }

    private static boolean isStaticFile(Context ctx) {
        try {
            return ctx.endpoints().matchedHttpEndpoint() == null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static String presentedKey(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).strip();
        }
        String key = ctx.header("X-API-Key");
        return key == null ? null : key.strip();
    }

    static boolean isLoopback(Context ctx) {
        String addr = ctx.req().getRemoteAddr();
        if (addr == null) {
            return false;
        }
        String literal = addr.toLowerCase(Locale.ROOT).replace("[", "").replace("]", "");
        if (!literal.matches("[0-9a-f.:%]+")) {
            return false; // only literal addresses; never a DNS lookup
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static Principal principal(Context ctx) {
        return ctx.attribute(PRINCIPAL);
    }
}
