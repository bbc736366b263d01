package dev.clientele.search;

import dev.clientele.customer.Customer;
import dev.clientele.index.Analyzers;
import dev.clientele.index.CustomerSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.automaton.ByteRunAutomaton;

/**
 * Marks why a customer matched, without Lucene's highlighter module (not available to this build) and without
 * storing term vectors: the query's terms and term automata (fuzzy, prefix, wildcard) are collected per index
 * field once per request with a {@link QueryVisitor}; each hit's stored values are then re-analysed with the
 * field's analyzer and the tokens that match are wrapped in {@code <em>}. Cheap for the short values of a
 * customer (a page is at most 100 of them). A first or last name that matched only by sound is marked by its
 * sound-alike words. Output is HTML-escaped.
 * Not thread-safe: one per request.
 */
final class Highlighter {
    private static final int NOTES_CONTEXT = 60;
    private static final int NOTES_FRAGMENT = 160;
    private static final dev.clientele.text.CityNames CITY_NAMES = dev.clientele.text.CityNames.load();

    private final Map<String, Matcher> byField = new HashMap<>();

    Highlighter(Query query) {
        query.visit(new QueryVisitor() {
            @Override
            public void consumeTerms(Query q, Term... terms) {
                for (Term t : terms) {
                    matcher(t.field()).terms.add(BytesRef.deepCopyOf(t.bytes()));
                }
            }

            @Override
            public void consumeTermsMatching(Query q, String field, Supplier<ByteRunAutomaton> automaton) {
                if (q instanceof FuzzyQuery fq) {
                    // Building a Levenshtein automaton costs more than the search; a direct distance check is cheap.
                    matcher(field).fuzzy.add(fq);
                } else {
                    matcher(field).automata.add(new Lazy(automaton));
                }
            }

            @Override
            public QueryVisitor getSubVisitor(BooleanClause.Occur occur, Query parent) {
                return occur == BooleanClause.Occur.MUST_NOT ? QueryVisitor.EMPTY_VISITOR : this;
            }
        });
    }

    private Matcher matcher(String field) {
        return byField.computeIfAbsent(field, f -> new Matcher());
    }

    /** Matched terms of one field: exact terms and term automata. */
    private static final class Matcher {
        final Set<BytesRef> terms = new HashSet<>();
        final List<Lazy> automata = new ArrayList<>();
        final List<FuzzyQuery> fuzzy = new ArrayList<>();

        boolean matches(String term) {
            BytesRef b = new BytesRef(term);
            if (terms.contains(b)) {
                return true;
            }
            for (FuzzyQuery f : fuzzy) {
                String t = f.getTerm().text();
                int p = f.getPrefixLength();
                if (term.regionMatches(0, t, 0, Math.min(p, t.length()))
                        && Math.abs(term.length() - t.length()) <= f.getMaxEdits()
                        && EditDistance.osa(term, t, f.getMaxEdits()) <= f.getMaxEdits()) {
                    return true;
                }
            }
            for (Lazy a : automata) {
                if (a.get().run(b.bytes, b.offset, b.length)) {
                    return true;
                }
            }
            return false;
        }

        boolean matchesPrefixOf(String token) {
            for (BytesRef t : terms) {
                if (token.startsWith(t.utf8ToString())) {
                    return true;
                }
            }
            return false;
        }
    }

    /** An automaton built on first use only. */
    private static final class Lazy {
        private final Supplier<ByteRunAutomaton> supplier;
        private ByteRunAutomaton automaton;

        Lazy(Supplier<ByteRunAutomaton> supplier) {
            this.supplier = supplier;
        }

        ByteRunAutomaton get() {
            if (automaton == null) {
                automaton = supplier.get();
            }
            return automaton;
        }
    }

