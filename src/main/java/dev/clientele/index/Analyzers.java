package dev.clientele.index;

import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.phonetic.DoubleMetaphoneFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * The per-field analyzers of the customer index. Index and query side use the same analyzer per field, except
 * that query text does not split names at apostrophes and dots ({@link #queryAnalyzer}).
 *
 * <ul>
 *   <li>{@link #FOLDED}: StandardTokenizer, {@link NameVariantsFilter} (umlaut expansion, Cyrillic→Latin,
 *       apostrophes and dots: {@code O'Brien} also as {@code OBrien}, {@code O}, {@code Brien}), then ICU folding
 *       (lower case, accents off, ß→ss; {@link FoldingFilter}). Every searchable text field uses it. Query text
 *       goes through {@link #FOLDED_QUERY}, the same without the parts.</li>
 *   <li>{@link #EXACT}: StandardTokenizer + lower case only, for the "typed exactly as stored" tier of names.</li>
 *   <li>{@link #PHONETIC}: FOLDED then Double Metaphone codes (replacing the tokens).</li>
 *   <li>{@link #PREFIX}: FOLDED then edge n-grams 1..{@value #MAX_PREFIX}, for as-you-type: a prefix is one term
 *       lookup instead of a term-dictionary walk, so it costs the same at 1 letter as at 10.</li>
 * </ul>
 * Fields not listed (ids, emails, phones, postal codes, country) are indexed as exact terms built in
 * {@link CustomerSchema}; their analyzer is the keyword analyzer. Analyzers are thread-safe.
 */
public final class Analyzers {
    /** Longest prefix indexed in {@link CustomerSchema#NAME_PREFIX}; longer prefixes fall back to exact terms. */
    public static final int MAX_PREFIX = 20;

    public static final Analyzer FOLDED = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer src = new StandardTokenizer();
            return new TokenStreamComponents(src, folded(src));
        }

        @Override
        protected TokenStream normalize(String fieldName, TokenStream in) {
            return new FoldingFilter(in);
        }
    };

    /**
     * {@link #FOLDED} for query text: the same terms, except that a name joined by an apostrophe or a dot does not
     * also yield its parts ({@code O'Brien} is {@code o'brien} and {@code obrien}, not also {@code o}, which would
     * find every O'Neil).
     */
    public static final Analyzer FOLDED_QUERY = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer src = new StandardTokenizer();
            return new TokenStreamComponents(src, foldedQuery(src));
        }

        @Override
        protected TokenStream normalize(String fieldName, TokenStream in) {
            return new FoldingFilter(in);
        }
    };

    public static final Analyzer EXACT = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer src = new StandardTokenizer();
            return new TokenStreamComponents(src, new LowerCaseFilter(src));
        }

        @Override
        protected TokenStream normalize(String fieldName, TokenStream in) {
            return new LowerCaseFilter(in);
        }
    };

    public static final Analyzer PHONETIC = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer src = new StandardTokenizer();
            return new TokenStreamComponents(src, new DoubleMetaphoneFilter(folded(src), 6, false));
        }
    };

    /** {@link #PHONETIC} for query text (no parts, as {@link #FOLDED_QUERY}). */
    public static final Analyzer PHONETIC_QUERY = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer src = new StandardTokenizer();
            return new TokenStreamComponents(src, new DoubleMetaphoneFilter(foldedQuery(src), 6, false));
        }
    };

    public static final Analyzer PREFIX = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer src = new StandardTokenizer();
            return new TokenStreamComponents(src, new EdgeNGramTokenFilter(folded(src), 1, MAX_PREFIX, true));
        }
    };

    private static final Analyzer KEYWORD = new KeywordAnalyzer();

    private static final PerFieldAnalyzerWrapper PER_FIELD = new PerFieldAnalyzerWrapper(KEYWORD, Map.ofEntries(
            Map.entry(CustomerSchema.NAME, FOLDED),
            Map.entry(CustomerSchema.FIRST_NAME, FOLDED),
            Map.entry(CustomerSchema.LAST_NAME, FOLDED),
            Map.entry(CustomerSchema.NAME_EXACT, EXACT),
            Map.entry(CustomerSchema.NAME_PHONETIC, PHONETIC),
            Map.entry(CustomerSchema.NAME_PREFIX, PREFIX),
            Map.entry(CustomerSchema.COMPANY, FOLDED),
            Map.entry(CustomerSchema.CITY, FOLDED),
            Map.entry(CustomerSchema.REGION, FOLDED),
            Map.entry(CustomerSchema.TAGS, FOLDED),
            Map.entry(CustomerSchema.REP, FOLDED),
            Map.entry(CustomerSchema.INDUSTRY, FOLDED),
            Map.entry(CustomerSchema.NOTES, FOLDED)));

    private static final PerFieldAnalyzerWrapper PER_FIELD_QUERY = new PerFieldAnalyzerWrapper(KEYWORD,
            Map.ofEntries(
                    Map.entry(CustomerSchema.NAME, FOLDED_QUERY),
                    Map.entry(CustomerSchema.FIRST_NAME, FOLDED_QUERY),
                    Map.entry(CustomerSchema.LAST_NAME, FOLDED_QUERY),
                    Map.entry(CustomerSchema.NAME_EXACT, EXACT),
                    Map.entry(CustomerSchema.NAME_PHONETIC, PHONETIC_QUERY),
                    Map.entry(CustomerSchema.NAME_PREFIX, FOLDED_QUERY),
                    Map.entry(CustomerSchema.COMPANY, FOLDED_QUERY),
                    Map.entry(CustomerSchema.CITY, FOLDED_QUERY),
                    Map.entry(CustomerSchema.REGION, FOLDED_QUERY),
                    Map.entry(CustomerSchema.TAGS, FOLDED_QUERY),
                    Map.entry(CustomerSchema.REP, FOLDED_QUERY),
                    Map.entry(CustomerSchema.INDUSTRY, FOLDED_QUERY),
                    Map.entry(CustomerSchema.NOTES, FOLDED_QUERY)));

    private Analyzers() {
    }

    private static TokenStream folded(Tokenizer src) {
        return new FoldingFilter(new NameVariantsFilter(src, true));
    }

    private static TokenStream foldedQuery(Tokenizer src) {
        return new FoldingFilter(new NameVariantsFilter(src, false));
    }

    /** The analyzer the IndexWriter uses: per field, as above. */
    public static Analyzer indexAnalyzer() {
        return PER_FIELD;
    }

    /** The analyzer for query text of every field: as {@link #indexAnalyzer}, with the query forms of the above. */
    public static Analyzer queryAnalyzer() {
        return PER_FIELD_QUERY;
    }

    /** The analyzer of one index field (the keyword analyzer for exact-term fields). */
    public static Analyzer forField(String field) {
        return switch (field) {
            case CustomerSchema.NAME_EXACT -> EXACT;
            case CustomerSchema.NAME_PHONETIC -> PHONETIC;
            case CustomerSchema.NAME_PREFIX -> PREFIX;
            case CustomerSchema.NAME, CustomerSchema.FIRST_NAME, CustomerSchema.LAST_NAME, CustomerSchema.COMPANY,
                 CustomerSchema.CITY, CustomerSchema.REGION, CustomerSchema.TAGS, CustomerSchema.REP,
                 CustomerSchema.INDUSTRY, CustomerSchema.NOTES -> FOLDED;
            default -> KEYWORD;
        };
    }
}
