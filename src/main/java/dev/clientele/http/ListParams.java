package dev.clientele.http;

import dev.clientele.search.InvalidSearchException;
import dev.clientele.search.ListQuery;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Parses the list parameters of {@code /api/search}, {@code /api/export} and {@code /api/facets/{dim}/values}
 * into a {@link ListQuery}. Parameters it does not know (such as {@code q}) are left to the caller.
 *
 * <ul>
 * <li>Filters, repeated per dimension: {@code country=DE&country=AT} (OR within), across dimensions AND; NOT as
 *     {@code not_country=RU} or {@code country=-RU}. Dimensions: country, region, city, industry, rep, kind,
 *     tag (or tags), funnel_stage, preferred_channel, consent (given|not_given|unknown), opted_out (true|false),
 *     place (a node of the region hierarchy: {@code DE}, {@code DE/Bayern}, {@code DE/Bayern/Neustadt}),
 *     spend (a bucket such as {@code 100-500} or {@code 5000+}), last_purchase (30d|90d|365d|older|never).</li>
 * <li>Ranges: {@code spend_min}, {@code spend_max} (lifetime spend); {@code last_purchase_from/_to},
 *     {@code created_from/_to}, {@code updated_from/_to} (ISO dates, inclusive; created and updated also take an
 *     instant with its offset, {@code 2026-11-27T11:03:18.123Z}).</li>
 * <li>Purchase window: {@code spent_within=30d} (d, w, m, y; back from today, through today) or
 *     {@code spent_from=&spent_to=}; with {@code spent_min}, {@code spent_max}, {@code purchases_min},
 *     {@code purchases_max}. A window alone adds window sums to the aggregates.</li>
 * <li>Facets: {@code facet=region&facet=industry…}, {@code facet_limit} (default 10), {@code facet_offset.<dim>}
 *     for "more", {@code region_path=DE/Bayern} for the level of the region hierarchy.</li>
 * <li>Page: {@code sort}, {@code limit} (0..100, default 20), {@code cursor}.</li>
 * </ul>
 */
public final class ListParams {
    public static final int DEFAULT_LIMIT = 20;
    /** Parameters every list route takes next to the list parameters: search-box text and a saved list. */
    static final Set<String> TEXT_PARAMS = Set.of("q", "advanced", "list");

    /** A route's own parameters: {@link #TEXT_PARAMS} and {@code own}. */
    static Set<String> withTextParams(String... own) {
        Set<String> all = new java.util.HashSet<>(TEXT_PARAMS);
        all.addAll(List.of(own));
        return Set.copyOf(all);
    }
    /** The list parameters that are not filter dimensions ({@code <dim>}, {@code not_<dim>}) or facet offsets. */
    private static final Set<String> OTHER_PARAMS = Set.of("spend_min", "spend_max", "last_purchase_from",
            "last_purchase_to", "created_from", "created_to", "updated_from", "updated_to", "spent_within",
            "spent_from", "spent_to", "spent_min", "spent_max", "purchases_min", "purchases_max", "facet",
            "facet_limit", "region_path", "sort", "limit", "cursor");
    /**
     * Every list parameter by name (each filter dimension, {@code tag}, ranges, windows, facets, paging, sort, and
     * {@code q}, {@code advanced}, {@code list}); {@code not_<dim>} and {@code facet_offset.<dim>} are patterns over
     * these.
     */
    static Set<String> listParamNames() {
        Set<String> all = new TreeSet<>(ListQuery.FILTER_DIMENSIONS);
        all.add("tag");
        all.addAll(OTHER_PARAMS);
        all.addAll(TEXT_PARAMS);
        return all;
    }

    /** Dimensions whose values are a closed set: any other value is a mistake, not an empty list. */
    private static final Map<String, Set<String>> CLOSED_VALUES = Map.of(
            "kind", wires(dev.clientele.customer.Kind.values()),
            "preferred_channel", wires(dev.clientele.customer.Channel.values()),
            "consent", Set.of("given", "not_given", "unknown"),
            "opted_out", Set.of("true", "false"));

