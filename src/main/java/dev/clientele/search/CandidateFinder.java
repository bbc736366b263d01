package dev.clientele.search;

import dev.clientele.customer.Customer;
import dev.clientele.index.CustomerIndex;
import dev.clientele.index.CustomerSchema;
import dev.clientele.text.BlockingKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;

/**
 * Fetches duplicate candidates for a customer from the index: the customers that share the most blocking keys
 * with it (as Duke's {@code findCandidateMatches}). Each shared key counts one, so a customer sharing an email
 * and a phonetic name key comes before one sharing only a common surname key. Thread-safe.
 */
public final class CandidateFinder {
    /** More keys than this in one query are not useful and only cost time. */
    private static final int MAX_KEYS = 32;

    private final CustomerIndex index;

    public CandidateFinder(CustomerIndex index) {
        this.index = index;
    }

    /**
     * Up to {@code max} customers sharing at least one blocking key with {@code c}, most shared keys first,
     * excluding {@code c} itself (by id). Sees refreshed writes only. (Whole-base scans use {@link CandidateScan}.)
     */
    public List<Customer> find(Customer c, int max) {
        return find(c, max, Scope.NONE);
    }

    /** As {@link #find(Customer, int)}, only candidates within a key's scope (a required filter clause). */
    public List<Customer> find(Customer c, int max, Scope scope) {
        Set<String> keys = BlockingKeys.keysFor(c);
        if (keys.isEmpty()) {
            return List.of();
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        int n = 0;
        for (String key : keys) {
            if (n++ == MAX_KEYS) {
                break;
            }
            b.add(new ConstantScoreQuery(new TermQuery(new Term(CustomerSchema.MATCH_KEY, key))),
                    BooleanClause.Occur.SHOULD);
        }
        Query query = scope.restrict(b.build());
        return index.withSearcher(s -> collect(s, query, c.id(), max, index.currency()));
    }

    /**
     * Up to {@code max} customers other than {@code selfId} that have one of these e-mail blocking keys (the
     * {@code e:} keys of {@link BlockingKeys#emailKey}) or a phone with one of these national numbers
     * ({@link #nationalNumbers}): a person's other records by their contact details. Sees refreshed writes only.
     */
    public List<Customer> sharingContacts(java.util.Collection<String> emailKeys,
                                          java.util.Collection<String> nationalNumbers, String selfId, int max) {
        if (emailKeys.isEmpty() && nationalNumbers.isEmpty()) {
            return List.of();
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        if (!emailKeys.isEmpty()) {
            b.add(new org.apache.lucene.search.TermInSetQuery(CustomerSchema.MATCH_KEY,
                    emailKeys.stream().map(org.apache.lucene.util.BytesRef::new).toList()), BooleanClause.Occur.SHOULD);
        }
        if (!nationalNumbers.isEmpty()) {
            b.add(CustomerSchema.phoneNationalQuery(List.copyOf(nationalNumbers)), BooleanClause.Occur.SHOULD);
        }
        Query query = new ConstantScoreQuery(b.build());
        return index.withSearcher(s -> collect(s, query, selfId, max, index.currency()));
    }

    /**
     * The national numbers a phone may be, as the index keeps them and the search box looks them up ({@code +36 30
     * 111 2233} and {@code 06 30 111 2233} share {@code 301112233}, the country known or not), of six digits or
     * more: shorter ones are an extension or the end of a number, not a person's number.
     */
    public static List<String> nationalNumbers(String phone) {
        return CustomerSchema.phoneQueryTerms(phone).stream().filter(n -> n.length() >= 6).toList();
    }

    private static List<Customer> collect(IndexSearcher s, Query query, String selfId, int max,
            dev.clientele.customer.CurrencyRates rates) throws java.io.IOException {
        // One more: the customer itself is dropped afterwards.
        TopDocs top = s.search(query, max + 1);
        List<Customer> out = new ArrayList<>(Math.min(max, top.scoreDocs.length));
        var stored = s.storedFields();
        var leaves = s.getIndexReader().leaves();
        for (ScoreDoc sd : top.scoreDocs) {
            // The id from doc values first: parsing the stored JSON is the expensive part, so only for keepers.
            var leaf = leaves.get(org.apache.lucene.index.ReaderUtil.subIndex(sd.doc, leaves));
            var ids = leaf.reader().getSortedSetDocValues(CustomerSchema.ID);
            String id = null;
            if (ids != null && ids.advanceExact(sd.doc - leaf.docBase)) {
                id = ids.lookupOrd(ids.nextOrd()).utf8ToString();
            }
            if (id != null && id.equals(selfId)) {
                continue;
            }
            Customer other = CustomerSchema.fromStored(stored, sd.doc, rates);
            if (other.id().equals(selfId)) {
                continue;
            }
            out.add(other);
            if (out.size() == max) {
                break;
            }
        }
        return out;
    }
}
