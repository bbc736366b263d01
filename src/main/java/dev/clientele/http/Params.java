package dev.clientele.http;

import io.javalin.http.Context;
import java.util.Set;

/** Query parameter parsing with range checks; a bad value is a 400 naming the parameter. */
final class Params {
    private Params() {
    }

    /**
     * Refuses a parameter the route does not take (400 naming it): a misspelt filter would otherwise be ignored and
     * the answer read as the filtered one.
     */
    static void only(Context ctx, String... known) {
        Set<String> allowed = Set.of(known);
        for (String name : ctx.queryParamMap().keySet()) {
            if (!allowed.contains(name)) {
                throw new BadRequestException(name, "unknown parameter '" + name + "'; this route takes "
                        + String.join(", ", known));
            }
        }
    }

    static int integer(Context ctx, String name, int defaultValue, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        try {
            int v = Integer.parseInt(raw.strip());
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new BadRequestException(name, name + " must be a whole number from " + min + " to " + max
                    + ", was '" + raw + "'");
        }
    }

    static double number(Context ctx, String name, double defaultValue, double min, double max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        try {
            double v = Double.parseDouble(raw.strip());
            if (!(v >= min && v <= max)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new BadRequestException(name, name + " must be a number from " + min + " to " + max + ", was '"
                    + raw + "'");
        }
    }

    static String oneOf(Context ctx, String name, String defaultValue, Set<String> allowed) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        if (!allowed.contains(raw.strip())) {
            throw new BadRequestException(name, name + " must be one of " + String.join(", ",
                    allowed.stream().sorted().toList()) + ", was '" + raw + "'");
        }
        return raw.strip();
    }

    /** The parameter without surrounding spaces, or null when it is absent or blank. */
    static String text(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        return raw == null || raw.isBlank() ? null : raw.strip();
    }

    /** true / false (also 1 / 0, yes / no); anything else is a 400 naming the parameter. */
    static boolean bool(Context ctx, String name, boolean defaultValue) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        return switch (raw.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new BadRequestException(name, name + " must be true or false, was '" + raw + "'");
        };
    }
}
