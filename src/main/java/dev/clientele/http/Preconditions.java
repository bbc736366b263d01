package dev.clientele.http;

import dev.clientele.customer.VersionConflictException;
import io.javalin.http.Context;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * ETag and If-Match handling: the ETag of a customer is its version, quoted.
 *
 * <p>If-Match is evaluated as RFC 9110 (section 13.1.1) says: {@code *} matches any current record (and no absent
 * one); otherwise the header is a list of entity tags that matches when any of them is <em>strongly</em> equal to
 * the current ETag, so a weak tag ({@code W/"2"}) never matches. A write whose If-Match does not match fails with
 * 412. The result is the version the store must still find when it writes, so that a change in between is a 412 too.
 */
final class Preconditions {
    private Preconditions() {
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }

    /** An If-Match header, parsed: {@code *}, or the versions of its strong tags (empty when all are weak). */
    record IfMatch(boolean any, Set<Long> versions, String text) {
    }

    /**
     * Parses an If-Match header; null when there is none.
     *
     * @throws BadRequestException when an entry is not {@code *} or an ETag of a version
     */
    static IfMatch parse(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.strip();
        if (h.equals("*")) {
            return new IfMatch(true, Set.of(), h);
        }
        Set<Long> versions = new LinkedHashSet<>();
        for (String part : h.split(",", -1)) {
            String v = part.strip();
            boolean weak = v.startsWith("W/");
            if (weak) {
                v = v.substring(2);
            }
            if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                v = v.substring(1, v.length() - 1);
            } // else a bare version (3), accepted as ever, though RFC 9110 wants it quoted
            try {
                long version = Long.parseLong(v);
                if (version < 0) {
                    throw bad(h);
                }
                if (!weak) {
                    versions.add(version); // a weak tag never matches (strong comparison)
                }
            } catch (NumberFormatException e) {
                throw bad(h);
            }
        }
        return new IfMatch(false, Set.copyOf(versions), h);
    }

    private static BadRequestException bad(String header) {
        return new BadRequestException("If-Match", "If-Match must be * or a list of ETags such as \"3\" (the"
                + " version), was " + header);
    }

    /**
     * The version a conditional write must find, evaluated against the record as it is now.
     *
     * @param current the current version of the record the request writes, or null when there is none (an upsert
     *     by external id that would create it); for a key with a scope, a record outside it counts as none
     * @return null when there is no If-Match header (an unconditional write), else the current version, which the
     *     store checks again under its lock
     * @throws VersionConflictException (412) when the header does not match: {@code *} with no record, or no
     *     strong tag equal to the current version
     * @throws BadRequestException when the header is malformed
     */
    static Long ifMatch(Context ctx, Long current) {
        return expectedVersion(ctx.header("If-Match"), current);
    }

    /** {@link #ifMatch(Context, Long)} on the header's text. */
    static Long expectedVersion(String header, Long current) {
        IfMatch m = parse(header);
        if (m == null) {
            return null;
        }
        if (current != null && (m.any() || m.versions().contains(current))) {
            return current;
        }
        if (current == null) {
            throw new VersionConflictException("If-Match: " + m.text() + " but there is no such customer", 0);
        }
        throw new VersionConflictException("If-Match: " + m.text() + " does not match the customer's version "
                + current + " (ETag " + etag(current) + (m.versions().isEmpty() && !m.any()
                ? "; a weak ETag never matches If-Match" : "") + ")", current);
    }

    /** True when If-None-Match names this version (so a GET can answer 304); weak comparison, as RFC 9110 says. */
    static boolean notModified(Context ctx, long version) {
        String h = ctx.header("If-None-Match");
        if (h == null) {
            return false;
        }
        String e = etag(version);
        for (String part : h.split(",")) {
            String p = part.strip();
            if (p.equals("*") || p.equals(e) || p.equals("W/" + e)) {
                return true;
            }
        }
        return false;
    }
}
