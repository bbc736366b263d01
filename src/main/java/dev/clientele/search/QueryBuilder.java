package dev.clientele.search;

import dev.clientele.index.Analyzers;
import dev.clientele.index.CustomerSchema;
import dev.clientele.index.Romanisations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * Turns what a user typed into a Lucene query. Package-private; tested through {@code toString()} and results.
 *
 * <h2>Scoring: tiers by construction</h2>
 * Every clause is constant-score, so a score is a sum of known numbers rather than BM25. Each query word (each
 * token position of it) becomes a {@link DisjunctionMaxQuery} over its ways of matching, and counts with the
 * score of its best way:
 * <pre>
 *   exact term (folded/transliterated)  {@value #EXACT} + field weight (0..10); a name also in its other
 *                                       romanisations (Iwanow: Ivanov, see {@link Romanisations}) at field
 *                                       weight {@value #ROMANISATION}, below the name and company as typed
 *   prefix of the last word, initial    {@value #PREFIX} + field weight (a city from 3 letters on)
 *   fuzzy, 1 edit                       {@value #FUZZY1} + field weight
 *   another form of the first name      {@value #NICKNAME} + field weight (Bob, Rob for Robert; Pista for István)
 *   fuzzy, 2 edits                      {@value #FUZZY2} + field weight
 *   loose fuzzy, names, 2+ words only   {@value #LOOSE} + field weight
 *   phonetic (Double Metaphone)         {@value #PHONETIC} + field weight
 * </pre>
 * Fuzzy clauses add up to 0.5 for the closer spelling within their tier ({@link TieredFuzzyRewrite}). Phonetic
 * ranks last: its codes are short and coarse ({@code Jae} and {@code Eieo} share one), so an edit-distance match
 * is the better evidence.
 * Field weights: name typed exactly as stored 10, name 9, company 8, email 7, whole phone number 10, phone
 * ending 7 (3 for fewer than 6 digits), city 5, postal code 5, tags 4, street 3 (with its house number and its
 * abbreviations written out; a street word is matched exactly, as the last word from 3 letters on as a prefix, and
 * from {@value #MIN_STREET_FUZZY} letters with one typo), notes 1. Every word must match (MUST), except
 * that a word without letters or digits ({@code &}) is ignored and a joining word ({@link #CONJUNCTIONS}) is an
 * optional tie-break worth 1. A customer matching all P positions exactly scores at least
 * 1001·P; one with a non-exact position scores at most 1010·(P−1) + 509 + the phrase bonus {@value #PHRASE}, which
 * is less as long as P &lt; 44; positions are capped at {@value #MAX_POSITIONS}. So <b>exact always ranks above
 * fuzzy</b>, and within a tier the field weights and the name-phrase bonus (slop 2, so "last first" counts too)
 * order the hits; ties go by id.
 *
 * <h2>Typo budget</h2>
 * By folded token length: below 4 characters no edits; 4..7 one edit; 8 and more two edits (Damerau-style: a
 * swap of neighbours is one edit). Names get the full budget; company and city one edit at most (two-edit walks
 * are the most expensive clauses, and a name is what people mistype most). The first character must be right (prefix length 1): typos there are rare
 * and it cuts the term-dictionary walk by the alphabet. Each fuzzy query expands to at most
 * {@value #MAX_EXPANSIONS} terms.
 *
 * <p>When the query has two or more words, names also get a <em>loose</em> tier one edit beyond the budget
 * (3..7 letters: 2 edits, so two typos in a short name are found: {@code Flg} for {@code Figl}), ranked above
 * phonetic only. Of two equally close spellings the more common ranks first
 * ({@link TieredFuzzyRewrite#commonness}). A typo that deletes a letter makes the word shorter than the name it stands for ({@code Emil} typed {@code Eil}), and two typos often land in one short word;
 * the other words keep such loose matches precise. A single word never gets it, so {@code Lex} alone does not
 * find {@code Lev}. A word that is itself a frequent name ({@code Anna}), and a last word of three letters that
 * many names begin with ({@code Anna Kov}, typed on), keep the loose edit only as dropped letters ({@code Bos} for
 * Boros; {@link LooseUnlessFrequentQuery}): such a word was most likely typed as meant, and its other loose
 * neighbours are common names, the most expensive clauses of a query. Measured on the known-item benchmark (BENCHMARKS.md).
 *
 * <h2>Phones</h2>
 * A query that is only digits and phone punctuation ({@code +36 1 234 5678}) is also run as one phone number
 * against the phone field (national number or trailing digits), so the spaces inside it do not split it. A stored
 * phone with the same national number (the same number written another way) scores as a name typed exactly
 * (field weight 10), above one that merely ends in the same digits (7): {@code 06-1-234-5678} puts
 * {@code +36 1 234 5678} clearly above {@code +49 (0)89 123456-78}. A number typed from its start ({@code +}, {@code 00}
 * or a trunk {@code 0}) also finds the numbers it begins, at the prefix tier: {@code +36 1 234} while it is typed.
 */
final class QueryBuilder {
    static final int EXACT = 1000;
    static final int PREFIX = 500;
    static final int FUZZY1 = 200;
    static final int NICKNAME = 150;
    static final int FUZZY2 = 100;
    static final int LOOSE = 50;
    static final int PHONETIC = 20;
    static final int PHRASE = 100;
    /** Per query position, what a whole-number phone match adds over a match of the number's trailing digits. */
    static final int FULL_PHONE = 3;
    static final int MAX_WORDS = 16;
    static final int MAX_POSITIONS = 32;
    static final int MAX_EXPANSIONS = 50;
    /** Shortest email-like last word looked up as the start of an address. */
    static final int MIN_EMAIL_PREFIX = 4;
    /** Shortest last word looked up as the start of a city name (shorter ones begin too many). */
    static final int MIN_CITY_PREFIX = 3;
    /**
     * Field weight of a name found only through another romanisation of the typed word (Vagner for Wagner): below
     * a name typed (10) or folded (9: Júlia for Julia) and a company typed (8), above every other field, as it is
     * still the same name.
     */
    static final float ROMANISATION = 7.5f;
    /** Shortest street word that tolerates a typo (one edit). */
    static final int MIN_STREET_FUZZY = 5;
    /** Fuzzy terms for company, city and street, which a name-like word mostly reaches by chance. */
    static final int OTHER_EXPANSIONS = 10;

    /**
     * Words that join the parts of a company name ({@code &} in the stored name, which the tokenizer drops): optional
     * in a query of several words.
     */
    static final Set<String> CONJUNCTIONS = Set.of("and", "und", "és", "es", "et", "y", "и");

    private static final Pattern DIGITISH = Pattern.compile("[+(]?[0-9][0-9 ()./\\-]*");

    private QueryBuilder() {
    }

    /** Edits allowed for a token of this many characters. */
    static int typoBudget(int length) {
        return length < 4 ? 0 : length < 8 ? 1 : 2;
    }

    /** The word that, in capitals between two words, makes a query find either side ({@code smith OR jones}). */
    static final String OR = "OR";

    /**
     * The search-box query, or null for a blank query. {@code OR} in capitals between words splits the query into
     * sides, each a query of its own, and a customer is found by any side, scored as its best side (so the tiers
     * hold within each side): {@code smith OR jones}, as in the advanced syntax. A lower-case {@code or} is a word
     * (the name Or), and an {@code OR} with no words on one side is left out ({@code smith OR} while the next word
     * is typed); an {@code OR} alone is a word.
     */
    static Query searchBox(String q) {
        List<String> sides = sides(q);
        if (sides == null) {
            return oneSide(q);
        }
        List<Query> either = new ArrayList<>(sides.size());
        for (String s : sides) {
            Query one = oneSide(s);
            if (one != null) {
                either.add(one);
            }
        }
        return either.isEmpty() ? null : either.size() == 1 ? either.get(0) : new DisjunctionMaxQuery(either, 0f);
    }

    /**
     * The sides of a query split by {@code OR} in capitals, or null when it has no such {@code OR} (or only one
     * with no words around it, which is then a word). An {@code OR} with nothing after it is left out.
     */
    private static List<String> sides(String q) {
        List<String> sides = new ArrayList<>();
        StringBuilder side = new StringBuilder();
        boolean split = false;
        for (String w : words(q)) {
            if (w.equals(OR)) {
                split = true;
                if (!side.isEmpty()) {
                    sides.add(side.toString());
                    side.setLength(0);
                }
            } else {
                side.append(side.isEmpty() ? "" : " ").append(w);
            }
        }
        if (!side.isEmpty()) {
            sides.add(side.toString());
        }
        return split && !sides.isEmpty() ? sides : null;
    }

    /** The query for words without {@code OR}, or null when they have nothing to match. */
    private static Query oneSide(String q) {
        List<String> typed = words(q);
        if (typed.isEmpty()) {
            return null;
        }
        // A word with no letter or digit ("&", "-", an emoji) has nothing to match: the tokenizer drops it from
        // every stored name, so as a required word it made "Procter & Gamble" find nothing.
        List<String> words = new ArrayList<>(typed.size());
        for (String w : typed) {
            if (hasLetterOrDigit(w)) {
                words.add(w);
            }
        }
        if (words.isEmpty()) {
            return new MatchNoDocsQuery("no letters or digits in the query");
        }
        boolean content = words.stream().anyMatch(w -> !isConjunction(w));
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        List<String> phraseTerms = new ArrayList<>();
        boolean phraseable = words.size() >= 2;
        int positions = 0;
        boolean anyWord = false;
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            boolean lastWord = i == words.size() - 1;
            boolean conjunction = content && isConjunction(word);
            if (conjunction && !lastWord) {
                // "Procter and Gamble" for "Procter & Gamble", "Szabó és Társa" for "Szabó & Társa": the joining
                // word is optional and worth a tie-break only, so it never lifts a fuzzy hit over an exact one.
                all.add(score(conjunctionQuery(word), 1), BooleanClause.Occur.SHOULD);
                continue;
            }
            List<Set<String>> folded = analyze(Analyzers.FOLDED_QUERY, word);
            if (positions + folded.size() > MAX_POSITIONS) {
                break;
            }
            positions += Math.max(1, folded.size());
            Query wq = wordQuery(word, lastWord ? null : words.get(i + 1), folded, lastWord, words.size() >= 2);
            if (wq == null) {
                continue;
            }
            if (conjunction) {
                // Last, it may be the start of a name (and → Andrea) or the joining word typed before the next:
                // optional, so "Procter and" still shows Procter & Gamble while the next word is typed.
                all.add(wq, BooleanClause.Occur.SHOULD);
                continue;
            }
            anyWord = true;
            all.add(wq, BooleanClause.Occur.MUST);
            if (folded.size() == 1) {
                phraseTerms.add(folded.get(0).iterator().next());
            } else {
                phraseable = false;
            }
        }
        if (!anyWord) {
            return null;
        }
        if (phraseable && phraseTerms.size() >= 2) {
            PhraseQuery.Builder pb = new PhraseQuery.Builder().setSlop(2);
            for (String t : phraseTerms) {
                pb.add(new Term(CustomerSchema.NAME, t));
            }
            all.add(score(pb.build(), PHRASE), BooleanClause.Occur.SHOULD);
        }
        Query wordsQuery = all.build();
        // A number with its extension (+49 30 1234567 ext. 12) is looked up as the number: no extension is indexed.
        List<String> phone = DIGITISH.matcher(CustomerSchema.phoneNumber(q).strip()).matches() && words.size() > 1
                ? CustomerSchema.phoneQueryTerms(q) : List.of();
        String postalCode = words.size() > 1 && words.size() <= 3 ? wholePostalCode(words) : null;
        if (phone.isEmpty() && postalCode == null) {
            return wordsQuery;
        }
        BooleanQuery.Builder either = new BooleanQuery.Builder();
        either.add(wordsQuery, BooleanClause.Occur.SHOULD);
        if (!phone.isEmpty()) {
            Query whole = withLine(phone, q, (EXACT + 10) * positions, (EXACT + 10) * positions + FULL_PHONE * positions,
                    positions);
            List<String> beginning = CustomerSchema.phonePrefixTerms(q);
            if (!beginning.isEmpty()) {
                // "+36 1 234": a number still being typed, as a prefix of the last word is.
                List<Query> ways = new ArrayList<>(List.of(whole,
                        score(CustomerSchema.phoneNationalPrefixQuery(beginning), (PREFIX + 7) * positions)));
                Query international = CustomerSchema.phoneInternationalPrefixQuery(q);
                if (international != null) {
                    // Typed with its country code: a number stored with the same one ranks above another country's.
                    ways.add(score(international, (PREFIX + 7) * positions + FULL_PHONE * positions));
                }
                whole = new DisjunctionMaxQuery(ways, 0f);
            }
            either.add(whole, BooleanClause.Occur.SHOULD);
        }
        if (postalCode != null) {
            // "SW1A 1AA", "1011 AB", "114 55": a postal code is stored without its space, so its parts alone match
            // nothing; the words together are one more term lookup, scored as a postal code in every position.
            either.add(score(new TermQuery(new Term(CustomerSchema.POSTAL_CODE, postalCode)), (EXACT + 5) * positions),
                    BooleanClause.Occur.SHOULD);
        }
        return either.build();
    }

    /** The postal-code term of words that may together be a postal code written with spaces, or null. */
    private static String wholePostalCode(List<String> words) {
        String joined = CustomerSchema.postalCodeTerm(String.join("", words));
        return joined.length() <= 10 && joined.chars().anyMatch(Character::isDigit) ? joined : null;
    }

    /** One pass of the as-you-type search: its query and the best score a customer can get from it. */
    record SuggestPass(Query query, float best) {
    }

    /**
     * The as-you-type passes, or null for a blank query, to be run in order until the list is full: every word
     * whole in names and companies; the earlier words whole and the last one completing (a prefix); then both again
     * with streets (a word may be a street's word, the last one its start).
     *
     * <p>Streets come last as passes of their own, not as lower-scored clauses of the first two: typing a name
     * usually fills the list from names alone, and then no street term or street prefix is looked up (the prefix
     * query over every street word starting with the last word was most of a suggestion's cost). Words match
     * names, companies and streets; {@code OR} in capitals splits the query into sides as {@link #searchBox} does,
     * each side completing its own last word.
     */
    static List<SuggestPass> suggest(String q) {
        List<String> sides = sides(q);
        List<List<SuggestPass>> each = new ArrayList<>();
        for (String side : sides == null ? List.of(q) : sides) {
            List<SuggestPass> one = suggestSide(side);
            if (one != null) {
                each.add(one);
            }
        }
        if (each.isEmpty()) {
            return null;
        }
        if (each.size() == 1) {
            return each.get(0).stream().filter(java.util.Objects::nonNull).toList();
        }
        // A side with fewer words scores less than a pass's best: the pass then only stops early on the longest
        // side's hits, which keeps the order right at the cost of reading on.
        List<SuggestPass> passes = new ArrayList<>();
        for (int pass = 0; pass < each.get(0).size(); pass++) {
            List<Query> queries = new ArrayList<>();
            float best = 0;
            for (List<SuggestPass> side : each) {
                SuggestPass p = side.get(pass);
                if (p != null) {
                    queries.add(p.query());
                    best = Math.max(best, p.best());
                }
            }
            if (!queries.isEmpty()) {
                passes.add(new SuggestPass(new DisjunctionMaxQuery(queries, 0f), best));
            }
        }
        return passes;
    }

    /**
     * The four passes of words without {@code OR} (whole, completing, whole with streets, completing with
     * streets; a completing pass is null when the last word cannot be completed), or null when there are no words.
     */
    private static List<SuggestPass> suggestSide(String q) {
        List<TypedWord> words = suggestWords(q); // analysed once for both kinds of pass
        SuggestPass[] names = suggestPasses(words, false);
        if (names == null) {
            return null;
        }
        SuggestPass[] streets = suggestPasses(words, true);
        return java.util.Arrays.asList(names[0], names[1], streets[0], streets[1]);
    }

    /**
     * The words of a query as the suggest passes read them, each as its positions' folded variants; a joining word
     * between others is left out ("Procter and G" suggests Procter &amp; Gamble, as the search box finds it).
     */
    private static List<TypedWord> suggestWords(String q) {
        List<String> words = words(q);
        boolean content = words.stream().anyMatch(w -> !isConjunction(w));
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            if (!(content && i < words.size() - 1 && isConjunction(words.get(i)))) {
                kept.add(words.get(i));
            }
        }
        List<TypedWord> out = new ArrayList<>();
        for (int i = 0; i < kept.size(); i++) {
            String word = kept.get(i);
            List<Set<String>> folded = analyze(Analyzers.FOLDED_QUERY, word);
            out.add(new TypedWord(folded, streetTerms(analyze(Analyzers.EXACT, word),
                    i + 1 < kept.size() ? kept.get(i + 1) : null, folded.size())));
        }
        return out;
    }

    /**
     * A typed word's positions: their folded variants, and the street terms each stands for as an abbreviation
     * ({@link #streetTerms}).
     */
    private record TypedWord(List<Set<String>> folded, List<List<String>> streets) {
    }

    /**
     * The street terms each position of a typed word stands for as an abbreviation ({@code пл.}: площадь's
     * romanisations; {@code Hauptstr}: {@code hauptstrasse}), empty for the other positions: looked up as the street
     * field reads them, in the token's own script ({@code exact}: the word's tokens as typed, lower case) and with
     * the token after it ({@code к} is корпус before a number), the next typed word's for the last.
     */
    private static List<List<String>> streetTerms(List<Set<String>> exact, String nextWord, int positions) {
        if (exact.size() != positions) {
            return java.util.Collections.nCopies(positions, List.of());
        }
        List<List<String>> out = new ArrayList<>(positions);
        for (int p = 0; p < positions; p++) {
            String token = exact.get(p).iterator().next();
            String next = p + 1 < positions ? exact.get(p + 1).iterator().next() : nextWord;
            out.add(CustomerSchema.streetTerms(token, next));
        }
        return out;
    }

    /**
     * The whole and the completing pass of words without {@code OR}: the completing one is null when its last
     * word is longer than {@link Analyzers#MAX_PREFIX} (and, with streets, too short for a street).
     */
    private static SuggestPass[] suggestPasses(List<TypedWord> words, boolean streets) {
        BooleanQuery.Builder whole = new BooleanQuery.Builder();
        BooleanQuery.Builder completing = new BooleanQuery.Builder();
        int positions = 0;
        boolean canComplete = true;
        for (int i = 0; i < words.size(); i++) {
            boolean lastWord = i == words.size() - 1;
            List<Set<String>> folded = words.get(i).folded();
            for (int p = 0; p < folded.size(); p++) {
                boolean last = lastWord && p == folded.size() - 1;
                List<Query> alts = new ArrayList<>();
                List<Query> prefixes = new ArrayList<>();
                List<Query> initials = new ArrayList<>();
                boolean firstVariant = true;
                for (String t : folded.get(p)) {
                    initials.add(score(new TermQuery(new Term(CustomerSchema.NAME_INITIAL, t)), PREFIX + 9));
                    alts.add(score(new TermQuery(new Term(CustomerSchema.NAME, t)), EXACT + 9));
                    alts.add(score(new TermQuery(new Term(CustomerSchema.COMPANY, t)), EXACT + 8));
                    if (streets) {
                        alts.add(streetTerm(t));
                    }
                    if (t.length() <= Analyzers.MAX_PREFIX) {
                        prefixes.add(score(new TermQuery(new Term(CustomerSchema.NAME_PREFIX, t)), PREFIX + 9));
                    }
                    if (streets && last && firstVariant && isStreetPrefix(t)) {
                        // "Andráss": the start of a street, as the search box completes it (below a name's start).
                        prefixes.add(streetPrefix(t));
                    }
                    firstVariant = false;
                }
                if (streets) {
                    words.get(i).streets().get(p).forEach(t -> alts.add(streetTerm(t)));
                }
                if (!last && isInitial(folded.get(p))) {
                    // "R. Smith", "R Smi": an initial stands for any name starting with it.
                    alts.addAll(initials);
                }
                DisjunctionMaxQuery wholeWord = new DisjunctionMaxQuery(alts, 0f);
                whole.add(wholeWord, BooleanClause.Occur.MUST);
                if (last) {
                    canComplete = !prefixes.isEmpty();
                    if (canComplete) {
                        completing.add(new DisjunctionMaxQuery(prefixes, 0f), BooleanClause.Occur.MUST);
                    }
                } else {
                    completing.add(wholeWord, BooleanClause.Occur.MUST);
                }
                positions++;
            }
        }
        if (positions == 0) {
            return null;
        }
        return new SuggestPass[] {new SuggestPass(whole.build(), (EXACT + 9) * positions),
                canComplete ? new SuggestPass(completing.build(), (EXACT + 9) * (positions - 1) + PREFIX + 9) : null};
    }

    /**
     * A street's exact word, or a street term a typed abbreviation stands for ({@code Hauptstr 5} for
     * {@code Hauptstraße 5}), scored as a street: below names, companies, cities and tags.
     */
    private static Query streetTerm(String t) {
        return score(new TermQuery(new Term(CustomerSchema.STREET, t)), EXACT + 3);
    }

    /**
     * The street words of a query, to tell whether it found a customer by its street: every word whole (with an
     * abbreviation written out), and the last word of each side as a start.
     */
    record StreetWords(Set<String> whole, Set<String> starts) {
        /** Whether one of the street's words is a typed word, or begins with a side's last word. */
        boolean found(String street) {
            for (Set<String> position : analyze(Analyzers.STREET, street)) {
                for (String t : position) {
                    if (whole.contains(t) || starts.stream().anyMatch(t::startsWith)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    static StreetWords streetWords(String q) {
        Set<String> whole = new java.util.HashSet<>();
        Set<String> starts = new java.util.HashSet<>();
        List<String> sides = sides(q);
        for (String side : sides == null ? List.of(q == null ? "" : q) : sides) {
            List<String> words = words(side);
            for (int i = 0; i < words.size(); i++) {
                List<Set<String>> folded = analyze(Analyzers.FOLDED_QUERY, words.get(i));
                List<List<String>> streets = streetTerms(analyze(Analyzers.EXACT, words.get(i)),
                        i + 1 < words.size() ? words.get(i + 1) : null, folded.size());
                for (int p = 0; p < folded.size(); p++) {
                    whole.addAll(folded.get(p));
                    whole.addAll(streets.get(p));
                    String first = folded.get(p).iterator().next();
                    if (i == words.size() - 1 && p == folded.size() - 1 && isStreetPrefix(first)) {
                        starts.add(first);
                    }
                }
            }
        }
        return new StreetWords(whole, starts);
    }

    /** A last word long enough, and word-like, to be looked up as the start of a street. */
    private static boolean isStreetPrefix(String t) {
        return t.length() >= MIN_CITY_PREFIX && isLetters(t);
    }

    /**
     * A street being typed ("Andrássy ú", "Hauptstr"): a prefix query, not n-grams, as streets have many distinct
     * words and every one would cost the import its n-grams.
     */
    private static Query streetPrefix(String t) {
        return score(new PrefixQuery(new Term(CustomerSchema.STREET, t)), PREFIX + 3);
    }

    private static Query wordQuery(String word, String nextWord, List<Set<String>> folded, boolean lastWord,
                                   boolean loose) {
        List<Query> alts = new ArrayList<>();
        String lower = word.toLowerCase(Locale.ROOT);
        alts.add(score(new TermQuery(new Term(CustomerSchema.EMAIL, lower)), EXACT + 7));
        // "@example.com" (a domain) and "anna.kovacs@" (a local part, typed on) are email terms without the '@'.
        String address = stripAt(lower);
        if (!address.isEmpty() && !address.equals(lower)) {
            alts.add(score(new TermQuery(new Term(CustomerSchema.EMAIL, address)), EXACT + 7));
        }
        if (lastWord && address.length() >= MIN_EMAIL_PREFIX && (lower.indexOf('@') >= 0 || lower.indexOf('.') >= 0)
                && address.chars().anyMatch(Character::isLetter)) {
            // An address being typed ("rob.smith@mu"): a prefix of the whole address, the local part or the domain.
            // Only for words with '@' or '.', which the name fields rarely match while they are incomplete.
            alts.add(score(new PrefixQuery(new Term(CustomerSchema.EMAIL, address)), PREFIX + 7));
        }
        alts.add(score(new TermQuery(new Term(CustomerSchema.POSTAL_CODE, CustomerSchema.postalCodeTerm(word))),
                EXACT + 5));
        if (DIGITISH.matcher(word).matches()) {
            List<String> phone = CustomerSchema.phoneQueryTerms(word);
            if (!phone.isEmpty()) {
                // A short digit run is more likely a postal code than the tail of a phone number.
                alts.add(withLine(phone, word, phone.get(0).length() >= 6 ? EXACT + 7 : EXACT + 3, EXACT + 10, 1));
            }
            List<String> beginning = lastWord ? CustomerSchema.phonePrefixTerms(word) : List.of();
            if (!beginning.isEmpty()) {
                // "+3612345", "0630123": a number still being typed, from its start.
                alts.add(score(CustomerSchema.phoneNationalPrefixQuery(beginning), PREFIX + 7));
                Query international = CustomerSchema.phoneInternationalPrefixQuery(word);
                if (international != null) {
                    alts.add(score(international, PREFIX + 7 + FULL_PHONE));
                }
            }
        }
        if (!folded.isEmpty()) {
            List<Set<String>> exact = analyze(Analyzers.EXACT, word);
            List<List<String>> streets = streetTerms(exact, nextWord, folded.size());
            List<Set<String>> phonetic = analyze(Analyzers.PHONETIC_QUERY, word);
            if (folded.size() == 1) {
                alts.addAll(positionAlternatives(folded.get(0), streets.get(0),
                        exact.size() == 1 ? exact.get(0) : Set.of(),
                        phonetic.size() == 1 ? phonetic.get(0) : Set.of(), lastWord,
                        !lastWord && isInitial(folded.get(0)), loose));
                for (String other : Romanisations.otherSpellings(folded.get(0).iterator().next())) {
                    // "Iwanow" for a Latin-stored Ivanov, "Julia" for Yulia: another romanisation of the same
                    // Russian name, as a name stored in Cyrillic is indexed under all of them (query side only).
                    if (!folded.get(0).contains(other)) {
                        alts.add(score(new TermQuery(new Term(CustomerSchema.NAME, other)), EXACT + ROMANISATION));
                        if (lastWord) {
                            alts.add(score(new TermQuery(new Term(CustomerSchema.NAME_PREFIX, other)),
                                    PREFIX + ROMANISATION));
                        }
                    }
                }
                for (String key : CustomerSchema.nicknameKeys(word)) {
                    // "Bob Smith" for Robert Smith, "Pista" for István: the same first name in another form.
                    alts.add(score(new TermQuery(new Term(CustomerSchema.NAME_NICKNAME, key)), NICKNAME + 9));
                }
            } else {
                BooleanQuery.Builder each = new BooleanQuery.Builder();
                for (int p = 0; p < folded.size(); p++) {
                    Set<String> ex = exact.size() == folded.size() ? exact.get(p) : Set.of();
                    Set<String> ph = phonetic.size() == folded.size() ? phonetic.get(p) : Set.of();
                    boolean last = lastWord && p == folded.size() - 1;
                    each.add(new DisjunctionMaxQuery(positionAlternatives(folded.get(p), streets.get(p), ex, ph, last,
                            !last && isInitial(folded.get(p)), loose), 0f), BooleanClause.Occur.MUST);
                }
                alts.add(each.build());
            }
        }
        return new DisjunctionMaxQuery(alts, 0f);
    }

    /** The ways one token position can match, each with its tier score. */
    private static List<Query> positionAlternatives(Set<String> folded, List<String> streets, Set<String> exact,
                                                    Set<String> phonetic, boolean prefix, boolean initial,
                                                    boolean loose) {
        List<Query> alts = new ArrayList<>();
        for (String t : exact) {
            alts.add(score(new TermQuery(new Term(CustomerSchema.NAME_EXACT, t)), EXACT + 10));
        }
        boolean firstVariant = true;
        for (String t : folded) {
            alts.add(score(new TermQuery(new Term(CustomerSchema.NAME, t)), EXACT + 9));
            alts.add(score(new TermQuery(new Term(CustomerSchema.COMPANY, t)), EXACT + 8));
            alts.add(score(new TermQuery(new Term(CustomerSchema.CITY, t)), EXACT + 5));
            alts.add(score(new TermQuery(new Term(CustomerSchema.TAGS, t)), EXACT + 4));
            alts.add(streetTerm(t));
            alts.add(score(new TermQuery(new Term(CustomerSchema.NOTES, t)), EXACT + 1));
            if (prefix && t.length() <= Analyzers.MAX_PREFIX) {
                alts.add(score(new TermQuery(new Term(CustomerSchema.NAME_PREFIX, t)), PREFIX + 9));
            }
            if (prefix && firstVariant && isStreetPrefix(t)) {
                // A city being typed ("Budap", "Lond"): the few city terms starting with it.
                alts.add(score(new PrefixQuery(new Term(CustomerSchema.CITY, t)), PREFIX + 5));
                alts.add(streetPrefix(t));
            }
            if (initial) {
                alts.add(score(new TermQuery(new Term(CustomerSchema.NAME_INITIAL, t)), PREFIX + 9));
            }
            // Fuzzy on the first variant only: documents index every variant (muller and mueller, sergej and
            // sergey), so one is enough to reach them, and each fuzzy clause costs a term-dictionary walk per
            // segment. Emails, codes and numbers are matched exactly.
            if (firstVariant && isLetters(t)) {
                int budget = typoBudget(t.codePointCount(0, t.length()));
                if (budget >= 1) {
                    alts.add(fuzzy(CustomerSchema.COMPANY, t, 1, FUZZY1 + 8));
                    alts.add(fuzzy(CustomerSchema.CITY, t, 1, FUZZY1 + 5));
                }
                if (t.codePointCount(0, t.length()) >= MIN_STREET_FUZZY) {
                    // "Andrasy ut", "Hauptstrase": one typo in a longer street word (shorter ones are mostly
                    // house numbers, street types and abbreviations, where an edit reaches too many others).
                    alts.add(fuzzy(CustomerSchema.STREET, t, 1, FUZZY1 + 3));
                }
                // One walk over the names serves every name tier (1 edit, 2 edits, loose): each term is scored
                // by its own distance. The walk is the expensive part, and a wider one already visits the terms of
                // the narrower, which always rank first among its best 50.
                int nameEdits = budget >= 2 || !loose || t.length() < 3 ? budget : t.length() == 3 ? 2 : budget + 1;
                if (nameEdits >= 1) {
                    float one = budget >= 1 ? FUZZY1 + 9 : LOOSE + 9;
                    float two = budget >= 2 ? FUZZY2 + 9 : LOOSE + 9;
                    Term name = new Term(CustomerSchema.NAME, t);
                    Query names = new ScannedFuzzyQuery(name, nameEdits, 1, MAX_EXPANSIONS,
                            new TieredFuzzyRewrite(MAX_EXPANSIONS, t, one, one, two));
                    if (nameEdits > budget) {
                        // A frequent name as typed (Anna), or a last word of three letters that many names begin
                        // with (Kov, being typed), keeps its loose edit only as dropped letters (Bos for Boros):
                        // see LooseUnlessFrequentQuery.
                        Term counted = prefix && t.length() == 3 ? new Term(CustomerSchema.NAME_PREFIX, t) : name;
                        names = new LooseUnlessFrequentQuery(counted, names, new ScannedFuzzyQuery(name, nameEdits,
                                nameEdits - 1, 1, MAX_EXPANSIONS, new TieredFuzzyRewrite(MAX_EXPANSIONS, t, one, one,
                                two)));
                    }
                    alts.add(names);
                }
            }
            firstVariant = false;
        }
        for (String t : streets) {
            alts.add(streetTerm(t));
        }
        for (String code : phonetic) {
            // A sound of one letter (Pia, Bo and Abe are all "P") tells names apart no better than their initial.
            if (code.length() >= 2) {
                alts.add(score(new TermQuery(new Term(CustomerSchema.NAME_PHONETIC, code)), PHONETIC + 9));
            }
        }
        return alts;
    }

    /**
     * A fuzzy clause scoring {@code base} plus up to 0.5 for similarity; the best 50 terms at most. Company names
     * have few distinct terms and are scanned in memory; cities have many and use a (cached) automaton.
     */
    private static Query fuzzy(String field, String t, int edits, float base) {
        TieredFuzzyRewrite rewrite = new TieredFuzzyRewrite(OTHER_EXPANSIONS, base);
        return field.equals(CustomerSchema.COMPANY)
                ? new ScannedFuzzyQuery(new Term(field, t), edits, 1, OTHER_EXPANSIONS, rewrite)
                : new CachedFuzzyQuery(new Term(field, t), edits, 1, OTHER_EXPANSIONS, rewrite);
    }

    /** A word-like token: no digits, dots or at-signs (transliterated names may keep an apostrophe: Ilʹya). */
    private static boolean isLetters(String t) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (Character.isDigit(c) || c == '.' || c == '@' || c == '_') {
                return false;
            }
        }
        return true;
    }

    /**
     * A typed phone number: {@code full} for a stored phone with the same national number (the same number in
     * another notation), {@code best} (a little less for shorter alternatives) for one that only ends in its digits,
     * such as another country's number with the same tail.
     */
    /**
     * The phone query of a number as typed ({@link #phoneQuery}), and when it is typed with an extension
     * ({@code 030 1234567 ext. 12}, or as a direct-dial number, {@code 030 1234567-12}) the line typed a {@code step}
     * above: the customers sharing the number, its switchboard or other lines, follow. A direct-dial number's digits
     * are also looked up as typed (a number stored so, or ending so), and the number alone a step below. A number
     * typed without an extension gets the phone query alone.
     */
    private static Query withLine(List<String> terms, String typed, float best, float full, float step) {
        Query asTyped = phoneQuery(terms, best, full);
        Query line = CustomerSchema.phoneExtensionQuery(typed);
        if (line == null) {
            return asTyped;
        }
        List<Query> ways = new ArrayList<>(List.of(asTyped, score(line, full + step)));
        List<String> alone = CustomerSchema.phoneNumberTermsOfLine(typed);
        if (!alone.isEmpty() && !alone.equals(terms)) {
            ways.add(phoneQuery(alone, best - step, full - step));
        }
        return new DisjunctionMaxQuery(ways, 0f);
    }

    private static Query phoneQuery(List<String> terms, float best, float full) {
        List<Query> alts = new ArrayList<>();
        alts.add(score(CustomerSchema.phoneNationalQuery(terms), full));
        float s = best;
        for (String t : terms) {
            // Most specific first: a longer national number scores a little higher than a shorter alternative.
            alts.add(score(CustomerSchema.phoneQuery(t), s));
            s -= 1;
        }
        return new DisjunctionMaxQuery(alts, 0f);
    }

    /**
     * A token of one letter (with or without its dot: {@code R.}, {@code R}, each of {@code J.-P.}) is an initial:
     * no name is one letter long, so it is matched as the start of a name even before the last word. Longer words
     * before the last stay whole words.
     */
    private static boolean isInitial(Set<String> position) {
        for (String t : position) {
            if (t.codePointCount(0, t.length()) != 1 || !Character.isLetter(t.codePointAt(0))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isConjunction(String word) {
        return CONJUNCTIONS.contains(word.toLowerCase(Locale.ROOT));
    }

    /** An optional joining word: an exact name or company term, nothing fuzzy. */
    private static Query conjunctionQuery(String word) {
        List<Query> alts = new ArrayList<>();
        for (Set<String> position : analyze(Analyzers.FOLDED_QUERY, word)) {
            for (String t : position) {
                alts.add(new TermQuery(new Term(CustomerSchema.COMPANY, t)));
                alts.add(new TermQuery(new Term(CustomerSchema.NAME, t)));
            }
        }
        return new DisjunctionMaxQuery(alts, 0f);
    }

    /** The word without '@' at its start or end. */
    private static String stripAt(String word) {
        int from = 0;
        int to = word.length();
        while (from < to && word.charAt(from) == '@') {
            from++;
        }
        while (to > from && word.charAt(to - 1) == '@') {
            to--;
        }
        return word.substring(from, to);
    }

    private static boolean hasLetterOrDigit(String word) {
        return word.codePoints().anyMatch(Character::isLetterOrDigit);
    }

    static Query score(Query q, float score) {
        return new BoostQuery(new ConstantScoreQuery(q), score);
    }

    /** Whitespace-separated words, at most {@value #MAX_WORDS}. */
    static List<String> words(String q) {
        List<String> out = new ArrayList<>();
        if (q == null) {
            return out;
        }
        for (String w : q.strip().split("\\s+")) {
            if (!w.isEmpty() && out.size() < MAX_WORDS) {
                out.add(CustomerSchema.streetWord(w));
            }
        }
        return out;
    }

    /** The tokens of a text per position (several at one position for variants such as muller/mueller). */
    static List<Set<String>> analyze(Analyzer analyzer, String text) {
        List<Set<String>> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream("", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            PositionIncrementAttribute inc = ts.addAttribute(PositionIncrementAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                if (inc.getPositionIncrement() > 0 || out.isEmpty()) {
                    out.add(new LinkedHashSet<>());
                }
                out.get(out.size() - 1).add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
