package dev.clientele.http;

import dev.clientele.customer.Customer;
import dev.clientele.customer.CustomerNotFoundException;
import dev.clientele.search.InvalidSearchException;
import dev.clientele.search.OutOfScopeException;
import dev.clientele.search.Scope;
import dev.clientele.security.ForbiddenException;
import dev.clientele.security.Principal;
import io.javalin.http.Context;

/**
 * The scope of the request's key ({@link Scope#NONE} for unscoped keys and keyless access), and the checks of single
 * records against it: a record outside the scope is not found (404, so its existence is not revealed), a write that
 * would put a record outside it is forbidden (403). Lists and searches get the scope passed down to the search
 * layer, which makes it part of the Lucene query.
 */
final class Scopes {
    private static final String ATTRIBUTE = "clientele.scope";

    private Scopes() {
    }

    static Scope of(Context ctx) {
        Scope cached = ctx.attribute(ATTRIBUTE);
        if (cached != null) {
            return cached;
        }
        Principal who = AccessGuard.principal(ctx);
        Scope scope;
        try {
            scope = who == null ? Scope.NONE : Scope.parse(who.scope());
        } catch (InvalidSearchException e) {
            // A keys.json edited by hand: refuse rather than fall back to everything.
            throw new ForbiddenException("the key's scope is not valid: " + e.getMessage());
        }
        ctx.attribute(ATTRIBUTE, scope);
        return scope;
    }

    /** The customer, if it is within the request's scope. @throws CustomerNotFoundException otherwise */
    static Customer visible(Context ctx, Customer c) {
        if (!of(ctx).matches(c)) {
            throw new CustomerNotFoundException(c.id());
        }
        return c;
    }

    /** @throws OutOfScopeException if a customer as it would be written lies outside the request's scope */
    static Customer writable(Context ctx, Customer c) {
        if (!of(ctx).matches(c)) {
            throw new OutOfScopeException("this key may only write customers within its scope");
        }
        return c;
    }

    /** @throws ForbiddenException for a scoped key: the action spans customers the scope cannot be checked on */
    static void requireUnscoped(Context ctx, String action) {
        if (!of(ctx).unrestricted()) {
            throw new ForbiddenException(action + " is not open to keys with a scope; use a key without one");
        }
    }
}
