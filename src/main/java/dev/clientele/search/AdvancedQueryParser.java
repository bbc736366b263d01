package dev.clientele.search;

import dev.clientele.index.Analyzers;
import dev.clientele.index.CustomerSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * The advanced mode: Lucene's classic query syntax over the allowed customer fields only
 * ({@code city:Berlin rep:"Anna Kovács" -tags:churned}). Words without a field search names, company, email,
 * phone, city, tags and notes. Guard rails: unknown fields, leading wildcards and regular expressions are syntax
 * errors; fuzzy terms expand to at most 50 terms; the number of clauses is bounded by Lucene's max clause count.
 * A syntax error becomes an {@link InvalidSearchException} naming the column. Not thread-safe: one per request.
 */
final class AdvancedQueryParser extends QueryParser {
    /** Query field name → index field. The public names are the customer JSON names. */
    static final Map<String, String> FIELDS = Map.ofEntries(
            Map.entry("first_name", CustomerSchema.FIRST_NAME),
            Map.entry("last_name", CustomerSchema.LAST_NAME),
            Map.entry("name", CustomerSchema.NAME),
            Map.entry("company", CustomerSchema.COMPANY),
            Map.entry("email", CustomerSchema.EMAIL),
            Map.entry("phone", CustomerSchema.PHONE),
            Map.entry("city", CustomerSchema.CITY),
            Map.entry("street", CustomerSchema.STREET),
            Map.entry("postal_code", CustomerSchema.POSTAL_CODE),
            Map.entry("country", CustomerSchema.COUNTRY),
            Map.entry("region", CustomerSchema.REGION),
            Map.entry("tags", CustomerSchema.TAGS),
            Map.entry("rep", CustomerSchema.REP),
            Map.entry("industry", CustomerSchema.INDUSTRY),
            Map.entry("notes", CustomerSchema.NOTES));
    private static final String ANY = "_any";
    private static final List<String> ANY_FIELDS = List.of("name", "company", "email", "phone", "city", "tags",
            "notes");
    private static final Pattern COLUMN = Pattern.compile("column (\\d+)");

    private final String input;

    private AdvancedQueryParser(String input) {
        super(ANY, Analyzers.queryAnalyzer());
        this.input = input;
        setAllowLeadingWildcard(false);
        setDefaultOperator(AND_OPERATOR);
        setFuzzyPrefixLength(1);
        setSplitOnWhitespace(true);
    }

    /** Parses an advanced query. @throws InvalidSearchException on a syntax error, with its column */
    static Query parse(String q, String paramName) {
        AdvancedQueryParser parser = new AdvancedQueryParser(q);
        try {
            return parser.parse(q);
        } catch (ParseException e) {
            throw new InvalidSearchException(paramName, describe(q, e));
        } catch (IndexSearcher.TooManyClauses e) {
            throw new InvalidSearchException(paramName, "query too complex: " + e.getMessage());
        }
    }

    private static String describe(String q, ParseException e) {
        String msg = e.getMessage() == null ? "invalid query" : e.getMessage();
        Throwable cause = e.getCause();
        String detail = cause != null && cause.getMessage() != null ? cause.getMessage() : msg;
        String prefix = "Cannot parse '" + q + "': ";
        if (detail.startsWith(prefix)) {
            detail = detail.substring(prefix.length());
        }
        if (msg.startsWith(prefix)) {
            msg = msg.substring(prefix.length());
        }
        Integer column = null;
        if (e instanceof PositionedParseException p) {
            column = p.column;
        } else if (cause instanceof PositionedParseException p) {
            column = p.column;
        } else {
            Matcher m = COLUMN.matcher(detail);
            if (m.find()) {
                column = Integer.parseInt(m.group(1));
            }
        }
        String first = detail.lines().findFirst().orElse(detail).strip();
        if (first.isEmpty()) {
            first = msg.lines().findFirst().orElse("invalid query").strip();
        }
        return column == null ? "syntax error: " + first : "syntax error at column " + column + ": " + first;
    }

    /** A parse error of ours that knows its 1-based column in the input. */
    private static final class PositionedParseException extends ParseException {
        final int column;

        PositionedParseException(String message, int column) {
            super(message);
            this.column = column;
        }
    }

    private String indexField(String field) throws ParseException {
        String f = FIELDS.get(field);
        if (f == null) {
            int at = input.indexOf(field + ":");
            throw new PositionedParseException("unknown field '" + field + "'; allowed: "
                    + String.join(", ", FIELDS.keySet().stream().sorted().toList()), at < 0 ? 1 : at + 1);
        }
        return f;
    }

    @Override
    protected Query getFieldQuery(String field, String queryText, boolean quoted) throws ParseException {
        if (ANY.equals(field)) {
            List<Query> alts = new ArrayList<>();
            for (String f : ANY_FIELDS) {
                Query q = getFieldQuery(f, queryText, quoted);
                if (q != null && !(q instanceof MatchNoDocsQuery)) {
                    alts.add(q);
                }
            }
            return alts.isEmpty() ? null : new DisjunctionMaxQuery(alts, 0.1f);
        }
        String f = indexField(field);
        return switch (f) {
            case CustomerSchema.EMAIL -> new TermQuery(new Term(f, queryText.strip().toLowerCase(Locale.ROOT)));
            case CustomerSchema.COUNTRY -> new TermQuery(new Term(f, queryText.strip().toLowerCase(Locale.ROOT)));
            case CustomerSchema.POSTAL_CODE -> new TermQuery(new Term(f, CustomerSchema.postalCodeTerm(queryText)));
            case CustomerSchema.PHONE -> {
                List<String> terms = CustomerSchema.phoneQueryTerms(queryText);
                if (terms.isEmpty()) {
                    yield new MatchNoDocsQuery("phone needs at least 4 digits");
                }
                BooleanQuery.Builder b = new BooleanQuery.Builder();
                for (String t : terms) {
                    b.add(CustomerSchema.phoneQuery(t), BooleanClause.Occur.SHOULD);
                }
                yield b.build();
            }
            default -> super.getFieldQuery(f, queryText, quoted);
        };
    }

    @Override
    protected Query getFieldQuery(String field, String queryText, int slop) throws ParseException {
        if (ANY.equals(field)) {
            return super.getFieldQuery(field, queryText, slop);
        }
        return super.getFieldQuery(indexField(field), queryText, slop);
    }

    @Override
    protected Query getRangeQuery(String field, String part1, String part2, boolean startInclusive,
                                  boolean endInclusive) throws ParseException {
        return super.getRangeQuery(multiTermField(field), part1, part2, startInclusive, endInclusive);
    }

    @Override
    protected Query getWildcardQuery(String field, String termStr) throws ParseException {
        return super.getWildcardQuery(multiTermField(field), termStr);
    }

    @Override
    protected Query getPrefixQuery(String field, String termStr) throws ParseException {
        return super.getPrefixQuery(multiTermField(field), termStr);
    }

    @Override
    protected Query getFuzzyQuery(String field, String termStr, float minSimilarity) throws ParseException {
        return super.getFuzzyQuery(multiTermField(field), termStr, minSimilarity);
    }

    @Override
    protected Query getRegexpQuery(String field, String termStr) throws ParseException {
        int at = input.indexOf('/');
        throw new PositionedParseException("regular expressions are not supported", at < 0 ? 1 : at + 1);
    }

    /** Wildcards, prefixes, fuzzy terms and ranges without a field apply to the name. */
    private String multiTermField(String field) throws ParseException {
        return ANY.equals(field) ? CustomerSchema.NAME : indexField(field);
    }
}
