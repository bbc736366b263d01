package dev.clientele.dedup;

import dev.clientele.customer.Customer;
import dev.clientele.customer.CustomerNotFoundException;
import dev.clientele.customer.VersionConflictException;
import dev.clientele.jobs.Job;
import dev.clientele.jobs.Jobs;
import dev.clientele.search.CandidateFinder;
import dev.clientele.search.CandidateScan;
import dev.clientele.search.OutOfScopeException;
import dev.clientele.search.Scope;
import dev.clientele.store.CustomerStore;
import dev.clientele.store.WriteResult;
import dev.clientele.text.BlockingKeys;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Duplicate detection and review: candidates for one customer or a new one, whole-base scans as jobs, the review
 * queue (grouped), merge, dismiss and undo.
 *
 * <h2>Design notes</h2>
 * <p><b>Finding.</b> Candidates come from the index by shared blocking keys ({@link CandidateFinder}), are scored
 * by the {@link MatchScorer} and kept when the decision is likely or possible. A scan works on a
 * {@link CandidateScan} snapshot (the same blocking keys, without a query or a document read per customer) and
 * compares each customer only with candidates numbered after it there, so each pair is scored once.
 *
 * <p><b>Merging</b> is journaled before it is applied: the review journal first records the claim with both
 * before-images (so two concurrent merges of one pair have exactly one winner, and an undo can restore both
 * records exactly), then the survivor is replaced and the other record deleted, each under its expected version,
 * then the outcome is journaled. A crash in between is repaired at start by {@link #recover()}.
 *
 * <p><b>Changes of customers in review</b> are followed by a {@link PairRescorer} listening to the store: the queue
 * shows pending pairs as their records are now.
 *
 * <p>Thread-safe.
 */
public final class DuplicateService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DuplicateService.class);
    /** Candidates fetched per customer. */
    public static final int CANDIDATES = 20;

    private final CustomerStore store;
    private final CandidateFinder finder;
    private final MatchScorer scorer;
    private final DuplicatePairs pairs;
    private final Jobs jobs;
    private final PairRescorer rescorer;

    public DuplicateService(CustomerStore store, CandidateFinder finder, MatchScorer scorer, DuplicatePairs pairs,
                            Jobs jobs) {
        this.store = store;
        this.finder = finder;
        this.scorer = scorer;
        this.pairs = pairs;
        this.jobs = jobs;
        this.rescorer = new PairRescorer(store, scorer, pairs);
    }

    /** The rescorer of the pending pairs (the store's change listener, and the rescore at start). */
    public PairRescorer rescorer() {
        return rescorer;
    }

    /**
     * A scored candidate of one customer; {@code status} is where the pair stands in review (null: not in review
     * yet, or a customer not stored).
     */
    public record Candidate(Customer customer, MatchResult result, String pairId, DuplicatePairs.Status status) {
        public Candidate(Customer customer, MatchResult result, String pairId) {
            this(customer, result, pairId, null);
        }
    }

    /** Likely and possible duplicates of a stored customer, best first. */
    public List<Candidate> candidatesFor(String id) {
        return candidatesFor(id, Scope.NONE);
    }

    /**
     * As {@link #candidatesFor(String)} for a key with a scope: the customer must be within it (else not found)
     * and so must the candidates (the scope is part of the candidate query).
     */
    public List<Candidate> candidatesFor(String id, Scope scope) {
        Customer c = getOrMergedAway(id, scope); // a merged-away id names its survivor, as a read of it does
        if (!scope.matches(c)) {
            throw new CustomerNotFoundException(id);
        }
        return score(c, finder.find(c, CANDIDATES, scope)).stream()
                .map(x -> new Candidate(x.customer(), x.result(), x.pairId(), pairs.statusOf(c, x.customer())))
                .toList();
    }

    /**
     * The customer with this id, or, when a merge removed it, {@link MergedAwayException} naming the record that
     * holds its data now (followed through later merges of that survivor) if that one exists within the scope;
     * otherwise {@link CustomerNotFoundException} as for any unknown id.
     */
    public Customer getOrMergedAway(String id, Scope scope) {
        java.util.Optional<Customer> found = store.find(id);
        if (found.isPresent()) {
            return found.get();
        }
        MergedAwayException gone = mergedAway(store, pairs, id, scope);
        if (gone != null) {
            throw gone;
        }
        throw new CustomerNotFoundException(id);
    }

    /** For a customer id no stored customer has: where a merge put its data, as {@link #getOrMergedAway} says. */
    private static MergedAwayException mergedAway(CustomerStore store, DuplicatePairs pairs, String id,
            Scope scope) {
        String current = id;
        String firstMerge = null;
        for (int hops = 0; hops < 100; hops++) {
            DuplicatePairs.Merge m = pairs.mergeOf(current);
            if (m == null) {
                break;
            }
            firstMerge = firstMerge == null ? m.mergeId() : firstMerge;
            current = m.survivorBefore().id();
            java.util.Optional<Customer> survivor = store.find(current);
            if (survivor.isPresent()) {
                return scope.matches(survivor.get()) ? new MergedAwayException(id, current, firstMerge) : null;
            }
        }
        return null;
    }

    /**
     * When no stored customer has this external id and a merge removed the one that had it (not undone), throws
     * {@link MergedAwayException} naming the record that holds its data now, as {@link #getOrMergedAway} does for
     * its id: a system that syncs by external id is told where the record went instead of creating it again.
     */
    public void requireNotMergedAway(String externalId, Scope scope) {
        if (externalId == null || externalId.isBlank()) {
            return;
        }
        DuplicatePairs.Merge m = pairs.mergeOfExternalId(externalId);
        if (m == null || store.findByExternalId(externalId).isPresent()) {
            return;
        }
        try {
            getOrMergedAway(m.otherBefore().id(), scope);
        } catch (CustomerNotFoundException e) {
            // the survivor is gone too (deleted) or outside the scope: the external id is free
        }
    }

    /** {@link #mergedAwayExternalId(CustomerStore, DuplicatePairs, String, Scope)} with this service's store. */
    public MergedAwayException mergedAwayExternalId(String externalId, Scope scope) {
        return mergedAwayExternalId(store, pairs, externalId, scope);
    }

    /**
     * Why an imported row with this external id must not be written (see
     * {@link #mergedAwayExternalId(CustomerStore, DuplicatePairs, String, Scope)}), or null when it may be.
     */
    public static String importRefusal(CustomerStore store, DuplicatePairs pairs, String externalId) {
        MergedAwayException e = mergedAwayExternalId(store, pairs, externalId, Scope.NONE);
        return e == null ? null : e.getMessage() + " (merge " + e.mergeId() + "); write to that customer instead, or "
                + "undo the merge first";
    }

    /**
     * When no stored customer has this external id and a merge removed the one that had it (not undone), the merge
     * and the record holding its data now (within the scope), as {@link #requireNotMergedAway} tells a PUT; else
     * null. For imports and bulk writes, whose rows for such a record are refused instead of creating it again. The
     * common case, an external id no merge removed, costs one map look-up.
     */
    public static MergedAwayException mergedAwayExternalId(CustomerStore store, DuplicatePairs pairs,
            String externalId, Scope scope) {
        if (externalId == null || externalId.isBlank()) {
            return null;
        }
        DuplicatePairs.Merge m = pairs.mergeOfExternalId(externalId);
        if (m == null || store.findByExternalId(externalId).isPresent()) {
            return null;
        }
        String removed = m.otherBefore().id();
        if (store.find(removed).isPresent()) {
            return null;
        }
        MergedAwayException gone = mergedAway(store, pairs, removed, scope);
        return gone == null ? null
                : new MergedAwayException("with external_id " + externalId, gone.survivorId(), gone.mergeId());
    }

    /** Likely and possible duplicates of a customer that is not stored (validated first), best first. */
    public List<Candidate> check(Customer input) {
        return check(input, Scope.NONE);
    }

    /** As {@link #check(Customer)}, only candidates within a key's scope. */
    public List<Candidate> check(Customer input, Scope scope) {
        Customer clean = store.validator().clean(input.withId(null));
        Customer probe = clean.withId("~probe");
        // A customer created a moment ago (a form submitted twice) is among the candidates: the index acknowledges
        // a write only once searches see it.
        return score(probe, finder.find(probe, CANDIDATES, scope)).stream()
                .map(x -> new Candidate(x.customer(), x.result(), null)).toList();
    }

    /**
     * Up to {@code max} stored customers other than {@code exceptId} with one of these e-mail keys
     * ({@link BlockingKeys#emailKey}: the same address in any case) or a phone with one of these national numbers
     * ({@link CandidateFinder#nationalNumbers}: the same number with or without its country code or trunk prefix).
     * Sees refreshed writes.
     */
    public List<Customer> sharingContacts(java.util.Collection<String> emailKeys,
                                          java.util.Collection<String> nationalNumbers, String exceptId, int max) {
        return finder.sharingContacts(emailKeys, nationalNumbers, exceptId, max);
    }

    private List<Candidate> score(Customer c, List<Customer> candidates) {
        List<Candidate> out = new ArrayList<>();
        for (Customer other : candidates) {
            MatchResult r = scorer.score(c, other);
            if (r.decision().isMatch()) {
                out.add(new Candidate(other, r, c.id() == null ? null : DuplicatePairs.pairId(c.id(), other.id())));
            }
        }
        out.sort(Comparator.comparingDouble((Candidate x) -> x.result().score()).reversed());
        return out;
    }

    /**
     * Scores the candidates of freshly stored customers and puts likely and possible pairs into the review queue
     * (for imports with a duplicate check). The customers are stored, so searches see them already: the index
     * refreshes its searchers before it acknowledges a write. @return pairs found
     */
    public int recordCandidates(List<Customer> customers) {
        List<DuplicatePairs.Found> found = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Customer c : customers) {
            for (Candidate x : score(c, finder.find(c, CANDIDATES))) {
                // Two new records that are duplicates of each other find each other: one pair.
                if (seen.add(x.pairId())) {
                    found.add(new DuplicatePairs.Found(c, x.customer(), x.result()));
                }
            }
        }
        pairs.record(found);
        return found.size();
    }

    /** Threads that read and score during a scan: the machine's cores. */
    private static final int SCAN_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    /** Customers a scan thread takes at a time. */
    private static final int SCAN_CHUNK = 256;

    /**
     * Starts a scan of the whole base; poll {@link #job}. A {@link CandidateScan} snapshot of the index is read first
     * (every customer once), then {@link #SCAN_THREADS} threads score each customer against its candidates.
     */
    public Job startScan() {
        return startScan(null);
    }

    /** As {@link #startScan()}, for the API key {@code startedBy} (its id; null for none). */
    public Job startScan(String startedBy) {
        // Every count of a scan reads 0 from its start, rather than being absent until something is found.
        return jobs.start("dedup", startedBy, List.of("likely", "possible", "candidates", "pairs_new", "pairs_updated",
                "kept_dismissed"), progress -> {
            // Every write acknowledged before the scan was asked for is part of it, refreshed into the searcher or not.
            store.index().refresh();
            progress.total(store.index().count());
            CandidateScan snapshot = CandidateScan.open(store.index(), SCAN_THREADS);
            progress.total(snapshot.size());
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newFixedThreadPool(
                    SCAN_THREADS, r -> {
                        Thread t = new Thread(r, "clientele-dedup-scan");
                        t.setDaemon(true);
                        return t;
                    });
            List<java.util.concurrent.Future<?>> running = new ArrayList<>();
            for (int w = 0; w < SCAN_THREADS; w++) {
                running.add(workers.submit(() -> {
                    CandidateScan.Reader reader = snapshot.reader();
                    List<DuplicatePairs.Found> buffer = new ArrayList<>();
                    // A cancelled scan stops after its current chunk; the pairs found so far are recorded.
                    for (int from = next.getAndAdd(SCAN_CHUNK); from < snapshot.size() && !progress.cancelled();
                         from = next.getAndAdd(SCAN_CHUNK)) {
                        int to = Math.min(snapshot.size(), from + SCAN_CHUNK);
                        long candidates = 0;
                        for (int n = from; n < to; n++) {
                            List<Customer> others = reader.candidates(n, CANDIDATES);
                            if (others.isEmpty()) {
                                continue;
                            }
                            candidates += others.size();
                            Customer c = snapshot.customer(n);
                            for (Customer other : others) {
                                MatchResult r = scorer.scoreIfMatch(c, other);
                                if (r != null) {
                                    buffer.add(new DuplicatePairs.Found(c, other, r));
                                    progress.count(r.decision().wire(), 1);
                                }
                            }
                        }
                        progress.count("candidates", candidates);
                        if (buffer.size() >= 500) {
                            flush(buffer, progress);
                        }
                        progress.advance(to - from);
                    }
                    flush(buffer, progress);
                    return null;
                }));
            }
            try {
                for (java.util.concurrent.Future<?> f : running) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("scan interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("scan failed: " + e.getCause(), e.getCause());
            } finally {
                workers.shutdownNow();
            }
        });
    }

    private void flush(List<DuplicatePairs.Found> buffer, Jobs.Progress progress) {
        if (buffer.isEmpty()) {
            return;
        }
        DuplicatePairs.Recorded r = pairs.record(buffer);
        progress.count("pairs_new", r.added());
        progress.count("pairs_updated", r.updated());
        progress.count("kept_dismissed", r.keptDismissed());
        buffer.clear();
    }

    /** Review pairs and merges that involve a customer. */
    public List<Object> reviewRecordsAbout(String customerId) {
        return pairs.about(customerId);
    }

    /**
     * Cancels a scan: a queued one never runs, a running one stops after the chunk each thread is scoring; the pairs
     * it found so far stay in the review queue. Empty for an unknown id.
     */
    public Optional<Job> cancelScan(String id) {
        return job(id).flatMap(j -> jobs.cancel(id));
    }

    public Optional<Job> job(String id) {
        return jobs.get(id).filter(j -> j.kind().equals("dedup"));
    }

    /** One group of the review queue: customers linked by pending pairs (A~B and B~C make one group). */
    public record Group(String groupId, double score, List<Customer> customers, List<DuplicatePairs.Pair> pairs) {
    }

    /**
     * A page of the queue; {@code rescoring} says how far a rescore of every pending pair under changed rules or
     * settings is while one runs (the queue shows some pairs as they were scored before it), else null.
     */
    public record QueuePage(List<Group> groups, int total, String nextCursor, PairRescorer.Progress rescoring) {
    }

    /**
     * The review queue: pairs with the given status and at least {@code minScore}, whose customers both still
     * exist, grouped transitively, best group first.
     */
    public QueuePage queue(DuplicatePairs.Status status, double minScore, String cursor, int limit) {
        return queue(status, minScore, cursor, limit, Scope.NONE);
    }

    /**
     * As {@link #queue(DuplicatePairs.Status, double, String, int)} for a key with a scope: only pairs whose
     * customers are all within it (of a merged pair, the one that is left).
     */
    public QueuePage queue(DuplicatePairs.Status status, double minScore, String cursor, int limit, Scope scope) {
        List<Draft> drafts = drafts(status, minScore, scope);
        int offset = start(drafts, cursor);
        int end = Math.min(drafts.size(), offset + limit);
        List<Group> page = new ArrayList<>();
        for (Draft d : offset >= drafts.size() ? List.<Draft>of() : drafts.subList(offset, end)) {
            List<Customer> customers = d.ids().stream().map(store::find).flatMap(Optional::stream).toList();
            page.add(new Group(d.groupId(), d.score(), customers, d.pairs()));
        }
        return new QueuePage(page, drafts.size(), end < drafts.size() && end > 0 ? cursor(drafts.get(end - 1)) : null,
                rescorer.rescoring().orElse(null));
    }

    /*
     * A cursor names the last group of the page it ends (its score and id, the queue's order), not a position: a
     * caller who merges or dismisses the groups of a page and then asks for the next one gets the groups after
     * them, where a position would skip as many groups as were decided. "k" + the score's bits in hex + "." + id.
     */
    private static String cursor(Draft last) {
        return "k" + Long.toHexString(Double.doubleToLongBits(last.score())) + "." + last.groupId();
    }

    /** The index of the first group after the cursor's; 0 without one. */
    private static int start(List<Draft> drafts, String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return 0;
        }
        int dot = cursor.indexOf('.');
        if (cursor.startsWith("k") && dot > 1) {
            double score;
            try {
                score = Double.longBitsToDouble(Long.parseUnsignedLong(cursor.substring(1, dot), 16));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cursor is not one this server made");
            }
            String groupId = cursor.substring(dot + 1);
            int i = 0;
            while (i < drafts.size() && (drafts.get(i).score() > score
                    || drafts.get(i).score() == score && drafts.get(i).groupId().compareTo(groupId) <= 0)) {
                i++;
            }
            return i;
        }
        try {
            return Math.max(0, Integer.parseInt(cursor)); // a position, as cursors were made before
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cursor is not one this server made");
        }
    }

    /** A group of the queue before its customers are read. */
    private record Draft(String groupId, double score, TreeSet<String> ids, List<DuplicatePairs.Pair> pairs) {
    }

    /** The queue's groups as last computed, and from which state of the pairs and of the index. */
    private record Drafts(DuplicatePairs.Status status, double minScore, long pairsVersion, long indexSequence,
                          List<Draft> drafts) {
    }

    private volatile Drafts lastDrafts;

    /**
     * The queue's groups, best first. Computing them checks every pair's records for existence (a second or so
     * with 30k pairs at 1M customers), so they are kept until a pair or any customer changes: the next page of an
     * unchanged queue, or coming back to it, reuses them. A scoped key's queue needs the records to check them
     * against its scope and is not kept.
     */
    private List<Draft> drafts(DuplicatePairs.Status status, double minScore, Scope scope) {
        // Versions are read before the state they describe, so a change meanwhile makes the result stale, not wrong.
        long pairsVersion = pairs.version();
        long indexSequence = store.index().changeCount();
        Drafts last = lastDrafts;
        boolean unscoped = scope.unrestricted();
        if (unscoped && last != null && last.status() == status && last.minScore() == minScore
                && last.pairsVersion() == pairsVersion && last.indexSequence() == indexSequence) {
            return last.drafts();
        }
        List<DuplicatePairs.Pair> candidates = new ArrayList<>();
        java.util.Set<String> pairIds = new java.util.HashSet<>();
        for (DuplicatePairs.Pair p : pairs.all()) {
            if (p.status() == status && p.score() >= minScore) {
                candidates.add(p);
                pairIds.add(p.leftId());
                pairIds.add(p.rightId());
            }
        }
        List<DuplicatePairs.Pair> selected = new ArrayList<>();
        if (!unscoped) {
            Map<String, Boolean> inScope = new HashMap<>();
            for (DuplicatePairs.Pair p : candidates) {
                if (inScope(p, scope, inScope)) {
                    selected.add(p);
                }
            }
        } else {
            java.util.Set<String> exists = status == DuplicatePairs.Status.MERGED ? pairIds : store.existing(pairIds);
            for (DuplicatePairs.Pair p : candidates) {
                if (exists.contains(p.leftId()) && exists.contains(p.rightId())) {
                    selected.add(p);
                }
            }
        }
        // Union-find over the selected pairs.
        Map<String, String> parent = new HashMap<>();
        for (DuplicatePairs.Pair p : selected) {
            union(parent, p.leftId(), p.rightId());
        }
        Map<String, List<DuplicatePairs.Pair>> byRoot = new LinkedHashMap<>();
        for (DuplicatePairs.Pair p : selected) {
            byRoot.computeIfAbsent(find(parent, p.leftId()), k -> new ArrayList<>()).add(p);
        }
        List<Draft> drafts = new ArrayList<>();
        for (List<DuplicatePairs.Pair> ps : byRoot.values()) {
            ps.sort(Comparator.comparingDouble(DuplicatePairs.Pair::score).reversed());
            TreeSet<String> ids = new TreeSet<>();
            ps.forEach(p -> {
                ids.add(p.leftId());
                ids.add(p.rightId());
            });
            drafts.add(new Draft("g_" + ids.first(), ps.get(0).score(), ids, ps));
        }
        drafts.sort(Comparator.comparingDouble(Draft::score).reversed().thenComparing(Draft::groupId));
        List<Draft> sorted = List.copyOf(drafts);
        if (unscoped) {
            lastDrafts = new Drafts(status, minScore, pairsVersion, indexSequence, sorted);
        }
        return sorted;
    }

    /** Whether every customer of a pair that still exists is within the scope, and at least one exists. */
    private boolean inScope(DuplicatePairs.Pair p, Scope scope, Map<String, Boolean> memo) {
        int present = 0;
        for (String id : List.of(p.leftId(), p.rightId())) {
            Optional<Customer> c = store.find(id);
            if (c.isPresent()) {
                present++;
                if (!memo.computeIfAbsent(id, k -> scope.matches(c.get()))) {
                    return false;
                }
            } else if (p.status() != DuplicatePairs.Status.MERGED) {
                return false;
            }
        }
        return present > 0;
    }

    /** The pair's customers, if both exist and are within the scope; otherwise the pair is not found. */
    private void requireInScope(DuplicatePairs.Pair pair, Scope scope) {
        if (scope.unrestricted()) {
            return;
        }
        for (String id : List.of(pair.leftId(), pair.rightId())) {
            if (!store.find(id).map(scope::matches).orElse(false)) {
                throw new ReviewNotFoundException("no duplicate pair " + pair.pairId());
            }
        }
    }

    private static String find(Map<String, String> parent, String x) {
        String p = parent.getOrDefault(x, x);
        if (p.equals(x)) {
            return x;
        }
        String root = find(parent, p);
        parent.put(x, root);
        return root;
    }

    private static void union(Map<String, String> parent, String a, String b) {
        String ra = find(parent, a);
        String rb = find(parent, b);
        if (!ra.equals(rb)) {
            // The smaller id is the root, so group ids are stable.
            if (ra.compareTo(rb) < 0) {
                parent.put(rb, ra);
            } else {
                parent.put(ra, rb);
            }
        }
    }

    /** The outcome of a merge. */
    public record MergeOutcome(String mergeId, String pairId, Customer survivor, String removedId) {
    }

    /**
     * Merges a pending pair: the survivor (default: the older record) keeps its id and takes the merged data; the
     * other record is deleted. {@code choices} map fields to {@code "a"} (the pair's first customer), {@code "b"}
     * (its second) or a customer id.
     *
     * @throws ReviewNotFoundException for an unknown pair
     * @throws MergeConflictException when the pair is not pending, a record is gone or changed meanwhile
     */
    public MergeOutcome merge(String pairId, String survivorId, Map<String, String> choices) {
        return merge(pairId, survivorId, choices, Scope.NONE);
    }

    /** As {@link #merge(String, String, Map)} for a key with a scope: both customers must be within it. */
    public MergeOutcome merge(String pairId, String survivorId, Map<String, String> choices, Scope scope) {
        return merge(pairId, survivorId, choices, Map.of(), scope);
    }

    /**
     * As {@link #merge(String, String, Map, Scope)}, only if the customers named in {@code versions} (id → version)
     * are still at those versions: the records the reviewer looked at and made choices for.
     *
     * @throws VersionConflictException when one of them changed since
     * @throws IllegalArgumentException when {@code versions} names a customer that is not in the pair
     */
    public MergeOutcome merge(String pairId, String survivorId, Map<String, String> choices,
                              Map<String, Long> versions, Scope scope) {
        DuplicatePairs.Pair pair = pair(pairId, scope);
        requireInScope(pair, scope);
        if (pair.status() != DuplicatePairs.Status.PENDING) {
            throw new MergeConflictException("pair " + pairId + " is " + pair.status() + ", not pending");
        }
        Customer left = store.find(pair.leftId()).orElseThrow(() ->
                new MergeConflictException("customer " + pair.leftId() + " no longer exists"));
        Customer right = store.find(pair.rightId()).orElseThrow(() ->
                new MergeConflictException("customer " + pair.rightId() + " no longer exists"));
        for (Map.Entry<String, Long> v : versions.entrySet()) {
            Customer c = v.getKey().equals(left.id()) ? left : v.getKey().equals(right.id()) ? right : null;
            if (c == null) {
                throw new IllegalArgumentException("versions: " + v.getKey() + " is not a customer of pair " + pairId);
            }
            if (!c.version().equals(v.getValue())) {
                throw new VersionConflictException(c.id(), v.getValue(), c.version());
            }
        }
        Customer survivor;
        if (survivorId == null || survivorId.isBlank()) {
            survivor = right.createdAt().isBefore(left.createdAt()) ? right : left;
        } else if (survivorId.equals(left.id()) || survivorId.equals(right.id())) {
            survivor = survivorId.equals(left.id()) ? left : right;
        } else {
            throw new IllegalArgumentException("survivor must be " + left.id() + " or " + right.id());
        }
        Customer other = survivor == left ? right : left;
        Map<String, String> sides = new HashMap<>();
        for (Map.Entry<String, String> e : choices.entrySet()) {
            String v = e.getValue();
            boolean leftChosen = "a".equals(v) || left.id().equals(v);
            boolean rightChosen = "b".equals(v) || right.id().equals(v);
            if (!leftChosen && !rightChosen) {
                throw new IllegalArgumentException("choice for '" + e.getKey() + "' must be \"a\", \"b\" or one of "
                        + "the pair's customer ids");
            }
            sides.put(e.getKey(), (leftChosen == (survivor == left)) ? "a" : "b");
        }
        Customer merged = Merger.merge(survivor, other, sides);
        if (!scope.matches(merged)) {
            throw new OutOfScopeException("the merged customer would be outside the key's scope");
        }
        String mergeId = "m_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        if (!pairs.startMerge(pairId, mergeId, survivor, other, merged)) {
            throw new MergeConflictException("pair " + pairId + " was decided by someone else just now");
        }
        // Any failure from here on (a record changed meanwhile, a refused write such as a full disk) abandons the
        // merge, so the pair is pending again; a failure that leaves the survivor merged is finished by recover().
        Customer stored;
        try {
            WriteResult w = store.replace(survivor.id(), merged, survivor.version());
            stored = w.customer();
        } catch (VersionConflictException | CustomerNotFoundException e) {
            pairs.finishMerge(mergeId, null);
            throw new MergeConflictException("customer " + survivor.id() + " changed during the merge; try again");
        } catch (RuntimeException e) {
            pairs.finishMerge(mergeId, null); // nothing was written
            throw e;
        }
        try {
            store.delete(other.id(), other.version());
        } catch (RuntimeException e) {
            try {
                store.restoreExactly(List.of(survivor), Map.of(survivor.id(), stored.version()));
                pairs.finishMerge(mergeId, null);
            } catch (RuntimeException again) {
                e.addSuppressed(again); // the survivor stays merged: recover() completes the merge at the next start
            }
            if (e instanceof VersionConflictException || e instanceof CustomerNotFoundException) {
                throw new MergeConflictException("customer " + other.id() + " changed during the merge; try again");
            }
            throw e;
        }
        pairs.finishMerge(mergeId, stored);
        // The survivor holds the other record's data now. Its duplicates are looked for again, so that a record that
        // matched only the removed one (A~B and B~C, A and B merged: C) stays in the queue, paired with the
        // survivor, and the survivor's pending pairs are explained by what it holds now, not before the merge.
        try {
            recordCandidates(List.of(stored));
        } catch (RuntimeException e) {
            LOG.warn("merge {} done; looking for the survivor's other duplicates failed: {}", mergeId, e.toString());
        }
        return new MergeOutcome(mergeId, pairId, stored, other.id());
    }

    /**
     * The pair with this id from the review queue. A pair not in it yet, such as one a lookup handed out
     * ({@link #candidatesFor}: its {@code pair_id}) before any scan, is scored now and put into the queue if its
     * customers are likely or possible duplicates, so every pair id the API gives can be merged or dismissed.
     *
     * @throws ReviewNotFoundException when there is no such pair (or a customer is outside the scope)
     */
    private DuplicatePairs.Pair pair(String pairId, Scope scope) {
        Optional<DuplicatePairs.Pair> known = pairs.get(pairId);
        if (known.isPresent()) {
            return known.get();
        }
        int sep = pairId.indexOf('_');
        if (sep > 0) {
            String a = pairId.substring(0, sep);
            String b = pairId.substring(sep + 1);
            Optional<Customer> left = pairId.equals(DuplicatePairs.pairId(a, b)) ? store.find(a) : Optional.empty();
            Optional<Customer> right = left.isPresent() ? store.find(b) : Optional.empty();
            if (right.isPresent() && scope.matches(left.get()) && scope.matches(right.get())) {
                MatchResult r = scorer.score(left.get(), right.get());
                if (r.decision().isMatch()) {
                    pairs.record(List.of(new DuplicatePairs.Found(left.get(), right.get(), r)));
                    known = pairs.get(pairId);
                }
            }
        }
        return known.orElseThrow(() -> new ReviewNotFoundException("no duplicate pair " + pairId));
    }

    /** Dismisses a pending pair; it stays dismissed in later scans unless a record changes materially. */
    public void dismiss(String pairId) {
        dismiss(pairId, Scope.NONE);
    }

    /** As {@link #dismiss(String)} for a key with a scope: both customers must be within it. Returns the pair. */
    public DuplicatePairs.Pair dismiss(String pairId, Scope scope) {
        DuplicatePairs.Pair pair = pair(pairId, scope);
        requireInScope(pair, scope);
        // What is dismissed is the records as they are now (a reviewer sees them so, not as the last scan found
        // them): a later scan keeps the pair dismissed unless one changes after this.
        Optional<Customer> left = store.find(pair.leftId());
        Optional<Customer> right = store.find(pair.rightId());
        String fingerprint = left.isPresent() && right.isPresent()
                ? DuplicatePairs.fingerprint(left.get(), right.get()) : null;
        if (!pairs.dismiss(pairId, fingerprint)) {
            throw new MergeConflictException("pair " + pairId + " is " + pair.status() + ", not pending");
        }
        return pair;
    }

    /** Undoes a merge: both records come back exactly as they were; the pair is pending again. */
    public List<Customer> undo(String mergeId) {
        return undo(mergeId, Scope.NONE);
    }

    /** As {@link #undo(String)} for a key with a scope: both customers as they were must be within it. */
    public List<Customer> undo(String mergeId, Scope scope) {
        DuplicatePairs.Merge m = pairs.merge(mergeId)
                .orElseThrow(() -> new ReviewNotFoundException("no merge " + mergeId));
        if (m.survivorBefore() != null && m.otherBefore() != null
                && !(scope.matches(m.survivorBefore()) && scope.matches(m.otherBefore()))) {
            throw new ReviewNotFoundException("no merge " + mergeId);
        }
        if (m.undone() || !m.done()) {
            throw new MergeConflictException("merge " + mergeId + " was already undone or did not complete");
        }
        List<Customer> restored;
        try {
            Map<String, Long> expected = new HashMap<>();
            expected.put(m.survivorBefore().id(), m.merged().version());
            restored = store.restoreExactly(List.of(m.survivorBefore(), m.otherBefore()), expected);
        } catch (VersionConflictException e) {
            String later = pairs.merges().stream().filter(x -> x.done() && !x.undone() && x.at().isAfter(m.at())
                    && x.survivorBefore().id().equals(m.survivorBefore().id())).reduce((x, y) -> y)
                    .map(DuplicatePairs.Merge::mergeId).orElse(null);
            throw new MergeConflictException(later != null
                    ? "customer " + m.survivorBefore().id() + " took part in a later merge, " + later
                    + "; undo that one first"
                    : "the merged customer changed after the merge (or the removed one came back); undo would lose "
                    + "those changes");
        }
        pairs.undone(mergeId);
        // The removed record's other pending pairs left the queue when the merge deleted it: looked for again, as
        // they would be by a scan, and the survivor's pairs are scored on its data as restored.
        try {
            recordCandidates(restored);
        } catch (RuntimeException e) {
            LOG.warn("undo of merge {} done; looking for the records' other duplicates failed: {}", mergeId,
                    e.toString());
        }
        return restored;
    }

    /**
     * Makes an old version of a customer current again ({@link CustomerStore#restoreVersion}), deleted since or not,
     * and looks for its duplicates at once, as an undone merge does: its pairs left the queue when it was deleted or
     * changed into someone else, and a restored record matches what the old one matched. @return the store's result
     */
    public WriteResult restoreVersion(String id, long version, Long expectedVersion) {
        WriteResult r = store.restoreVersion(id, version, expectedVersion);
        if (r.outcome() != WriteResult.Outcome.UNCHANGED) {
            try {
                recordCandidates(List.of(r.customer()));
            } catch (RuntimeException e) {
                LOG.warn("customer {} restored to version {}; looking for its duplicates failed: {}", id, version,
                        e.toString());
            }
        }
        return r;
    }

    /** Completes or abandons merges a crash interrupted. Call once at start. */
    public void recover() {
        for (DuplicatePairs.Merge m : pairs.unfinishedMerges()) {
            Optional<Customer> survivor = store.find(m.survivorBefore().id());
            Optional<Customer> other = store.find(m.otherBefore().id());
            boolean survivorMerged = survivor.isPresent() && survivor.get().sameDataAs(m.merged());
            if (survivorMerged) {
                other.filter(o -> o.version().equals(m.otherBefore().version()))
                        .ifPresent(o -> store.delete(o.id(), o.version()));
                pairs.finishMerge(m.mergeId(), survivor.get());
                LOG.info("completed merge {} interrupted by a crash", m.mergeId());
            } else {
                pairs.finishMerge(m.mergeId(), null);
                LOG.info("abandoned merge {} interrupted by a crash before it changed anything", m.mergeId());
            }
        }
    }

    @Override
    public void close() {
        pairs.close();
    }
}
