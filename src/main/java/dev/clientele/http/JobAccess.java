package dev.clientele.http;

import dev.clientele.security.ForbiddenException;
import dev.clientele.security.Principal;
import dev.clientele.security.Role;
import io.javalin.http.Context;

/**
 * Who may see and steer a background job (an import, a list edit and its undo, a duplicate scan): the key that
 * started it, and admin keys. Another key gets 403, as a saved list another key saved does: a job id says nothing
 * about a customer, while its progress, report and row errors can (an import's errors quote the file), and a
 * cancel or undo by someone else undoes their work. The refusal is a 403 rather than a 404 so that it is audited as
 * a refused request.
 */
final class JobAccess {
    private JobAccess() {
    }

    /**
     * @param startedBy the id of the key that started the job (null for a job no key started, which only admins may
     *                  see)
     * @throws ForbiddenException for any other key than that one or an admin key
     */
    static void requireOwnerOrAdmin(Context ctx, String startedBy, String what) {
        Principal who = AccessGuard.principal(ctx);
        if (who != null && (who.may(Role.ADMIN) || who.id().equals(startedBy))) {
            return;
        }
        throw new ForbiddenException(what + " was started by another key: only that key or an admin key may "
                + "read, cancel or undo it");
    }

    /** The id of the key making the request (null when nobody is known, as in tests without the access guard). */
    static String keyId(Context ctx) {
        Principal who = AccessGuard.principal(ctx);
        return who == null ? null : who.id();
    }
}
