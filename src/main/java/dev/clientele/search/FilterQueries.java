package dev.clientele.search;

import dev.clientele.index.FacetFields;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.AutomatonQuery;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.automaton.Automata;
import org.apache.lucene.util.automaton.Automaton;
import org.apache.lucene.util.automaton.Operations;

/**
 * Turns the filters of a {@link ListQuery} into one Lucene query per filter dimension ({@link Clause}), so that
 * multi-select facet counting can leave out a dimension's own clause, and each clause's matches can be cached
 * as a bitset. Relative dates (last-purchase buckets, purchase windows) are resolved against {@code today}.
 */
final class FilterQueries {
    /** Last-purchase buckets: within the last 30/90/365 days (cumulative), older, never. */
    static final List<String> LAST_PURCHASE_BUCKETS = List.of("30d", "90d", "365d", "older", "never");

    /**
     * Keyword dimensions whose values keep the case they were written in (see {@link ListQuery#normalizeValue}):
     * a filter on them ignores case, so {@code city=berlin} or {@code tag=VIP} find {@code Berlin} and {@code vip}
     * (the other dimensions are stored and asked in one normalised form).
     */
    static final Set<String> CASED = Set.of("region", "city", "industry", "rep", "tags");

    private FilterQueries() {
    }

    /**
     * Matches documents whose {@code field} holds any of {@code values} in any letter case: one automaton over the
     * field's terms (each character or its upper, lower or title case form), so the cost is a walk of the terms
     * that can match, like a set of exact terms; a value without cased letters is a plain term.
     */
    static Query anyCase(String field, List<String> values) {
        return new AutomatonQuery(new Term(field, values.get(0)), anyCaseAutomaton(values));
    }

    /** The automaton of {@link #anyCase}: any of the values, each character in any of its cases. */
    static Automaton anyCaseAutomaton(List<String> values) {
        List<Automaton> words = new ArrayList<>(values.size());
        for (String v : values) {
            List<Automaton> chars = new ArrayList<>();
            v.codePoints().forEach(c -> chars.add(Automata.makeCharSet(
                    IntStream.of(c, Character.toLowerCase(c), Character.toUpperCase(c),
                            Character.toTitleCase(c), Character.toLowerCase(Character.toUpperCase(c)))
                            .distinct().sorted().toArray())));
            words.add(chars.isEmpty() ? Automata.makeEmptyString()
                    : Operations.concatenate(chars));
        }
        return Operations.determinize(words.size() == 1 ? words.get(0) : Operations.union(words),
                Operations.DEFAULT_DETERMINIZE_WORK_LIMIT);
    }

    /** A filter of one dimension (the name multi-select exclusion goes by) as a Lucene query. */
    record Clause(String dimension, Query query) {
    }

    static List<Clause> clauses(ListQuery q, LocalDate today, SpendBuckets buckets) {
        List<Clause> out = new ArrayList<>();
        java.util.Set<String> dims = new java.util.TreeSet<>(q.include().keySet());
        dims.addAll(q.exclude().keySet());
        for (String dim : dims) {
            List<String> in = q.include().getOrDefault(dim, List.of());
            List<String> out2 = q.exclude().getOrDefault(dim, List.of());
            if (in.isEmpty() && out2.isEmpty()) {
                continue;
            }
            BooleanQuery.Builder b = new BooleanQuery.Builder();
            if (in.isEmpty()) {
                b.add(new MatchAllDocsQuery(), Occur.MUST);
            } else {
                b.add(valuesQuery(dim, in, today, buckets), Occur.MUST);
            }
            for (String v : out2) {
                b.add(valueQuery(dim, v, today, buckets), Occur.MUST_NOT);
            }
            out.add(new Clause(dim, in.isEmpty() || !out2.isEmpty() ? b.build() : valuesQuery(dim, in, today, buckets)));
        }
        if (q.spendMin() != null || q.spendMax() != null) {
            out.add(new Clause("spend_range", buckets.spendRange(
                    q.spendMin() == null ? Long.MIN_VALUE : FacetFields.unitsAtLeast(q.spendMin()),
                    q.spendMax() == null ? Long.MAX_VALUE : FacetFields.unitsAtMost(q.spendMax()))));
        }
        if (q.lastPurchase() != null) {
            out.add(new Clause("last_purchase_range", LongField.newRangeQuery(FacetFields.LAST_PURCHASE_DAY,
                    q.lastPurchase().from() == null ? Long.MIN_VALUE : q.lastPurchase().from().toEpochDay(),
                    q.lastPurchase().to() == null ? Long.MAX_VALUE : q.lastPurchase().to().toEpochDay())));
        }
        if (q.created() != null) {
            out.add(new Clause("created_range", millisRange(dev.clientele.index.CustomerSchema.CREATED_AT,
                    q.created())));
        }
        if (q.updated() != null) {
            out.add(new Clause("updated_range", millisRange(dev.clientele.index.CustomerSchema.UPDATED_AT,
                    q.updated())));
        }
        if (q.window() != null && q.window().filters()) {
            out.add(new Clause("purchase_window", windowQuery(q.window(), today, buckets.conversion())));
        }
        return out;
    }