    /** Field name → fragments for one customer; empty when nothing matched visibly. */
    Map<String, List<String>> highlight(Customer c) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        text(out, "first_name", c.firstName(), CustomerSchema.NAME, CustomerSchema.FIRST_NAME, true);
        Matcher nickname = byField.get(CustomerSchema.NAME_NICKNAME);
        if (nickname != null && c.firstName() != null && !out.containsKey("first_name")
                && CustomerSchema.nicknameKeys(c.firstName()).stream().anyMatch(nickname::matches)) {
            // Found by another form of the first name (Bob for Robert): the name is what matched.
            out.put("first_name", List.of("<em>" + escape(c.firstName()) + "</em>"));
        }
        text(out, "last_name", c.lastName(), CustomerSchema.NAME, CustomerSchema.LAST_NAME, true);
        text(out, "company", c.company(), CustomerSchema.COMPANY, null, true);
        for (String e : c.emails()) {
            Matcher m = byField.get(CustomerSchema.EMAIL);
            if (m != null && CustomerSchema.emailTerms(e).stream().anyMatch(m::matches)) {
                out.computeIfAbsent("emails", k -> new ArrayList<>()).add("<em>" + escape(e) + "</em>");
            }
        }
        for (String p : c.phones()) {
            Matcher m = byField.get(CustomerSchema.PHONE);
            Matcher national = byField.get(CustomerSchema.PHONE_NATIONAL);
            if (m != null && CustomerSchema.phoneIndexTerms(p).stream().anyMatch(m::matches)
                    || national != null && CustomerSchema.phoneQueryTerms(p).stream().anyMatch(national::matches)) {
                // (A number typed with its country code also matches the national numbers it begins, so the
                // national matcher covers the international prefix too.)
                out.computeIfAbsent("phones", k -> new ArrayList<>()).add("<em>" + escape(p) + "</em>");
            }
        }
        if (c.address() != null) {
            String street = c.address().street();
            Matcher streetMatcher = byField.get(CustomerSchema.STREET);
            if (street != null && streetMatcher != null) {
                List<int[]> spans = spans(street, Analyzers.STREET, streetMatcher, null, null);
                if (!spans.isEmpty()) {
                    out.put("street", List.of(mark(street, spans, 0, street.length())));
                }
            }
            text(out, "city", c.address().city(), CustomerSchema.CITY, null, false);
            if (!out.containsKey("city")) {
                cityByOtherName(out, c.address().city(), c.address().country());
            }
            String pc = c.address().postalCode();
            Matcher m = byField.get(CustomerSchema.POSTAL_CODE);
            if (pc != null && m != null && m.matches(CustomerSchema.postalCodeTerm(pc))) {
                out.put("postal_code", List.of("<em>" + escape(pc) + "</em>"));
            }
        }
        for (String tag : c.tags()) {
            text(out, "tags", tag, CustomerSchema.TAGS, null, false);
        }
        if (c.notes() != null && byField.containsKey(CustomerSchema.NOTES)) {
            List<int[]> spans = spans(c.notes(), Analyzers.FOLDED, byField.get(CustomerSchema.NOTES), null, null);
            if (!spans.isEmpty()) {
                int from = Math.max(0, spans.get(0)[0] - NOTES_CONTEXT);
                int to = Math.min(c.notes().length(), from + NOTES_FRAGMENT);
                List<int[]> inside = spans.stream().filter(s -> s[0] >= from && s[1] <= to).toList();
                out.put("notes", List.of((from > 0 ? "…" : "") + mark(c.notes(), inside, from, to)
                        + (to < c.notes().length() ? "…" : "")));
            }
        }
        return out;
    }

    /** A city found by one of its names in another language ("Vienna" for Wien) is marked as a whole. */
    private void cityByOtherName(Map<String, List<String>> out, String city, String country) {
        Matcher m = byField.get(CustomerSchema.CITY);
        if (city == null || m == null) {
            return;
        }
        for (String other : CITY_NAMES.otherNames(city, country)) {
            if (!spans(other, Analyzers.FOLDED, m, null, null).isEmpty()) {
                out.put("city", List.of("<em>" + escape(city) + "</em>"));
                return;
            }
        }
    }

    private void text(Map<String, List<String>> out, String key, String value, String field, String field2,
                      boolean withNameFields) {
        if (value == null) {
            return;
        }
        Matcher main = byField.get(field);
        Matcher second = field2 == null ? null : byField.get(field2);
        Matcher exact = withNameFields ? byField.get(CustomerSchema.NAME_EXACT) : null;
        Matcher prefix = withNameFields ? byField.get(CustomerSchema.NAME_PREFIX) : null;
        // An initial (R. Smith) marks the name words it starts, not the company's.
        Matcher initial = withNameFields && field2 != null ? byField.get(CustomerSchema.NAME_INITIAL) : null;
        if (main == null && second == null && exact == null && prefix == null && initial == null
                && !(withNameFields && field2 != null && byField.containsKey(CustomerSchema.NAME_PHONETIC))) {
            return;
        }
        List<int[]> spans = new ArrayList<>(spans(value, Analyzers.FOLDED, main, second, prefix));
        if (initial != null) {
            spans.addAll(spans(value, Analyzers.FOLDED, null, null, initial));
        }
        if (exact != null) {
            spans.addAll(spans(value, Analyzers.EXACT, exact, null, null));
        }
        Matcher phonetic = withNameFields && field2 != null ? byField.get(CustomerSchema.NAME_PHONETIC) : null;
        if (spans.isEmpty() && phonetic != null) {
            // Found only because it sounds like what was typed (Shmit: Schmidt): marked too, or the hit shows no
            // reason at all. Only where nothing closer matched in this name, as sound-alike codes are coarse.
            spans.addAll(spans(value, Analyzers.PHONETIC, phonetic, null, null));
        }
        if (!spans.isEmpty()) {
            spans.sort((a, b) -> Integer.compare(a[0], b[0]));
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(mark(value, spans, 0, value.length()));
        }
    }

    private static List<int[]> spans(String value, Analyzer analyzer, Matcher m1, Matcher m2, Matcher prefix) {
        List<int[]> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream("", value)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            OffsetAttribute off = ts.addAttribute(OffsetAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                String t = term.toString();
                if ((m1 != null && m1.matches(t)) || (m2 != null && m2.matches(t))
                        || (prefix != null && prefix.matchesPrefixOf(t))) {
                    int[] last = out.isEmpty() ? null : out.get(out.size() - 1);
                    if (last == null || last[0] != off.startOffset()) {
                        out.add(new int[] {off.startOffset(), off.endOffset()});
                    }
                }
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static String mark(String value, List<int[]> spans, int from, int to) {
        StringBuilder sb = new StringBuilder();
        int pos = from;
        for (int[] s : spans) {
            if (s[0] < pos) {
                continue;
            }
            sb.append(escape(value.substring(pos, s[0]))).append("<em>").append(escape(value.substring(s[0], s[1])))
                    .append("</em>");
            pos = s[1];
        }
        sb.append(escape(value.substring(pos, to)));
        return sb.toString();
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
