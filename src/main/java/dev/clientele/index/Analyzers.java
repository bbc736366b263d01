package dev.clientele.index;

import java.io.Reader;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.miscellaneous.RemoveDuplicatesTokenFilter;
import org.apache.lucene.analysis.miscellaneous.TruncateTokenFilter;
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
 *   <li>{@link #STREET}: FOLDED, with abbreviated street words read as the words written out ({@code -str.} as
 *       {@code -strasse}, {@code krt.} as {@code korut}, {@code St} as {@code street} and {@code saint}:
 *       {@link StreetFilter}).</li>
 *   <li>{@link #EXACT}: StandardTokenizer + lower case only, for the "typed exactly as stored" tier of names.</li>
 *   <li>{@link #PHONETIC}: FOLDED then Double Metaphone codes (replacing the tokens).</li>
 *   <li>{@link #INITIAL}: FOLDED cut to each token's first character, for initials typed before another word.</li>
 *   <li>{@link #PREFIX}: FOLDED then edge n-grams 1..{@value #MAX_PREFIX}, for as-you-type: a prefix is one term
 *       lookup instead of a term-dictionary walk, so it costs the same at 1 letter as at 10.</li>
 * </ul>
 * Fields not listed (ids, emails, phones, postal codes, country) are indexed as exact terms built in
 * {@link CustomerSchema}; their analyzer is the keyword analyzer. Analyzers are thread-safe.
 */
public final class Analyzers {
    /** Longest prefix indexed in {@link CustomerSchema#NAME_PREFIX}; longer prefixes fall back to exact terms. */
    public static final int MAX_PREFIX = 20;

    public static final Analyzer FOLDED = folding(true);

    /**
     * {@link #FOLDED} for query text: the same terms, except that a name joined by an apostrophe or a dot does not
     * also yield its parts ({@code O'Brien} is {@code o'brien} and {@code obrien}, not also {@code o}, which would
     * find every O'Neil).
     */
    public static final Analyzer FOLDED_QUERY = folding(false);

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

    /**
     * {@link #FOLDED} for streets ({@link CustomerSchema#STREET}), with abbreviated street words read as the words
     * written out ({@link StreetFilter}: {@code Hauptstr.} as {@code hauptstrasse}, {@code u.} as {@code utca},
     * {@code ул.} as {@code улица}'s romanisations, {@code Rd} as {@code road}), replacing the abbreviation: the
     * abbreviated and the written-out street meet.
     */
    public static final Analyzer STREET = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer src = new StandardTokenizer();
            // Abbreviations are read before folding, in their own script: Latin pl is Platz, Cyrillic пл площадь.
            return new TokenStreamComponents(src, new FoldingFilter(new NameVariantsFilter(new StreetFilter(src),
                    true)));
        }

        @Override
        protected Reader initReader(String fieldName, Reader reader) {
            // "б-р", "пр-т" (бульвар, проспект) are one abbreviation each, which the tokenizer would split in two.
            return new StreetCharFilter(reader);
        }
    };

    public static final Analyzer PHONETIC = phonetic(true);

    /** {@link #PHONETIC} for query text (no parts, as {@link #FOLDED_QUERY}). */
    public static final Analyzer PHONETIC_QUERY = phonetic(false);

    public static final Analyzer PREFIX = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer src = new StandardTokenizer();
            return new TokenStreamComponents(src, new EdgeNGramTokenFilter(folded(src, true), 1, MAX_PREFIX, true));
        }
    };

    /** {@link #FOLDED} cut to the first character of each token: a name's initials ({@link CustomerSchema#NAME_INITIAL}). */
    public static final Analyzer INITIAL = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer src = new StandardTokenizer();
            return new TokenStreamComponents(src, new RemoveDuplicatesTokenFilter(
                    new TruncateTokenFilter(folded(src, true), 1)));
        }
    };

    private static final Analyzer KEYWORD = new KeywordAnalyzer();

    /** The text fields analysed by {@link #FOLDED} (and queried with {@link #FOLDED_QUERY}). */
    private static final java.util.Set<String> FOLDED_FIELDS = java.util.Set.of(CustomerSchema.NAME,
            CustomerSchema.FIRST_NAME, CustomerSchema.LAST_NAME, CustomerSchema.COMPANY, CustomerSchema.CITY,
            CustomerSchema.REGION, CustomerSchema.TAGS, CustomerSchema.REP, CustomerSchema.INDUSTRY,
            CustomerSchema.NOTES);

    private static final PerFieldAnalyzerWrapper PER_FIELD = perField(FOLDED, PHONETIC, PREFIX);

    /** Query text of the prefix field is not cut into prefixes: the typed word is looked up as one term. */
    private static final PerFieldAnalyzerWrapper PER_FIELD_QUERY = perField(FOLDED_QUERY, PHONETIC_QUERY, FOLDED_QUERY);

    private Analyzers() {
    }

    /** Folded words and their name variants; with {@code parts}, a name joined by an apostrophe or dot also yields its parts. */
    private static TokenStream folded(Tokenizer src, boolean parts) {
        return new FoldingFilter(new NameVariantsFilter(src, parts));
    }

    private static Analyzer folding(boolean parts) {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer src = new StandardTokenizer();
                return new TokenStreamComponents(src, folded(src, parts));
            }

            @Override
            protected TokenStream normalize(String fieldName, TokenStream in) {
                return new FoldingFilter(in);
            }
        };
    }

    private static Analyzer phonetic(boolean parts) {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer src = new StandardTokenizer();
                return new TokenStreamComponents(src, new DoubleMetaphoneFilter(folded(src, parts), 6, false));
            }
        };
    }

    private static PerFieldAnalyzerWrapper perField(Analyzer folded, Analyzer phonetic, Analyzer prefix) {
        Map<String, Analyzer> fields = new java.util.HashMap<>();
        FOLDED_FIELDS.forEach(f -> fields.put(f, folded));
        fields.put(CustomerSchema.STREET, STREET);
        fields.put(CustomerSchema.NAME_EXACT, EXACT);
        fields.put(CustomerSchema.NAME_PHONETIC, phonetic);
        fields.put(CustomerSchema.NAME_PREFIX, prefix);
        fields.put(CustomerSchema.NAME_INITIAL, INITIAL);
        return new PerFieldAnalyzerWrapper(KEYWORD, Map.copyOf(fields));
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
            case CustomerSchema.NAME_INITIAL -> INITIAL;
            case CustomerSchema.STREET -> STREET;
            default -> FOLDED_FIELDS.contains(field) ? FOLDED : KEYWORD;
        };
    }
}