    static PurchaseWindowQuery windowQuery(ListQuery.PurchaseWindow w, LocalDate today) {
        return windowQuery(w, today, SpendConversion.IDENTITY);
    }

    static PurchaseWindowQuery windowQuery(ListQuery.PurchaseWindow w, LocalDate today, SpendConversion conversion) {
        LocalDate from = w.resolveFrom(today);
        LocalDate to = w.resolveTo(today);
        return new PurchaseWindowQuery(from == null ? Integer.MIN_VALUE : Math.toIntExact(from.toEpochDay()),
                to == null ? Integer.MAX_VALUE : Math.toIntExact(to.toEpochDay()),
                w.spentMin() == null ? Long.MIN_VALUE : FacetFields.unitsAtLeast(w.spentMin()),
                w.spentMax() == null ? Long.MAX_VALUE : FacetFields.unitsAtMost(w.spentMax()),
                w.purchasesMin() == null ? 0 : w.purchasesMin(),
                w.purchasesMax() == null ? Integer.MAX_VALUE : w.purchasesMax(), conversion);
    }

    private static Query millisRange(String field, ListQuery.TimeRange r) {
        // Stored to the millisecond: a finer bound is cut to its millisecond, which holds a time stored in it.
        long from = r.from() == null ? Long.MIN_VALUE : r.from().toEpochMilli();
        long to = r.to() == null ? Long.MAX_VALUE : r.to().toEpochMilli();
        return LongField.newRangeQuery(field, from, to);
    }

