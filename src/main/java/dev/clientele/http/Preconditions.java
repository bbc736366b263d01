package dev.clientele.http;

import io.javalin.http.Context;

/** ETag and If-Match handling: the ETag of a customer is its version, quoted. */
final class Preconditions {
    private Preconditions() {
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }

    /**
     * The version an If-Match header demands, or null when there is none or it is {@code *}.
     *
     * @throws BadRequestException when the header is not a version ETag
     */
    static Long ifMatch(Context ctx) {
        String h = ctx.header("If-Match");
        if (h == null || h.isBlank() || h.strip().equals("*")) {
            return null;
        }
        String v = h.strip();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        try {
            long version = Long.parseLong(v);
            if (version < 0) {
                throw new NumberFormatException();
            }
            return version;
        } catch (NumberFormatException e) {
            throw new BadRequestException("If-Match", "If-Match must be an ETag such as \"3\" (the version), was "
                    + h.strip());
        }
    }

    /** True when If-None-Match names this version (so a GET can answer 304). */
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
