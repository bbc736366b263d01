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