    private static Query valuesQuery(String dim, List<String> values, LocalDate today, SpendBuckets buckets) {
        String field = FacetFields.KEYWORD_DIMENSIONS.get(dim);
        if (field != null && CASED.contains(dim)) {
            return anyCase(field, values);
        }
        if (field != null) {
            return KeywordField.newSetQuery(field, values.stream().map(BytesRef::new).toList());
        }
        if (values.size() == 1) {
            return valueQuery(dim, values.get(0), today, buckets);
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (String v : values) {
            b.add(valueQuery(dim, v, today, buckets), Occur.SHOULD);
        }
        return b.build();
    }

    static Query valueQuery(String dim, String value, LocalDate today, SpendBuckets buckets) {
        String field = FacetFields.KEYWORD_DIMENSIONS.get(dim);
        if (field != null && CASED.contains(dim)) {
            return anyCase(field, List.of(value));
        }
        if (field != null) {
            return KeywordField.newExactQuery(field, value);
        }
        return switch (dim) {
            case "spend" -> {
                long[] r = SpendBuckets.parse(value);
                yield buckets.spendRange(r[0], r[1]);
            }
            case "last_purchase" -> lastPurchaseQuery(value, today);
            case "place" -> placeQuery(value);
            default -> throw new InvalidSearchException(dim, "unknown filter dimension '" + dim + "'");
        };
    }

    /**
     * The levels of a place value (normalised, see {@link ListQuery#normalizeValue}).
     *
     * @throws InvalidSearchException unless it is a country code, then up to two non-blank levels
     */
    static String[] placeLevels(String place) {
        String[] levels = place.split("/", ListQuery.PLACE_LEVELS);
        boolean ok = levels[0].matches("[A-Z]{2}");
        for (String level : levels) {
            ok &= !level.isBlank();
        }
        if (!ok) {
            throw new InvalidSearchException("place", "'" + place + "' is not a place like DE, DE/Bayern or"
                    + " DE/Bayern/Neustadt (the path of a region facet value)");
        }
        return levels;
    }

    /** A node of the region hierarchy, {@code DE/Bayern/Neustadt}: that city of that region only, in any case. */
    private static Query placeQuery(String place) {
        String[] levels = placeLevels(place);
        return anyCase(FacetFields.REGION_LEVELS.get(levels.length - 1),
                List.of(String.join(String.valueOf(FacetFields.PATH_SEPARATOR), levels)));
    }

    private static Query lastPurchaseQuery(String bucket, LocalDate today) {
        return switch (bucket) {
            case "30d", "90d", "365d" -> LongField.newRangeQuery(FacetFields.LAST_PURCHASE_DAY,
                    today.toEpochDay() - Integer.parseInt(bucket.substring(0, bucket.length() - 1)), Long.MAX_VALUE);
            case "older" -> LongField.newRangeQuery(FacetFields.LAST_PURCHASE_DAY, Long.MIN_VALUE,
                    today.toEpochDay() - 366);
            case "never" -> new BooleanQuery.Builder().add(new MatchAllDocsQuery(), Occur.MUST)
                    .add(new FieldExistsQuery(FacetFields.LAST_PURCHASE_DAY), Occur.MUST_NOT).build();
            default -> throw new InvalidSearchException("last_purchase", "unknown bucket '" + bucket + "', known: "
                    + LAST_PURCHASE_BUCKETS);
        };
    }

    /**
     * The bucket of a last-purchase day for facet counting: the index of the narrowest cumulative bucket it is in
     * (0 = 30d, 1 = 90d, 2 = 365d), 3 for older; "never" is counted from documents without a day.
     */
    static int lastPurchaseBucket(long day, LocalDate today) {
        long age = today.toEpochDay() - day;
        if (age <= 30) {
            return 0;
        }
        if (age <= 90) {
            return 1;
        }
        if (age <= 365) {
            return 2;
        }
        return 3;
    }

    /**
     * Spend buckets from configured edges (in units of the base currency, or of every currency without one): [e0,e1),
     * [e1,e2), …, [en,∞); and how spend is converted into the base currency.
     */
    record SpendBuckets(List<BigDecimal> edges, SpendConversion conversion) {
        SpendBuckets(List<BigDecimal> edges) {
            this(edges, SpendConversion.IDENTITY);
        }

        /**
         * Lifetime spend within [minUnits, maxUnits]: on the indexed unconverted sum without a base currency, on the
         * converted spend ({@link BaseSpendQuery}) with one.
         */
        Query spendRange(long minUnits, long maxUnits) {
            return conversion.identity() ? LongField.newRangeQuery(FacetFields.SPEND_UNITS, minUnits, maxUnits)
                    : new BaseSpendQuery(conversion, minUnits, maxUnits);
        }

        SpendBuckets {
            java.util.Objects.requireNonNull(conversion, "conversion");
            edges = List.copyOf(edges);
            for (int i = 1; i < edges.size(); i++) {
                if (edges.get(i).compareTo(edges.get(i - 1)) <= 0) {
                    throw new IllegalArgumentException("spend bucket edges must increase: " + edges);
                }
            }
        }

        List<String> keys() {
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < edges.size(); i++) {
                keys.add(i + 1 < edges.size() ? plain(edges.get(i)) + "-" + plain(edges.get(i + 1))
                        : plain(edges.get(i)) + "+");
            }
            return keys;
        }

        /** The edges in units of 0.0001 (a bucket holds the spends at least its edge); compute once per count. */
        long[] edgeUnits() {
            long[] out = new long[edges.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = FacetFields.unitsAtLeast(edges.get(i));
            }
            return out;
        }

        /** Index of the bucket of a spend in units, or -1 below the first edge; see {@link #edgeUnits()}. */
        static int bucket(long[] edgeUnits, long units) {
            int b = -1;
            for (int i = 0; i < edgeUnits.length; i++) {
                if (units >= edgeUnits[i]) {
                    b = i;
                } else {
                    break;
                }
            }
            return b;
        }

        private static String plain(BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }

        /** A bucket key "100-500" ([100, 500)) or "5000+" as an inclusive range of units. */
        static long[] parse(String key) {
            try {
                if (key.endsWith("+")) {
                    return new long[] {FacetFields.unitsAtLeast(new BigDecimal(key.substring(0, key.length() - 1))),
                        Long.MAX_VALUE};
                }
                int dash = key.indexOf('-', 1);
                if (dash > 0) {
                    long[] range = {FacetFields.unitsAtLeast(new BigDecimal(key.substring(0, dash))),
                        FacetFields.unitsAtLeast(new BigDecimal(key.substring(dash + 1))) - 1};
                    if (range[0] > range[1]) {
                        // 500-100 or 100-100 holds no amount: a mistake, not an empty list
                        throw new InvalidSearchException("spend", "'" + key + "' is an empty spend range; the"
                                + " lower end comes first, as in 100-500");
                    }
                    return range;
                }
            } catch (NumberFormatException | ArithmeticException e) {
                // reported below
            }
            throw new InvalidSearchException("spend", "'" + key + "' is not a spend bucket like 100-500 or 5000+");
        }
    }

    static Map<String, String> keywordDimensions() {
        return FacetFields.KEYWORD_DIMENSIONS;
    }
}