    private ListParams() {
    }

    /** Parses the request's query parameters. @throws BadRequestException naming the parameter at fault */
    public static ListQuery from(Context ctx) {
        return parse(ctx.queryParamMap());
    }

    /** Parses parameters given as name → values. @throws BadRequestException naming the parameter at fault */
    public static ListQuery parse(Map<String, List<String>> params) {
        try {
            return parseUnchecked(params);
        } catch (InvalidSearchException e) {
            throw new BadRequestException(e.field(), e.getMessage());
        }
    }

    /**
     * Refuses a parameter that is neither a list parameter nor one of the route's own ({@code routeParams}): a
     * mistyped filter ({@code contry=DE}) would otherwise be ignored and the list, or its export, hold everyone.
     *
     * @throws BadRequestException naming the first unknown parameter
     */
    static void requireKnown(Map<String, List<String>> params, Set<String> routeParams) {
        for (String name : params.keySet()) {
            if (routeParams.contains(name) || OTHER_PARAMS.contains(name)) {
                continue;
            }
            if (name.startsWith("facet_offset.")) {
                String dim = name.substring("facet_offset.".length());
                if (!ListQuery.FACET_DIMENSIONS.contains(dim)) {
                    throw new BadRequestException(name, "unknown facet '" + dim + "' in " + name + ", known: "
                            + new TreeSet<>(ListQuery.FACET_DIMENSIONS));
                }
                continue;
            }
            String dim = name.startsWith("not_") ? name.substring(4) : name;
            if (ListQuery.filterDimension(dim) == null) {
                Set<String> known = new TreeSet<>(ListQuery.FILTER_DIMENSIONS);
                known.add("tag");
                throw new BadRequestException(name, "unknown parameter '" + name + "'; filters are " + known
                        + " (not_<filter> to exclude), other parameters " + new TreeSet<>(OTHER_PARAMS)
                        + ", facet_offset.<facet> and " + new TreeSet<>(routeParams));
            }
        }
    }

    /**
     * List parameters that shape one page of a list and its facet counts. A route that takes every customer of the
     * list (an export, an edit) refuses them rather than ignore them: {@code limit=100} on an export or an edit
     * reads as "the first hundred" and would write or change all of them.
     */
    private static final Set<String> PAGE_PARAMS = Set.of("limit", "cursor", "facet", "facet_limit", "region_path");

    /**
     * {@link #requireKnown} for a route that takes every customer of the list ({@code what}: "an export writes" or
     * "an edit changes"), which also refuses the parameters of a page ({@code limit}, {@code cursor}) and of facet
     * counts ({@code facet}, {@code facet_limit}, {@code facet_offset.<facet>}, {@code region_path}).
     *
     * @throws BadRequestException naming the first such or unknown parameter
     */
    static void requireKnownWholeList(Map<String, List<String>> params, Set<String> routeParams, String what) {
        requireKnown(params, routeParams);
        for (String name : params.keySet()) {
            if (PAGE_PARAMS.contains(name) || name.startsWith("facet_offset.")) {
                throw new BadRequestException(name, name + " does not apply here: " + what
                        + " every customer of the list (limit, cursor, facet, facet_limit, facet_offset.<facet> and"
                        + " region_path shape a page of /api/search)");
            }
        }
    }

    private static Set<String> wires(dev.clientele.customer.WireName[] values) {
        Set<String> out = new java.util.HashSet<>();
        for (dev.clientele.customer.WireName v : values) {
            out.add(v.wire());
        }
        return Set.copyOf(out);
    }

