package dev.clientele.search;

import dev.clientele.customer.Customer;
import dev.clientele.index.FacetFields;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;

/**
 * The part of the customer base an API key may see and change: filters over keyword facet dimensions, written
 * like list filters ({@code {"rep": ["Anna Kovács"], "country": ["HU"]}}: OR within a dimension, AND across,
 * {@code not_<dim>} or a leading {@code -} for NOT). The search layer adds {@link #query()} to every query as a
 * required filter clause, so totals, facet counts and pages are computed within the scope; a single record (a read
 * by id, the new state of a write) is checked with {@link #matches}, which reads the same values the index holds.
 *
 * <p>Immutable and thread-safe. {@link #NONE} restricts nothing.
 */
public final class Scope {
    /** No restriction. */
    public static final Scope NONE = new Scope(Map.of(), Map.of());
    /** Dimensions a scope can use: the keyword facet dimensions (values do not depend on the date). */
    public static final List<String> DIMENSIONS = FacetFields.KEYWORD_DIMENSIONS.keySet().stream().sorted().toList();

    private final Map<String, List<String>> include;
    private final Map<String, List<String>> exclude;
    private final Query query;

    private Scope(Map<String, List<String>> include, Map<String, List<String>> exclude) {
        this.include = sorted(include);
        this.exclude = sorted(exclude);
        this.query = this.include.isEmpty() && this.exclude.isEmpty() ? null : buildQuery();
    }

    /**
     * Reads a scope from its wire form, dimension (or {@code not_<dim>}) → values; an empty map is {@link #NONE}.
     *
     * @throws InvalidSearchException naming the entry at fault (unknown dimension, no values)
     */
    public static Scope parse(Map<String, List<String>> filters) {
        if (filters == null || filters.isEmpty()) {
            return NONE;
        }
        for (Map.Entry<String, List<String>> e : filters.entrySet()) {
            String name = e.getKey();
            String dim = ListQuery.filterDimension(name.startsWith("not_") ? name.substring(4) : name);
            if (dim == null || !FacetFields.KEYWORD_DIMENSIONS.containsKey(dim)) {
                throw new InvalidSearchException("scope." + name, "unknown scope dimension '" + name
                        + "'; use one of " + DIMENSIONS + " (not_<dimension> to exclude)");
            }
            if (e.getValue() == null || e.getValue().stream().allMatch(v -> v == null || v.isBlank())) {
                throw new InvalidSearchException("scope." + name, "give at least one value for '" + name + "'");
            }
        }
        ListQuery.Filters f = ListQuery.filters(filters);
        return new Scope(f.include(), f.exclude());
    }

    public boolean unrestricted() {
        return query == null;
    }

    /**
     * The wire form, sorted by name: included dimensions by name, excluded ones as {@code not_<dim>}; empty for
     * {@link #NONE}.
     */
    public Map<String, List<String>> toMap() {
        Map<String, List<String>> out = new TreeMap<>(include);
        exclude.forEach((dim, values) -> out.put("not_" + dim, values));
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(out));
    }

    /** Whether a customer is within the scope (always for {@link #NONE}). */
    public boolean matches(Customer c) {
        Objects.requireNonNull(c, "c");
        for (Map.Entry<String, List<String>> e : include.entrySet()) {
            List<String> have = FacetFields.keywordValues(c, e.getKey());
            if (have.stream().noneMatch(e.getValue()::contains)) {
                return false;
            }
        }
        for (Map.Entry<String, List<String>> e : exclude.entrySet()) {
            List<String> have = FacetFields.keywordValues(c, e.getKey());
            if (have.stream().anyMatch(e.getValue()::contains)) {
                return false;
            }
        }
        return true;
    }

    /** The scope as one Lucene filter, or null for {@link #NONE}. Equal scopes give equal queries (cache keys). */
    Query query() {
        return query;
    }

    /** {@code query} as a required, non-scoring clause of {@code q} (or alone when q is null). */
    Query restrict(Query q) {
        if (query == null) {
            return q;
        }
        if (q == null) {
            return query;
        }
        return new BooleanQuery.Builder().add(q, Occur.MUST).add(query, Occur.FILTER).build();
    }

    private Query buildQuery() {
        // Keyword dimensions only: neither today nor the spend buckets matter to these clauses.
        ListQuery q = ListQuery.all();
        for (var e : include.entrySet()) {
            q = q.withInclude(e.getKey(), e.getValue().toArray(String[]::new));
        }
        for (var e : exclude.entrySet()) {
            q = q.withExclude(e.getKey(), e.getValue().toArray(String[]::new));
        }
        List<FilterQueries.Clause> clauses = FilterQueries.clauses(q, LocalDate.EPOCH,
                new FilterQueries.SpendBuckets(List.of()));
        if (clauses.size() == 1) {
            return clauses.get(0).query();
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (FilterQueries.Clause c : clauses) {
            b.add(c.query(), Occur.FILTER);
        }
        return b.build();
    }

    private static Map<String, List<String>> sorted(Map<String, List<String>> m) {
        Map<String, List<String>> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.stream().distinct().sorted().toList()));
        return java.util.Collections.unmodifiableMap(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scope s && include.equals(s.include) && exclude.equals(s.exclude);
    }

    @Override
    public int hashCode() {
        return Objects.hash(include, exclude);
    }

    @Override
    public String toString() {
        return "Scope" + toMap();
    }
}
