package dev.clientele.dedup;

import dev.clientele.customer.Address;
import dev.clientele.customer.Customer;
import dev.clientele.journal.Journal;
import dev.clientele.json.Json;
import dev.clientele.text.Emails;
import dev.clientele.text.Folding;
import dev.clientele.text.Phones;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The review state of duplicate candidates: pairs with their status, dismissals and merges, kept in memory and
 * made durable in a {@link Journal} ({@code <data>/dedup/review.ndjson}) before any change is acknowledged.
 *
 * <p><b>Dismissals</b> remember a fingerprint of both records' match-relevant data; a dismissed pair found again
 * stays dismissed unless that fingerprint changed (a record changed materially).
 *
 * <p>Thread-safe: all methods are synchronized; they are quick (the journal's fsync is the slow part).
 */
public final class DuplicatePairs implements AutoCloseable {
    /** Where a pair is in review. */
    public enum Status {
        PENDING, DISMISSED, MERGED;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A pair as the review queue shows it. Its id is the two customer ids, in order, joined by '_'. */
    public record Pair(String pairId, String leftId, String rightId, double score, MatchDecision decision,
                       List<FieldContribution> fields, String fingerprint, Status status, Instant foundAt,
                       Instant decidedAt, String mergeId) {
        Pair with(Status newStatus, Instant at, String newMergeId) {
            return new Pair(pairId, leftId, rightId, score, decision, fields, fingerprint, newStatus, foundAt, at,
                    newMergeId);
        }
    }

    /** A merge, kept so it can be undone exactly. */
    public record Merge(String mergeId, String pairId, Customer survivorBefore, Customer otherBefore, Customer merged,
                        Instant at, boolean done, boolean undone) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(DuplicatePairs.class);

    private final Journal<ReviewEvent> journal;
    private final Clock clock;
    private final Map<String, Pair> pairs = new LinkedHashMap<>();
    private final Map<String, String> dismissed = new LinkedHashMap<>();
    private final Map<String, Merge> merges = new LinkedHashMap<>();
    /**
     * Customer id → ids of its pending pairs. Changed under this object's lock; its keys are read without it by
     * {@link #hasPending}, which every write of a customer asks (an import's too), so that costs one hash look-up.
     */
    private final Map<String, java.util.Set<String>> pendingByCustomer = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * Pending pair id → the versions of its left and right record when it was last scored, where the journal says
     * (lines written before versions were recorded do not): the start's check for records changed since
     * ({@link #pendingScoredVersions}), and {@link #rescored}'s test that a rescore changed nothing.
     */
    private final Map<String, long[]> scoredVersions = new java.util.HashMap<>();
    /** {@link #mergeOfExternalId} for every external id, built when first asked after a change; null when stale. */
    private Map<String, Merge> byRemovedExternalId;
    /** Every event, in order: what the journal holds, for erasing a customer's from it. */
    private final List<ReviewEvent> events = new ArrayList<>();
    /**
     * Where each of {@link #events} lies in the journal (same index), packed as {@code offset << 24 | length}, 8
     * bytes an event: an erasure overwrites just those lines instead of copying the journal (30 s at a million).
     */
    private long[] spans = new long[1024];
    /** False once a span was found not to hold its record: erasures then copy the journal, as before. */
    private boolean spansKnown = true;
    private static final int LENGTH_BITS = 24;
    /** Counts changes of pairs and merges, so readers can tell whether what they derived from them is current. */
    private long version;

    /**
     * Superseded scores in the journal (see {@link #compact}) from which it is rewritten without them, at open and
     * while running: a rewrite costs about as much as reading the journal, so only when it saves a good part of every
     * later start.
     */
    static final int COMPACT_FROM = 10_000;

    private final int compactFrom;
    /**
     * Scores recorded since superseded scores were last counted: once there are {@link #compactFrom}, they are
     * counted again (and the journal compacted when enough are superseded) on {@link #compactor}.
     */
    private int scoresSinceCompaction;
    private boolean compactionQueued;
    private boolean closed;
    /**
     * Runs a compaction while the server runs, off the thread that recorded the score (a customer's writer). It holds
     * this object's lock only to plan it and to install the copy, not while it copies (see {@link #plan}).
     */
    private final java.util.concurrent.Executor compactor;
    /** {@link #compactor} when this object made it (and shuts it down at close), else null. */
    private final java.util.concurrent.ExecutorService ownCompactor;
    /** The {@link ScoringRules} fingerprint the journal last recorded (SCORING), or null for none. */
    private String scoringRules;

    /** The journal's length as found at open, before anything was cut or compacted (-1: no file). */
    private final long bytesAtOpen;

    private static long sizeOf(Path file) {
        try {
            return java.nio.file.Files.exists(file) ? java.nio.file.Files.size(file) : -1;
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    /**
     * The journal's length as it was found at open (before a compaction), -1 when there was none: with
     * {@link #bytesNow()} at a clean stop, it tells a start whether the journal is the one that stop left.
     */
    public long bytesAtOpen() {
        return bytesAtOpen;
    }

    /** The journal's length now (after {@link #close}: as the next open will find it). */
    public long bytesNow() {
        return sizeOf(journal.file());
    }

    private DuplicatePairs(Path file, Clock clock, int compactFrom, java.util.concurrent.Executor compactor) {
        this.clock = clock;
        this.compactFrom = compactFrom;
        if (compactor == null) {
            this.ownCompactor = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "clientele-review-compaction");
                t.setDaemon(true);
                return t;
            });
            this.compactor = ownCompactor;
        } else {
            this.ownCompactor = null;
            this.compactor = compactor;
        }
        this.bytesAtOpen = sizeOf(file);
        this.journal = Journal.openWithSpans(file, ReviewEvent.class, this::apply);
        compact(compactFrom);
        scoresSinceCompaction = 0;
    }

    /** Copies the review journal, consistent with every decision recorded so far, to {@code target}. */
    public synchronized void copyJournalTo(java.nio.file.Path target) throws java.io.IOException {
        journal.copyTo(target);
    }

    /** As {@link #forget(Collection)} for one customer. */
    public void forget(String customerId) {
        forget(List.of(customerId));
    }

    /**
     * Forgets everything about customers (erasure): pairs they are part of and merges that hold their data are
     * dropped, and their lines in the journal are overwritten with spaces, once for all of them, before this
     * returns (so none of their data is left in the file). That costs the lines erased, not the journal: copying a
     * million decisions (1.1 GB) took about 30 s per erasure. A journal that mentions none of them is left as it is.
     *
     * @return whether the journal was changed
     */
    public synchronized boolean forget(Collection<String> customerIds) {
        java.util.Set<String> erased = new java.util.HashSet<>(customerIds);
        java.util.Set<String> pairIds = new java.util.HashSet<>();
        java.util.Set<String> mergeIds = new java.util.HashSet<>();
        for (ReviewEvent e : events) {
            boolean mentions = e.pairId() != null
                    && java.util.Arrays.stream(e.pairId().split("_")).anyMatch(erased::contains)
                    || e.survivorBefore() != null && erased.contains(e.survivorBefore().id())
                    || e.otherBefore() != null && erased.contains(e.otherBefore().id())
                    || e.merged() != null && erased.contains(e.merged().id());
            if (mentions) {
                if (e.pairId() != null) {
                    pairIds.add(e.pairId());
                }
                if (e.mergeId() != null) {
                    mergeIds.add(e.mergeId());
                }
            }
        }
        if (pairIds.isEmpty() && mergeIds.isEmpty()) {
            return false;
        }
        java.util.function.Predicate<ReviewEvent> dropped = e -> pairIds.contains(e.pairId())
                || e.mergeId() != null && mergeIds.contains(e.mergeId());
        List<Journal.Span> erase = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (dropped.test(events.get(i))) {
                erase.add(new Journal.Span(spans[i] >>> LENGTH_BITS, (int) (spans[i] & ((1L << LENGTH_BITS) - 1))));
            }
        }
        boolean blanked = false;
        if (spansKnown) {
            try {
                journal.blank(erase);
                blanked = true;
            } catch (IllegalStateException e) {
                LOG.warn("the review journal's records are not where they were read; it is copied without the "
                        + "erased instead ({})", e.getMessage());
                spansKnown = false;
            }
        }
        erasures++; // a compaction copying meanwhile may hold the lines just erased
        if (!blanked) {
            rewriteWithout(pairIds, mergeIds, dropped);
        }
        // What replaying the kept events would rebuild: an event changes only the entries of its own pair and merge,
        // and every event of a dropped merge is of a dropped pair (the pair of the two merged records).
        version++;
        int kept = 0;
        for (int i = 0; i < events.size(); i++) {
            if (!dropped.test(events.get(i))) {
                events.set(kept, events.get(i));
                spans[kept++] = spans[i];
            }
        }
        events.subList(kept, events.size()).clear();
        pairIds.forEach(id -> setPair(id, null));
        dismissed.keySet().removeAll(pairIds);
        merges.keySet().removeAll(mergeIds);
        byRemovedExternalId = null; // built again from the merges left
        return true;
    }

    /**
     * The journal copied without the dropped records (when their places in it are not known). The lines are copied
     * as they are, judged by their top-level pair_id and merge_id (the first of each in a line: nested customers and
     * explanations carry neither); should that ever keep another number of records than the events, the journal is
     * written again from them. The events' places in the file change, so erasures copy from then on.
     */
    private void rewriteWithout(java.util.Set<String> pairIds, java.util.Set<String> mergeIds,
                                java.util.function.Predicate<ReviewEvent> dropped) {
        List<ReviewEvent> kept = events.stream().filter(dropped.negate()).toList();
        long copied = journal.rewriteKeeping(line -> !pairIds.contains(topLevel(line, "\"pair_id\":\""))
                && !mergeIds.contains(topLevel(line, "\"merge_id\":\"")));
        if (copied != kept.size()) {
            LOG.warn("the review journal's lines did not match its {} records ({} kept); written again from them",
                    kept.size(), copied);
            journal.rewrite(kept);
        }
        spansKnown = false;
    }

    /** The string value of the first {@code key} (e.g. {@code "pair_id":"}) in a JSON line, or null. */
    private static String topLevel(String line, String key) {
        int at = line.indexOf(key);
        if (at < 0) {
            return null;
        }
        int from = at + key.length();
        int to = line.indexOf('"', from);
        return to < 0 ? null : line.substring(from, to);
    }

    public static DuplicatePairs open(Path file, Clock clock) {
        return new DuplicatePairs(file, clock, COMPACT_FROM, null);
    }

    /** As {@link #open(Path, Clock)}, compacting the journal from {@code compactFrom} superseded scores. */
    static DuplicatePairs open(Path file, Clock clock, int compactFrom) {
        return new DuplicatePairs(file, clock, compactFrom, null);
    }

    /** As {@link #open(Path, Clock, int)}, compacting while running on {@code compactor} (tests run it by hand). */
    static DuplicatePairs open(Path file, Clock clock, int compactFrom, java.util.concurrent.Executor compactor) {
        return new DuplicatePairs(file, clock, compactFrom, compactor);
    }

    /**
     * After scores were recorded: once {@link #compactFrom} have been since the last count, a compaction is handed
     * to {@link #compactor} (one at a time), which counts the superseded scores again and rewrites the journal when
     * there are enough. So a server that is never restarted does not only grow its journal.
     */
    private void compactWhenDue() {
        if (scoresSinceCompaction < compactFrom || compactionQueued || closed) {
            return;
        }
        compactionQueued = true;
        try {
            compactor.execute(this::compactNow);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            compactionQueued = false; // closing
        }
    }

    /**
     * Compacts the journal now if enough scores are superseded (see {@link #compact}); for {@link #compactor}. Holds
     * this object's lock only to plan and to install the rewrite, not while the journal is copied.
     */
    void compactNow() {
        Compaction plan;
        synchronized (this) {
            compactionQueued = false;
            if (closed) {
                return;
            }
            scoresSinceCompaction = 0;
            plan = plan(compactFrom);
        }
        if (plan == null) {
            return;
        }
        try {
            Journal.Rewrite rewrite = journal.beginRewrite(plan.end(), plan.edit(journal));
            afterCopy.run();
            synchronized (this) {
                install(plan, rewrite);
            }
        } catch (RuntimeException e) {
            // The journal is as it was (the rewrite is atomic, and the state changes only after it): tried again
            // after as many scores more.
            LOG.warn("compacting the review journal failed; it is kept as it was: {}", e.toString());
        }
    }

    /** Compacts the journal at open, when enough scores are superseded (nothing runs alongside yet). */
    private void compact(int from) {
        Compaction plan = plan(from);
        if (plan == null) {
            return;
        }
        try {
            install(plan, journal.beginRewrite(plan.end(), plan.edit(journal)));
        } catch (RuntimeException e) {
            // As while running: the journal is as it was and appends go on; the next start tries again.
            LOG.warn("compacting the review journal failed; it is kept as it was: {}", e.toString());
        }
    }

    /**
     * A compaction planned on the first {@code n} events (all in the journal's first {@code end} bytes): which to
     * leave out and which to write as another event; {@code erasures} as it was then.
     */
    private record Compaction(int n, boolean[] drop, ReviewEvent[] replace, int superseded, long end, long erasures,
                              int[] lines, long started) {
        /** The journal's line edit: the n-th call is the n-th event (counted in {@code lines[0]}). */
        java.util.function.Function<String, String> edit(Journal<ReviewEvent> journal) {
            return text -> {
                int i = lines[0]++;
                return i >= n ? text : drop[i] ? null : replace[i] != null ? journal.encode(replace[i]) : text;
            };
        }
    }

    /** Run by {@link #compactNow} between the copy and its install, without the lock (tests write meanwhile). */
    Runnable afterCopy = () -> { };

    /** Erasures and rewrites of lines already written (forget): a compaction copying meanwhile is abandoned. */
    private long erasures;

    /**
     * Rewrites the journal without the scores that later ones replaced, when there are at least {@code from}:
     * every change of a customer in a pending pair appends the pair scored again (about 1.6 KB), and the schema
     * upgrade of 19 rescored every pending pair, so a journal only grew, and every start read, and held in memory,
     * every score a pair ever had (a 1M-customer server read 63,000 lines, 101 MB, for 31,500 pairs).
     *
     * <p>Only a pair's scores are left out, never a decision, and only where replaying gives the same state
     * (order included): a found or rescored line whose pair is found or rescored next (nothing else of that pair
     * between), and a rescored line of a pair that was not pending (replay skips it). A found line followed by
     * such lines keeps its place, so the queue keeps its order, and takes the last of them (when it was found too,
     * if that was a found line). The rewrite is atomic (see {@link Journal#rewriteLines});
     * a crash during it leaves the journal as it was, a crash after it the new one, which replays to the same state.
     *
     * <p>At open, and while running once enough scores were recorded ({@link #compactWhenDue}). While running, the
     * plan is made under this object's lock, the journal is copied without it ({@link Journal#beginRewrite}: appends
     * go on), and the copy is installed under it again, with what was appended meanwhile copied over as it is
     * ({@link Journal#finishRewrite}); an erasure meanwhile abandons the copy (the erased lines may be in it), and the
     * next compaction is tried after as many scores again. The events' places in the file are taken anew, so an
     * erasure after it blanks the right lines. {@code CompactionBench} (test tree), a 45 MB journal of 30,000 lines
     * compacted to 15 MB on a loaded two-core machine (load ≈ 11): 1.1–3.0 s, of which a review call waited for the
     * lock at most 100–170 ms; with the copy under the lock, as at first, it waited for all of it (3.1–4.0 s).
     *
     * @return the plan, or null when fewer than {@code from} scores are superseded
     */
    private Compaction plan(int from) {
        int n = events.size();
        boolean[] drop = new boolean[n];
        ReviewEvent[] replace = new ReviewEvent[n];
        Map<String, Integer> scoring = new java.util.HashMap<>(); // pair → its line holding the current score
        Map<String, Status> status = new java.util.HashMap<>(); // as replay sees each pair, line by line
        int superseded = 0;
        for (int i = 0; i < n; i++) {
            ReviewEvent e = events.get(i);
            String id = e.pairId();
            if (id == null) {
                continue;
            }
            switch (e.type()) {
                case FOUND, RESCORED -> {
                    boolean found = e.type() == ReviewEvent.Type.FOUND;
                    Integer j = scoring.get(id);
                    if (!found && status.get(id) != Status.PENDING) {
                        drop[i] = true; // replay skips it
                        superseded++;
                    } else if (j == null) {
                        scoring.put(id, i);
                    } else if (events.get(j).type() == ReviewEvent.Type.FOUND) {
                        // in the found line's place, so the queue keeps the order pairs were first found; a rescore
                        // keeps when the pair was found
                        ReviewEvent first = events.get(j);
                        replace[j] = found ? e : new ReviewEvent(ReviewEvent.Type.FOUND, first.at(), id, e.leftId(),
                                e.rightId(), e.score(), e.decision(), e.fields(), e.fingerprint(), null, null, null,
                                null, null, e.leftVersion(), e.rightVersion());
                        drop[i] = true;
                        superseded++;
                    } else {
                        drop[j] = true;
                        scoring.put(id, i);
                        superseded++;
                    }
                    if (found) {
                        status.put(id, Status.PENDING);
                    }
                }
                default -> {
                    scoring.remove(id);
                    switch (e.type()) {
                        case DROPPED -> status.remove(id, Status.PENDING);
                        case DISMISSED -> status.computeIfPresent(id, (k, v) -> Status.DISMISSED);
                        case MERGE_STARTED -> status.computeIfPresent(id, (k, v) -> Status.MERGED);
                        case MERGE_ABANDONED, UNDONE -> status.computeIfPresent(id, (k, v) -> Status.PENDING);
                        default -> { }
                    }
                }
            }
        }
        if (superseded < from || superseded == 0) {
            return null;
        }
        return new Compaction(n, drop, replace, superseded, journal.size(), erasures, new int[1], System.nanoTime());
    }

    /**
     * Puts a compaction's rewrite in the journal's place and the events' new places in {@link #spans}, unless the
     * journal changed under it (an erasure, closing) or the copy does not hold the planned lines: then it is dropped
     * and the journal stays as it is.
     */
    private void install(Compaction plan, Journal.Rewrite rewrite) {
        int n = plan.n();
        if (closed || erasures != plan.erasures()) {
            journal.abandon(rewrite);
            LOG.info("review journal compaction left off: {}", closed ? "closing" : "an erasure came first");
            return;
        }
        if (plan.lines()[0] != n || rewrite.spans().size() != n - plan.superseded()) {
            // Cannot happen while the file holds what was replayed; if it does, the journal is kept as it is.
            journal.abandon(rewrite);
            LOG.warn("the review journal had {} records where {} were replayed; not compacted", plan.lines()[0], n);
            return;
        }
        long t0 = System.nanoTime();
        long shift = journal.finishRewrite(rewrite);
        List<Journal.Span> written = rewrite.spans();
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (!plan.drop()[i]) {
                ReviewEvent r = plan.replace()[i];
                events.set(kept, r != null ? r.packed() : events.get(i));
                Journal.Span span = written.get(kept);
                spans[kept] = span.offset() << LENGTH_BITS | span.length() & ((1L << LENGTH_BITS) - 1);
                kept++;
            }
        }
        // Appended while the journal was copied: copied over as they are, further on by the bytes left out.
        for (int i = n; i < events.size(); i++) {
            events.set(kept, events.get(i));
            spans[kept++] = spans[i] + (shift << LENGTH_BITS);
        }
        int appended = events.size() - n;
        events.subList(kept, events.size()).clear();
        LOG.info("review journal compacted in {} ms ({} ms of it holding the review state): {} superseded scores left "
                + "out, {} records kept ({} appended meanwhile)", (System.nanoTime() - plan.started()) / 1_000_000,
                (System.nanoTime() - t0) / 1_000_000, plan.superseded(), kept, appended);
    }

    /** The id of the pair of two customers, whatever their order. */
    public static String pairId(String a, String b) {
        return a.compareTo(b) < 0 ? a + "_" + b : b + "_" + a;
    }

    /**
     * A short hash of what matching looks at in both records, in id order, in the forms the matcher compares: a
     * phone written another way ("+36 30 123 4567" and "06 30 123 4567"), an e-mail in other letter case, a name
     * with or without its accents, or the same values in another order are no material change.
     */
    public static String fingerprint(Customer a, Customer b) {
        return fingerprint(a, b, false);
    }

    /**
     * The fingerprint as it was made before a phone's extension was left out of it (an extension's digits read as
     * part of the number): dismissals recorded then carry it, and an unchanged pair must stay dismissed.
     */
    static String extensionFingerprint(Customer a, Customer b) {
        return fingerprint(a, b, true);
    }

    private static String fingerprint(Customer a, Customer b, boolean withExtensions) {
        Customer first = a.id().compareTo(b.id()) < 0 ? a : b;
        Customer second = first == a ? b : a;
        return hash(matchData(first, withExtensions) + "\u0001" + matchData(second, withExtensions));
    }

    /**
     * The fingerprint as it was made before it compared normalised values (the raw values): dismissals recorded
     * then carry it, and an unchanged pair must stay dismissed.
     */
    static String legacyFingerprint(Customer a, Customer b) {
        Customer first = a.id().compareTo(b.id()) < 0 ? a : b;
        Customer second = first == a ? b : a;
        return hash(rawMatchData(first) + "\u0001" + rawMatchData(second));
    }

    /** Whether a recorded fingerprint says the pair's records are materially what they were. */
    private static boolean unchanged(String recorded, String fingerprint, Found f) {
        return recorded != null && (recorded.equals(fingerprint)
                || recorded.equals(legacyFingerprint(f.left(), f.right()))
                || (hasExtension(f.left()) || hasExtension(f.right()))
                && recorded.equals(extensionFingerprint(f.left(), f.right())));
    }

    /** Whether a phone of the customer is written with more than its number (an extension, a trunk "(0)"). */
    private static boolean hasExtension(Customer c) {
        return c.phones().stream().anyMatch(p -> !Phones.number(p).equals(p));
    }

    private static String hash(String text) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What matching reads of a customer, normalised. A phone is its number alone: an extension added, changed or
     * dropped (the matcher reads one number) is no material change, as the reviewer judged the two people, not
     * their desks; {@code withExtensions} reads the extension's digits as part of the number, as fingerprints did
     * before.
     */
    private static String matchData(Customer c, boolean withExtensions) {
        String country = c.address() == null ? null : c.address().country();
        java.util.TreeSet<String> emails = new java.util.TreeSet<>();
        c.emails().forEach(e -> emails.add(Objects.toString(Emails.normalize(e), "")));
        java.util.TreeSet<String> phones = new java.util.TreeSet<>();
        c.phones().forEach(p -> {
            String key = Phones.internationalKey(withExtensions ? p : Phones.number(p), country);
            phones.add(key.isEmpty() ? p.strip() : key);
        });
        Address ad = c.address();
        String address = ad == null || ad.isEmpty() ? "" : String.join("/", text(ad.street()),
                text(ad.postalCode()), text(ad.city()), text(ad.country()));
        return String.join("|", text(c.firstName()), text(c.lastName()), text(c.company()),
                String.join(",", emails), String.join(",", phones), address, String.valueOf(c.birthday()));
    }

    /** Text as the matcher sees it: folded, transliterated, its words only. */
    private static String text(String s) {
        return s == null || s.isBlank() ? "" : String.join(" ", Folding.tokens(Folding.latin(s)));
    }

    private static String rawMatchData(Customer c) {
        return String.join("|", Objects.toString(c.firstName(), ""), Objects.toString(c.lastName(), ""),
                Objects.toString(c.company(), ""), String.valueOf(c.emails()), String.valueOf(c.phones()),
                String.valueOf(c.address()), String.valueOf(c.birthday()));
    }

    /** Scored candidate pairs from a scan or a lookup. */
    public record Found(Customer left, Customer right, MatchResult result) {
    }

    /** Outcome counts of {@link #record}. */
    public record Recorded(int added, int updated, int keptDismissed, int keptMerged) {
    }

    /** Records found pairs (one fsync for all): new ones become pending; dismissed ones stay so if unchanged. */
    public synchronized Recorded record(List<Found> found) {
        List<ReviewEvent> events = new ArrayList<>();
        int added = 0;
        int updated = 0;
        int keptDismissed = 0;
        int keptMerged = 0;
        Instant now = clock.instant();
        for (Found f : found) {
            String id = pairId(f.left().id(), f.right().id());
            String fp = fingerprint(f.left(), f.right());
            Pair existing = pairs.get(id);
            if (existing != null && existing.status() == Status.MERGED) {
                keptMerged++;
                continue;
            }
            if (unchanged(dismissed.get(id), fp, f)) {
                keptDismissed++;
                continue;
            }
            if (existing != null && existing.status() == Status.PENDING && unchanged(existing.fingerprint(), fp, f)) {
                continue;
            }
            Customer left = f.left().id().compareTo(f.right().id()) < 0 ? f.left() : f.right();
            Customer right = left == f.left() ? f.right() : f.left();
            MatchResult r = left == f.left() ? f.result() : swapSides(f.result());
            Pair p = new Pair(id, left.id(), right.id(), r.score(), r.decision(), r.fields(), fp, Status.PENDING,
                    now, null, null);
            events.add(ReviewEvent.scored(ReviewEvent.Type.FOUND, now, p, left.version(), right.version()));
            if (existing == null) {
                added++;
            } else {
                updated++;
            }
        }
        if (!events.isEmpty()) {
            List<Journal.Span> at = journal.append(events.toArray(ReviewEvent[]::new));
            for (int i = 0; i < events.size(); i++) {
                apply(events.get(i), at.get(i));
            }
            compactWhenDue();
        }
        return new Recorded(added, updated, keptDismissed, keptMerged);
    }

    private static MatchResult swapSides(MatchResult r) {
        return new MatchResult(r.score(), r.decision(), r.fields().stream().map(f -> new FieldContribution(
                f.field(), f.right(), f.left(), f.similarity(), f.agreement(), f.probability(), f.weight())).toList());
    }

    /**
     * How the review stands for these two customers as they are now: {@link Status#DISMISSED} while a dismissal
     * holds (neither record changed materially since), the pair's status when it is pending or merged, else null
     * (not reviewed, or dismissed before a material change).
     */
    public synchronized Status statusOf(Customer a, Customer b) {
        String id = pairId(a.id(), b.id());
        String fp = fingerprint(a, b);
        if (unchanged(dismissed.get(id), fp, new Found(a, b, null))) {
            return Status.DISMISSED;
        }
        Pair p = pairs.get(id);
        return p == null || p.status() == Status.DISMISSED ? null : p.status();
    }

    public synchronized Optional<Pair> get(String pairId) {
        return Optional.ofNullable(pairs.get(pairId));
    }

    /** Whether the customer is in a pending pair. Does not wait for this object's lock: see pendingByCustomer. */
    public boolean hasPending(String customerId) {
        return customerId != null && pendingByCustomer.containsKey(customerId);
    }

    /** The pending pairs of these customers (each pair once). */
    public synchronized List<Pair> pendingOf(Collection<String> customerIds) {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        for (String c : customerIds) {
            ids.addAll(pendingByCustomer.getOrDefault(c, java.util.Set.of()));
        }
        return ids.stream().map(pairs::get).toList();
    }

    /** Outcome counts of {@link #rescored}. */
    public record Rescored(int rescored, int dropped) {
    }

    /**
     * Records pending pairs scored again after a customer changed (one fsync for all): each of {@code found} that
     * is still pending takes its new score, decision, explanation and fingerprint (kept as it is when they are the
     * same), and each of {@code dropped} that is still pending leaves the queue. A pair decided meanwhile (dismissed,
     * merged) is left as decided.
     */
    public synchronized Rescored rescored(List<Found> found, Collection<String> dropped) {
        List<ReviewEvent> out = new ArrayList<>();
        Instant now = clock.instant();
        for (Found f : found) {
            String id = pairId(f.left().id(), f.right().id());
            Pair existing = pairs.get(id);
            if (existing == null || existing.status() != Status.PENDING) {
                continue;
            }
            Customer left = f.left().id().compareTo(f.right().id()) < 0 ? f.left() : f.right();
            Customer right = left == f.left() ? f.right() : f.left();
            MatchResult r = left == f.left() ? f.result() : swapSides(f.result());
            String fp = fingerprint(left, right);
            if (existing.score() == r.score() && existing.decision() == r.decision()
                    && existing.fields().equals(r.fields()) && fp.equals(existing.fingerprint())
                    && java.util.Arrays.equals(scoredVersions.get(id), versions(left, right))) {
                continue;
            }
            out.add(ReviewEvent.scored(ReviewEvent.Type.RESCORED, now, new Pair(id, left.id(), right.id(), r.score(),
                    r.decision(), r.fields(), fp, Status.PENDING, existing.foundAt(), null, null), left.version(),
                    right.version()));
        }
        int rescored = out.size();
        for (String id : dropped) {
            Pair existing = pairs.get(id);
            if (existing != null && existing.status() == Status.PENDING) {
                out.add(ReviewEvent.simple(ReviewEvent.Type.DROPPED, now, id, null));
            }
        }
        if (!out.isEmpty()) {
            List<Journal.Span> at = journal.append(out.toArray(ReviewEvent[]::new));
            for (int i = 0; i < out.size(); i++) {
                apply(out.get(i), at.get(i));
            }
            compactWhenDue();
        }
        return new Rescored(rescored, out.size() - rescored);
    }

    /**
     * The {@link ScoringRules} fingerprint the pending pairs were all scored under, as last recorded by
     * {@link #scoredUnder}; null when the journal records none (one written before it did).
     */
    public synchronized String scoringRules() {
        return scoringRules;
    }

    /**
     * Records durably that every pending pair is scored under these rules (call after scoring them all again). Writes
     * nothing when the journal says so already.
     */
    public synchronized void scoredUnder(String rules) {
        if (rules.equals(scoringRules)) {
            return;
        }
        ReviewEvent e = ReviewEvent.scoring(clock.instant(), rules);
        apply(e, journal.append(e).get(0));
    }

    /** The ids of the pending pairs, in the queue's journal order. */
    public synchronized List<String> pendingIds() {
        List<String> out = new ArrayList<>();
        for (Pair p : pairs.values()) {
            if (p.status() == Status.PENDING) {
                out.add(p.pairId());
            }
        }
        return out;
    }

    /** Those of these pairs that are pending now, in the order given. */
    public synchronized List<Pair> pending(Collection<String> pairIds) {
        List<Pair> out = new ArrayList<>();
        for (String id : pairIds) {
            Pair p = pairs.get(id);
            if (p != null && p.status() == Status.PENDING) {
                out.add(p);
            }
        }
        return out;
    }

    /** Both records' versions, or null when either is not known. */
    private static long[] versions(Customer left, Customer right) {
        return left.version() == null || right.version() == null ? null
                : new long[] {left.version(), right.version()};
    }

    /**
     * A pending pair and the versions of its records when it was last scored (null: not recorded, as in journals
     * written before they were).
     */
    public record ScoredVersions(String pairId, String leftId, String rightId, Long leftVersion, Long rightVersion) {
    }

    /** Every pending pair with the versions it was last scored at, for finding those scored on older records. */
    public synchronized List<ScoredVersions> pendingScoredVersions() {
        List<ScoredVersions> out = new ArrayList<>();
        for (Pair p : pairs.values()) {
            if (p.status() == Status.PENDING) {
                long[] v = scoredVersions.get(p.pairId());
                out.add(new ScoredVersions(p.pairId(), p.leftId(), p.rightId(), v == null ? null : v[0],
                        v == null ? null : v[1]));
            }
        }
        return out;
    }

    /** Changes with every recorded event (found, dismissed, merged, undone) and every erasure. */
    public synchronized long version() {
        return version;
    }

    public synchronized List<Pair> all() {
        return List.copyOf(pairs.values());
    }

    /** Pairs and merges that involve a customer (for a subject access request). */
    public synchronized List<Object> about(String customerId) {
        List<Object> out = new ArrayList<>();
        for (Pair p : pairs.values()) {
            if (p.leftId().equals(customerId) || p.rightId().equals(customerId)) {
                out.add(p);
            }
        }
        for (Merge m : merges.values()) {
            if (m.survivorBefore().id().equals(customerId) || m.otherBefore().id().equals(customerId)) {
                out.add(m);
            }
        }
        return out;
    }

    public synchronized Optional<Merge> merge(String mergeId) {
        return Optional.ofNullable(merges.get(mergeId));
    }

    /** The finished, not undone merge that removed this customer, or null. */
    public synchronized Merge mergeOf(String removedId) {
        Merge last = null;
        for (Merge m : merges.values()) {
            if (m.done() && !m.undone() && m.otherBefore().id().equals(removedId)) {
                last = m;
            }
        }
        return last;
    }

    /** The last finished, not undone merge that removed a customer with this external id, or null. */
    public synchronized Merge mergeOfExternalId(String externalId) {
        // Imports ask this for every row that names an external id: one map, rebuilt only after a merge changed.
        if (byRemovedExternalId == null) {
            Map<String, Merge> index = new java.util.HashMap<>();
            for (Merge m : merges.values()) {
                if (m.done() && !m.undone() && m.otherBefore().externalId() != null) {
                    index.put(m.otherBefore().externalId(), m);
                }
            }
            byRemovedExternalId = index;
        }
        return byRemovedExternalId.get(externalId);
    }

    public synchronized Collection<Merge> merges() {
        return List.copyOf(merges.values());
    }

    /** Marks a pending pair dismissed as it was found. @return false when it is not pending */
    public synchronized boolean dismiss(String pairId) {
        return dismiss(pairId, null);
    }

    /**
     * Marks a pending pair dismissed; {@code fingerprint} is that of its records as the reviewer saw them (null: as
     * the pair was found), the state a later scan compares with. @return false when it is not pending
     */
    public synchronized boolean dismiss(String pairId, String fingerprint) {
        Pair p = pairs.get(pairId);
        if (p == null || p.status() != Status.PENDING) {
            return false;
        }
        ReviewEvent e = ReviewEvent.dismissed(clock.instant(), pairId,
                fingerprint != null ? fingerprint : p.fingerprint());
        apply(e, journal.append(e).get(0));
        return true;
    }

    /** Claims a pending pair for merging, durably with the before-images. @return false when not pending */
    public synchronized boolean startMerge(String pairId, String mergeId, Customer survivorBefore,
                                           Customer otherBefore, Customer merged) {
        Pair p = pairs.get(pairId);
        if (p == null || p.status() != Status.PENDING) {
            return false;
        }
        ReviewEvent e = ReviewEvent.mergeStarted(clock.instant(), pairId, mergeId, survivorBefore, otherBefore,
                merged);
        apply(e, journal.append(e).get(0));
        return true;
    }

    /**
     * Records how a started merge ended: {@code stored} is the survivor as written (its version is what an undo
     * expects), or null when the merge was abandoned.
     */
    public synchronized void finishMerge(String mergeId, Customer stored) {
        Merge m = merges.get(mergeId);
        ReviewEvent base = ReviewEvent.simple(stored != null ? ReviewEvent.Type.MERGED
                : ReviewEvent.Type.MERGE_ABANDONED, clock.instant(), m.pairId(), mergeId);
        ReviewEvent e = stored == null ? base : new ReviewEvent(base.type(), base.at(), base.pairId(), null, null,
                null, null, null, null, mergeId, null, null, null, stored, null, null);
        apply(e, journal.append(e).get(0));
    }

    public synchronized void undone(String mergeId) {
        Merge m = merges.get(mergeId);
        ReviewEvent e = ReviewEvent.simple(ReviewEvent.Type.UNDONE, clock.instant(), m.pairId(), mergeId);
        apply(e, journal.append(e).get(0));
    }

    /** Merges whose outcome was not recorded (a crash in the middle), for recovery at start. */
    public synchronized List<Merge> unfinishedMerges() {
        return merges.values().stream().filter(m -> !m.done() && !m.undone()).toList();
    }

    private void apply(ReviewEvent event, Journal.Span span) {
        // Every pending pair's explanation stays in memory (here and in its event): packed, about a third the size.
        ReviewEvent e = event.packed();
        version++;
        if (events.size() == spans.length) {
            spans = java.util.Arrays.copyOf(spans, spans.length * 2);
        }
        if (span.length() >= 1 << LENGTH_BITS) {
            spansKnown = false; // a record of 16 MB or more: not packed; erasures copy the journal
        }
        spans[events.size()] = span.offset() << LENGTH_BITS | span.length() & ((1L << LENGTH_BITS) - 1);
        events.add(e);
        switch (e.type()) {
            case SCORING -> scoringRules = e.fingerprint();
            case FOUND -> {
                scoresSinceCompaction++;
                setPair(e.pairId(), new Pair(e.pairId(), e.leftId(), e.rightId(), e.score(), e.decision(),
                        e.fields(), e.fingerprint(), Status.PENDING, e.at(), null, null));
                dismissed.remove(e.pairId());
                scored(e);
            }
            case RESCORED -> {
                scoresSinceCompaction++;
                Pair p = pairs.get(e.pairId());
                if (p != null && p.status() == Status.PENDING) {
                    setPair(e.pairId(), new Pair(e.pairId(), e.leftId(), e.rightId(), e.score(), e.decision(),
                            e.fields(), e.fingerprint(), Status.PENDING, p.foundAt(), null, null));
                    scored(e);
                }
            }
            case DROPPED -> {
                Pair p = pairs.get(e.pairId());
                if (p != null && p.status() == Status.PENDING) {
                    setPair(e.pairId(), null);
                }
            }
            case DISMISSED -> {
                Pair p = pairs.get(e.pairId());
                if (p != null) {
                    setPair(p.pairId(), p.with(Status.DISMISSED, e.at(), null));
                }
                dismissed.put(e.pairId(), e.fingerprint());
            }
            case MERGE_STARTED -> {
                byRemovedExternalId = null;
                Pair p = pairs.get(e.pairId());
                if (p != null) {
                    setPair(p.pairId(), p.with(Status.MERGED, e.at(), e.mergeId()));
                }
                merges.put(e.mergeId(), new Merge(e.mergeId(), e.pairId(), e.survivorBefore(), e.otherBefore(),
                        e.merged(), e.at(), false, false));
            }
            case MERGED -> {
                byRemovedExternalId = null;
                merges.computeIfPresent(e.mergeId(), (k, m) -> new Merge(m.mergeId(), m.pairId(),
                        m.survivorBefore(), m.otherBefore(), e.merged() != null ? e.merged() : m.merged(), m.at(),
                        true, false));
            }
            case MERGE_ABANDONED, UNDONE -> {
                byRemovedExternalId = null;
                merges.computeIfPresent(e.mergeId(), (k, m) -> new Merge(m.mergeId(), m.pairId(),
                        m.survivorBefore(), m.otherBefore(), m.merged(), m.at(), m.done(), true));
                Pair p = pairs.get(e.pairId());
                if (p != null) {
                    setPair(p.pairId(), p.with(Status.PENDING, e.at(), null));
                }
            }
            default -> throw new IllegalStateException("unknown event " + e.type());
        }
    }

    /** Remembers the versions a found or rescored pair was scored at, when its event has them. */
    private void scored(ReviewEvent e) {
        if (e.leftVersion() != null && e.rightVersion() != null) {
            scoredVersions.put(e.pairId(), new long[] {e.leftVersion(), e.rightVersion()});
        } else {
            scoredVersions.remove(e.pairId());
        }
    }

    /** Puts (or with null removes) a pair, keeping {@link #pendingByCustomer} and {@link #scoredVersions} in step. */
    private void setPair(String pairId, Pair now) {
        Pair before = now == null ? pairs.remove(pairId) : pairs.put(pairId, now);
        boolean wasPending = before != null && before.status() == Status.PENDING;
        boolean isPending = now != null && now.status() == Status.PENDING;
        if (!isPending) {
            scoredVersions.remove(pairId);
        }
        if (wasPending && !isPending) {
            for (String c : List.of(before.leftId(), before.rightId())) {
                java.util.Set<String> ids = pendingByCustomer.get(c);
                if (ids != null && ids.remove(pairId) && ids.isEmpty()) {
                    pendingByCustomer.remove(c);
                }
            }
        } else if (isPending && !wasPending) {
            for (String c : List.of(now.leftId(), now.rightId())) {
                pendingByCustomer.computeIfAbsent(c, k -> new java.util.HashSet<>()).add(pairId);
            }
        }
    }

    /** Closes the journal, after a compaction in progress has ended (one queued does not run). */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        if (ownCompactor != null) {
            ownCompactor.shutdown();
            try {
                ownCompactor.awaitTermination(5, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        journal.close();
    }
}