    /**
     * Refuses filter values a dimension cannot hold (kind=robot, opted_out=yes, country=Germany), which would
     * otherwise answer an empty list as if nobody matched.
     */
    private static void checkValues(Map<String, List<String>> params) {
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            String name = e.getKey();
            boolean negated = name.startsWith("not_");
            String dim = ListQuery.filterDimension(negated ? name.substring(4) : name);
            if (dim == null) {
                continue;
            }
            for (String raw : e.getValue()) {
                if (raw == null || raw.isBlank()) {
                    continue;
                }
                String v = raw.strip();
                if (!negated && v.length() > 1 && v.startsWith("-")) {
                    v = v.substring(1);
                }
                String value = ListQuery.normalizeValue(dim, v);
                Set<String> allowed = CLOSED_VALUES.get(dim);
                if (allowed != null && !allowed.contains(value)) {
                    throw new BadRequestException(name, name + " must be one of " + new TreeSet<>(allowed)
                            + ", was '" + raw + "'");
                }
                if (dim.equals("country") && !value.matches("[A-Z]{2}")) {
                    throw new BadRequestException(name, name + " must be a two-letter country code such as DE"
                            + " (ISO 3166), was '" + raw + "'");
                }
            }
        }
    }

    private static void checkOrder(String minName, Comparable<?> min, String maxName, Comparable<?> max) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        boolean inverted = min != null && max != null && ((Comparable) min).compareTo(max) > 0;
        if (inverted) {
            throw new BadRequestException(maxName, maxName + " (" + max + ") is below " + minName + " (" + min + ")");
        }
    }

    private static ListQuery parseUnchecked(Map<String, List<String>> params) {
        checkValues(params);
        ListQuery.Filters filters = ListQuery.filters(params);
        Map<String, List<String>> include = filters.include();
        Map<String, List<String>> exclude = filters.exclude();
        ListQuery.DateRange lastPurchase = dates(params, "last_purchase_from", "last_purchase_to");
        ListQuery.TimeRange created = times(params, "created_from", "created_to");
        ListQuery.TimeRange updated = times(params, "updated_from", "updated_to");
        ListQuery.PurchaseWindow window = window(params);
        List<String> facets = new ArrayList<>();
        for (String f : params.getOrDefault("facet", List.of())) {
            for (String part : f.split(",")) {
                if (!part.isBlank() && !facets.contains(part.strip())) {
                    facets.add(part.strip());
                }
            }
        }
        Map<String, Integer> offsets = new LinkedHashMap<>();
        for (String name : params.keySet()) {
            if (name.startsWith("facet_offset.")) {
                offsets.put(name.substring("facet_offset.".length()), integer(params, name, 0, 0, 1_000_000));
            }
        }
        String path = single(params, "region_path");
        List<String> regionPath = new java.util.ArrayList<>();
        if (path != null && !path.isBlank()) {
            for (String level : path.strip().split("/")) {
                // the first level is a country code, stored upper case like the country filter's values
                regionPath.add(ListQuery.normalizeValue(regionPath.isEmpty() ? "country" : "region", level));
            }
        }
        String sort = single(params, "sort");
        BigDecimal spendMin = decimal(params, "spend_min");
        BigDecimal spendMax = decimal(params, "spend_max");
        checkOrder("spend_min", spendMin, "spend_max", spendMax);
        return new ListQuery(include, exclude, spendMin, spendMax,
                lastPurchase, created, updated, window, facets,
                integer(params, "facet_limit", ListQuery.DEFAULT_FACET_LIMIT, 1, 1000), offsets, regionPath,
                sort == null || sort.isBlank() ? ListQuery.SortOrder.RELEVANCE : ListQuery.SortOrder.parse(sort.strip()),
                integer(params, "limit", DEFAULT_LIMIT, 0, ListQuery.MAX_LIMIT), blankToNull(single(params, "cursor")));
    }

    private static ListQuery.PurchaseWindow window(Map<String, List<String>> params) {
        String within = blankToNull(single(params, "spent_within"));
        LocalDate from = date(params, "spent_from");
        LocalDate to = date(params, "spent_to");
        BigDecimal min = decimal(params, "spent_min");
        BigDecimal max = decimal(params, "spent_max");
        Integer pmin = params.containsKey("purchases_min") ? integer(params, "purchases_min", 0, 0, 1_000_000) : null;
        Integer pmax = params.containsKey("purchases_max") ? integer(params, "purchases_max", 0, 0, 1_000_000) : null;
        checkOrder("spent_min", min, "spent_max", max);
        checkOrder("purchases_min", pmin, "purchases_max", pmax);
        if (within == null && from == null && to == null) {
            if (min != null || max != null || pmin != null || pmax != null) {
                throw new BadRequestException("spent_within",
                        "spent_min/spent_max/purchases_min/purchases_max need spent_within or spent_from/spent_to");
            }
            return null;
        }
        if (within != null && (from != null || to != null)) {
            throw new BadRequestException("spent_within", "give spent_within or spent_from/spent_to, not both");
        }
        if (from != null && to != null && to.isBefore(from)) {
            throw new BadRequestException("spent_to", "spent_to is before spent_from");
        }
        return new ListQuery.PurchaseWindow(within, from, to, min, max, pmin, pmax);
    }

    private static ListQuery.DateRange dates(Map<String, List<String>> params, String fromName, String toName) {
        LocalDate from = date(params, fromName);
        LocalDate to = date(params, toName);
        if (from == null && to == null) {
            return null;
        }
        if (from != null && to != null && to.isBefore(from)) {
            throw new BadRequestException(toName, toName + " is before " + fromName);
        }
        return new ListQuery.DateRange(from, to);
    }

    /**
     * A span of created or updated time: each end an ISO date (the whole UTC day) or an instant with its offset
     * ({@code 2026-11-27T11:03:18.123Z}, as a job's {@code running_since} and {@code finished_at} are written).
     */
    private static ListQuery.TimeRange times(Map<String, List<String>> params, String fromName, String toName) {
        String from = blankToNull(single(params, fromName));
        String to = blankToNull(single(params, toName));
        if (from == null && to == null) {
            return null;
        }
        Instant start = from == null ? null
                : isDate(from) ? ListQuery.TimeRange.days(date(params, fromName), null).from()
                : instant(fromName, from);
        Instant end = to == null ? null
                : isDate(to) ? ListQuery.TimeRange.days(null, date(params, toName)).to() : instant(toName, to);
        if (start != null && end != null && end.isBefore(start)) {
            throw new BadRequestException(toName, toName + " is before " + fromName);
        }
        return new ListQuery.TimeRange(start, end);
    }

    private static boolean isDate(String v) {
        return v.indexOf('T') < 0 && v.indexOf('t') < 0;
    }

    private static Instant instant(String name, String v) {
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequestException(name, name + " must be an ISO date such as 2024-05-31 or a time with its "
                    + "offset such as 2024-05-31T14:30:00Z, was '" + v + "'");
        }
    }

    static String single(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new BadRequestException(name, name + " may be given once");
        }
        return values.get(0);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static LocalDate date(Map<String, List<String>> params, String name) {
        String v = blankToNull(single(params, name));
        if (v == null) {
            return null;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new BadRequestException(name, name + " must be an ISO date such as 2024-05-31, was '" + v + "'");
        }
    }

    private static BigDecimal decimal(Map<String, List<String>> params, String name) {
        String v = blankToNull(single(params, name));
        if (v == null) {
            return null;
        }
        try {
            BigDecimal d = new BigDecimal(v);
            // As precise as a purchase amount may be (4 decimals), which is how exactly the index keeps spend.
            if (d.scale() > 4 || d.abs().compareTo(new BigDecimal("1e15")) > 0) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new BadRequestException(name, name + " must be an amount with at most 4 decimals such as 500 or 99.995, was '" + v + "'");
        }
    }

    static int integer(Map<String, List<String>> params, String name, int def, int min, int max) {
        String v = blankToNull(single(params, name));
        if (v == null) {
            return def;
        }
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                throw new NumberFormatException();
            }
            return i;
        } catch (NumberFormatException e) {
            throw new BadRequestException(name, name + " must be a whole number from " + min + " to " + max
                    + ", was '" + v + "'");
        }
    }
}
