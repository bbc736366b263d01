package dev.clientele.search;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What to list: filters, purchase window, requested facets, sort and the page window. A domain value, free of
 * Lucene and HTTP types; {@code http.ListParams} builds it from request parameters.
 *
 * @param include     dimension → values, OR within a dimension, AND across dimensions (see {@link #FILTER_DIMENSIONS})
 * @param exclude     dimension → values that must not match (NOT)
 * @param spendMin    lifetime spend at least (inclusive), or null
 * @param spendMax    lifetime spend at most (inclusive), or null
 * @param lastPurchase last purchase date within these dates, or null
 * @param created     created within this time (whole UTC days, or instants), or null
 * @param updated     updated within this time (whole UTC days, or instants: the rows an import stored), or null
 * @param window      purchase-window filter and aggregates, or null
 * @param facets      facet dimensions to count, in response order (see {@link #FACET_DIMENSIONS})
 * @param facetLimit  values per facet (top N)
 * @param facetOffsets per dimension, the number of top values to skip ("more" paging)
 * @param regionPath  the region facet level: null for countries, ["DE"] for regions of DE, ["DE","Bayern"] for cities
 * @param sort        the order of hits
 * @param limit       hits per page (0: only totals, aggregates and facets)
 * @param cursor      opaque cursor of the previous page, or null for the first
 */
public record ListQuery(
        Map<String, List<String>> include,
        Map<String, List<String>> exclude,
        BigDecimal spendMin,
        BigDecimal spendMax,
        DateRange lastPurchase,
        TimeRange created,
        TimeRange updated,
        PurchaseWindow window,
        List<String> facets,
        int facetLimit,
        Map<String, Integer> facetOffsets,
        List<String> regionPath,
        SortOrder sort,
        int limit,
        String cursor) {

    /**
     * Dimensions that can be filtered on (as facet values): keyword dimensions, the two range dimensions, and
     * {@code place}, a node of the region hierarchy as the region facet's {@code path} gives it ({@code DE},
     * {@code DE/Bayern}, {@code DE/Bayern/Neustadt}), which tells a city from its namesake in another region.
     */
    public static final Set<String> FILTER_DIMENSIONS = Set.of("country", "region", "city", "industry", "rep", "kind",
            "tags", "funnel_stage", "preferred_channel", "consent", "opted_out", "spend", "last_purchase", "place");
    /** Facets that can be requested. {@code region} is the country › region › city hierarchy. */
    public static final Set<String> FACET_DIMENSIONS = Set.of("region", "country", "city", "industry", "rep", "kind",
            "tags", "funnel_stage", "preferred_channel", "consent", "opted_out", "spend", "last_purchase");
    public static final int MAX_LIMIT = 100;
    /** Levels of a place: country, region, city (a city's name may hold a '/', as in Halle/Saale). */
    public static final int PLACE_LEVELS = 3;
    public static final int DEFAULT_FACET_LIMIT = 10;

    public ListQuery {
        include = Map.copyOf(Objects.requireNonNullElse(include, Map.of()));
        exclude = Map.copyOf(Objects.requireNonNullElse(exclude, Map.of()));
        facets = List.copyOf(Objects.requireNonNullElse(facets, List.of()));
        facetOffsets = Map.copyOf(Objects.requireNonNullElse(facetOffsets, Map.of()));
        regionPath = List.copyOf(Objects.requireNonNullElse(regionPath, List.of()));
        sort = Objects.requireNonNullElse(sort, SortOrder.RELEVANCE);
        for (String d : include.keySet()) {
            checkDimension(d);
        }
        for (String d : exclude.keySet()) {
            checkDimension(d);
        }
        // Range values are checked here, not first when the query runs: an export has begun its answer by then.
        for (Map<String, List<String>> m : List.of(include, exclude)) {
            m.getOrDefault("spend", List.of()).forEach(FilterQueries.SpendBuckets::parse);
            m.getOrDefault("place", List.of()).forEach(FilterQueries::placeLevels);
            for (String v : m.getOrDefault("last_purchase", List.of())) {
                if (!FilterQueries.LAST_PURCHASE_BUCKETS.contains(v)) {
                    throw new InvalidSearchException("last_purchase", "unknown bucket '" + v + "', known: "
                            + FilterQueries.LAST_PURCHASE_BUCKETS);
                }
            }
        }
        for (String f : facets) {
            if (!FACET_DIMENSIONS.contains(f)) {
                throw new InvalidSearchException("facet", "unknown facet '" + f + "', known: "
                        + FACET_DIMENSIONS.stream().sorted().toList());
            }
        }
        if (facetLimit < 1 || facetLimit > 1000) {
            throw new InvalidSearchException("facet_limit", "must be from 1 to 1000");
        }
        if (limit < 0 || limit > MAX_LIMIT) {
            throw new InvalidSearchException("limit", "must be from 0 to " + MAX_LIMIT);
        }
    }

    private static void checkDimension(String d) {
        if (!FILTER_DIMENSIONS.contains(d)) {
            throw new InvalidSearchException(d, "unknown filter dimension '" + d + "'");
        }
    }

    /** The filter part of list parameters: dimension → values to include and to exclude. */
    public record Filters(Map<String, List<String>> include, Map<String, List<String>> exclude) {
    }

    /**
     * Picks the filters out of list parameters given as name → values ({@code country=DE}, {@code not_country=RU}
     * or {@code country=-RU}, {@code tag} for {@code tags}); names that are not filter dimensions are skipped, blank
     * values ignored. Used for request parameters and for key scopes, so both read filters the same way.
     */
    public static Filters filters(Map<String, List<String>> params) {
        Map<String, List<String>> include = new java.util.HashMap<>();
        Map<String, List<String>> exclude = new java.util.HashMap<>();
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            String name = e.getKey();
            boolean negated = name.startsWith("not_");
            String dim = filterDimension(negated ? name.substring(4) : name);
            if (dim == null) {
                continue;
            }
            for (String v : e.getValue()) {
                if (v == null || v.isBlank()) {
                    continue;
                }
                v = v.strip();
                if (negated) {
                    exclude.computeIfAbsent(dim, k -> new java.util.ArrayList<>()).add(normalizeValue(dim, v));
                } else if (v.length() > 1 && v.startsWith("-")) {
                    exclude.computeIfAbsent(dim, k -> new java.util.ArrayList<>())
                            .add(normalizeValue(dim, v.substring(1)));
                } else {
                    include.computeIfAbsent(dim, k -> new java.util.ArrayList<>()).add(normalizeValue(dim, v));
                }
            }
        }
        return new Filters(include, exclude);
    }

    /**
     * A filter value in the form the index holds for its dimension, so that a filter finds what a write stored:
     * country codes upper case, the enum-like dimensions (kind, preferred_channel, consent, opted_out,
     * funnel_stage, last_purchase) lower case with {@code _} for a hyphen or space ({@code In-Person} →
     * {@code in_person}), every text in NFC with its white space trimmed and collapsed as
     * {@link dev.clientele.customer.CustomerNormalizer} stores it. Region, city, industry, rep and tags keep their
     * case, as they are stored, and their filters ignore case ({@code FilterQueries#anyCase}).
     */
    public static String normalizeValue(String dim, String value) {
        String v = dev.clientele.customer.CustomerNormalizer.text(value);
        if (v == null) {
            return value;
        }
        return switch (dim) {
            case "country" -> v.toUpperCase(java.util.Locale.ROOT);
            case "place" -> {
                // country/region/city: the country code upper case, each level as writes store it
                String[] levels = v.split("/", PLACE_LEVELS);
                levels[0] = levels[0].strip().toUpperCase(java.util.Locale.ROOT);
                for (int i = 1; i < levels.length; i++) {
                    levels[i] = Objects.requireNonNullElse(dev.clientele.customer.CustomerNormalizer.text(levels[i]),
                            "");
                }
                yield String.join("/", levels);
            }
            case "kind", "preferred_channel", "consent" ->
                    v.toLowerCase(java.util.Locale.ROOT).replace('-', '_').replace(' ', '_');
            case "opted_out", "funnel_stage", "last_purchase" -> v.toLowerCase(java.util.Locale.ROOT);
            default -> v;
        };
    }

    /** The filter dimension a parameter name stands for ({@code tag} → {@code tags}), or null. */
    public static String filterDimension(String name) {
        if (name.equals("tag")) {
            return "tags";
        }
        return FILTER_DIMENSIONS.contains(name) ? name : null;
    }

    /** Everything, no facets, first page of 20 by relevance. */
    public static ListQuery all() {
        return new ListQuery(Map.of(), Map.of(), null, null, null, null, null, null, List.of(), DEFAULT_FACET_LIMIT,
                Map.of(), List.of(), SortOrder.RELEVANCE, 20, null);
    }

    /** The same matches, counted only: no facets, no hits. */
    public ListQuery countOnly() {
        return new ListQuery(include, exclude, spendMin, spendMax, lastPurchase, created, updated, window, List.of(),
                facetLimit, Map.of(), regionPath, sort, 0, null);
    }

    public ListQuery withInclude(String dim, String... values) {
        var m = new java.util.HashMap<>(include);
        m.put(dim, List.of(values));
        return new ListQuery(m, exclude, spendMin, spendMax, lastPurchase, created, updated, window, facets,
                facetLimit, facetOffsets, regionPath, sort, limit, cursor);
    }

    public ListQuery withExclude(String dim, String... values) {
        var m = new java.util.HashMap<>(exclude);
        m.put(dim, List.of(values));
        return new ListQuery(include, m, spendMin, spendMax, lastPurchase, created, updated, window, facets,
                facetLimit, facetOffsets, regionPath, sort, limit, cursor);
    }

    public ListQuery withFacets(String... dims) {
        return new ListQuery(include, exclude, spendMin, spendMax, lastPurchase, created, updated, window,
                List.of(dims), facetLimit, facetOffsets, regionPath, sort, limit, cursor);
    }

    public ListQuery withFacetPaging(int newLimit, Map<String, Integer> offsets) {
        return new ListQuery(include, exclude, spendMin, spendMax, lastPurchase, created, updated, window, facets,
                newLimit, offsets, regionPath, sort, limit, cursor);
    }

    public ListQuery withRegionPath(String... path) {
        return new ListQuery(include, exclude, spendMin, spendMax, lastPurchase, created, updated, window, facets,
                facetLimit, facetOffsets, List.of(path), sort, limit, cursor);
    }

    public ListQuery withSpend(BigDecimal min, BigDecimal max) {
        return new ListQuery(include, exclude, min, max, lastPurchase, created, updated, window, facets,
                facetLimit, facetOffsets, regionPath, sort, limit, cursor);
    }

    public ListQuery withWindow(PurchaseWindow w) {
        return new ListQuery(include, exclude, spendMin, spendMax, lastPurchase, created, updated, w, facets,
                facetLimit, facetOffsets, regionPath, sort, limit, cursor);
    }

    public ListQuery withDates(DateRange newLastPurchase, TimeRange newCreated, TimeRange newUpdated) {
        return new ListQuery(include, exclude, spendMin, spendMax, newLastPurchase, newCreated, newUpdated, window,
                facets, facetLimit, facetOffsets, regionPath, sort, limit, cursor);
    }

    public ListQuery withPage(SortOrder newSort, int newLimit, String newCursor) {
        return new ListQuery(include, exclude, spendMin, spendMax, lastPurchase, created, updated, window, facets,
                facetLimit, facetOffsets, regionPath, newSort, newLimit, newCursor);
    }

    /** An inclusive range of days; either end may be null (open). */
    public record DateRange(LocalDate from, LocalDate to) {
        public DateRange {
            if (from != null && to != null && to.isBefore(from)) {
                throw new InvalidSearchException(null, "date range ends (" + to + ") before it starts (" + from + ")");
            }
        }
    }

    /**
     * An inclusive span of time; either end may be null (open). A record's created or updated time is kept to the
     * millisecond, so an instant bound may be as fine as that: {@code updated_from}/{@code updated_to} of an
     * import's run name the customers it stored, not everyone changed that day.
     */
    public record TimeRange(Instant from, Instant to) {
        public TimeRange {
            if (from != null && to != null && to.isBefore(from)) {
                throw new InvalidSearchException(null, "time range ends (" + to + ") before it starts (" + from + ")");
            }
        }

        /** Whole UTC days, from the start of {@code from} through the end of {@code to}; either may be null. */
        public static TimeRange days(LocalDate from, LocalDate to) {
            return new TimeRange(from == null ? null : from.atStartOfDay(ZoneOffset.UTC).toInstant(),
                    to == null ? null : to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1));
        }
    }

    /**
     * Purchases within a date window, relative to today ({@code days}/{@code months} back, through today) or
     * explicit ({@code from}..{@code to}, inclusive); with optional bounds on the spend and the number of purchases
     * in it. Relative windows are resolved at query time, so the same index answers differently as time passes.
     *
     * @param relative "30d", "12m", "1y" or null for an explicit window
     */
    public record PurchaseWindow(String relative, LocalDate from, LocalDate to, BigDecimal spentMin,
            BigDecimal spentMax, Integer purchasesMin, Integer purchasesMax) {

        public PurchaseWindow {
            if (relative != null) {
                parseRelative(relative, LocalDate.EPOCH);
            } else if (from == null && to == null) {
                throw new InvalidSearchException("spent_within", "a purchase window needs spent_within or spent_from/spent_to");
            }
        }

        /** The first day of the window for a given today. */
        public LocalDate resolveFrom(LocalDate today) {
            return relative != null ? parseRelative(relative, today) : from;
        }

        /** The last day of the window (today for relative windows), or null for open. */
        public LocalDate resolveTo(LocalDate today) {
            return relative != null ? today : to;
        }

        /** True when the window filters (rather than only adding window aggregates). */
        public boolean filters() {
            return spentMin != null || spentMax != null || purchasesMin != null || purchasesMax != null;
        }

        static LocalDate parseRelative(String text, LocalDate today) {
            if (text.length() >= 2) {
                char unit = Character.toLowerCase(text.charAt(text.length() - 1));
                try {
                    int n = Integer.parseInt(text.substring(0, text.length() - 1));
                    if (n >= 0 && n <= 100_000) {
                        switch (unit) {
                            case 'd': return today.minusDays(n);
                            case 'w': return today.minusWeeks(n);
                            case 'm': return today.minusMonths(n);
                            case 'y': return today.minusYears(n);
                            default: break;
                        }
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
            throw new InvalidSearchException("spent_within", "'" + text + "' is not a window like 30d, 8w, 12m or 1y");
        }
    }

    /** Orders of hits; the id breaks ties, so paging is stable. */
    public enum SortOrder {
        RELEVANCE("relevance"), NAME("name"), NAME_DESC("-name"), SPEND("spend"), SPEND_DESC("-spend"),
        LAST_PURCHASE("last_purchase"), LAST_PURCHASE_DESC("-last_purchase"), CREATED("created"),
        CREATED_DESC("-created"), UPDATED("updated"), UPDATED_DESC("-updated");

        private final String wire;

        SortOrder(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static SortOrder parse(String text) {
            for (SortOrder s : values()) {
                if (s.wire.equals(text)) {
                    return s;
                }
            }
            throw new InvalidSearchException("sort", "unknown sort '" + text + "', known: "
                    + java.util.Arrays.stream(values()).map(SortOrder::wire).toList());
        }
    }
}
