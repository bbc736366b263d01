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
    /**
     * A key shared by more customers than this (a very common surname code, a shared switchboard number) says
     * little and makes the query slow; it is left out unless it is the customer's only key. The quality figures
     * in BENCHMARKS.md were measured with blocks over 1,000 skipped, so this keeps blocking recall as measured.
     */
    static final int MAX_BLOCK = 1_000;

    private final CustomerIndex index;

    public CandidateFinder(CustomerIndex index) {
        this.index = index;
    }

    /**
     * Up to {@code max} customers sharing at least one blocking key with {@code c}, most shared keys first,
     * excluding {@code c} itself (by id). Sees refreshed writes only.
     *
     * @param afterId when not null, only candidates whose id sorts after it (to see each pair once in a scan)
     */
    public List<Customer> find(Customer c, int max, String afterId) {
        Set<String> keys = BlockingKeys.keysFor(c);
        if (keys.isEmpty()) {
            return List.of();
        }
        // A stored customer is in every block of its own keys; a customer being checked before creation is not.
        int self = dev.clientele.customer.CustomerIds.isValid(c.id()) ? 1 : 0;
        return index.withSearcher(s -> {
            BooleanQuery.Builder b = new BooleanQuery.Builder();
            int n = 0;
            Term commonest = null;
            int commonestFreq = Integer.MAX_VALUE;
            for (String key : keys) {
                Term term = new Term(CustomerSchema.MATCH_KEY, key);
                int freq = s.getIndexReader().docFreq(term);
                if (freq <= self) {
                    continue; // nobody else has this key
                }
                if (freq > MAX_BLOCK) {
                    if (freq < commonestFreq) {
                        commonest = term;
                        commonestFreq = freq;
                    }
                    continue;
                }
                if (n++ == MAX_KEYS) {
                    break;
                }
                b.add(new ConstantScoreQuery(new TermQuery(term)), BooleanClause.Occur.SHOULD);
            }
            if (n == 0) {
                if (commonest == null) {
                    return List.<Customer>of();
                }
                b.add(new ConstantScoreQuery(new TermQuery(commonest)), BooleanClause.Occur.SHOULD);
            }
            return collect(s, b.build(), c.id(), max, afterId);
        });
    }

    private static List<Customer> collect(IndexSearcher s, BooleanQuery query, String selfId, int max,
                                          String afterId) throws java.io.IOException {
        // Ask for a few more: the customer itself and (in scans) lower ids are dropped afterwards.
        TopDocs top = s.search(query, afterId == null ? max + 1 : max * 3 + 1);
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
            if (id != null && (id.equals(selfId) || afterId != null && id.compareTo(afterId) <= 0)) {
                continue;
            }
            Customer other = CustomerSchema.fromStored(stored, sd.doc);
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
