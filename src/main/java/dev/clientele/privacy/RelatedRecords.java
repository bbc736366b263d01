package dev.clientele.privacy;

import dev.clientele.customer.Customer;
import dev.clientele.customer.CustomerNotFoundException;
import dev.clientele.customer.Kind;
import dev.clientele.dedup.DuplicatePairs;
import dev.clientele.dedup.DuplicateService;
import dev.clientele.search.CandidateFinder;
import dev.clientele.store.CustomerStore;
import dev.clientele.text.BlockingKeys;
import dev.clientele.text.Emails;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The records that are probably the same person as one customer, each with why: what an administrator answering a
 * data-subject request (erasure, access) must look at, since a person often has several records nobody merged.
 * Uses what Clientele already knows: the exact e-mail and phone keys the matcher blocks on, external ids, the
 * review journal's pairs and the matcher's duplicates of the record now. It writes nothing. Thread-safe.
 */
public final class RelatedRecords {
    /** Records sharing an e-mail or phone looked at; a shared company switchboard should not list a thousand. */
    static final int MAX_SHARING = 50;

    /** Why a record is related; its JSON form is the lower-case name. */
    public enum Reason implements dev.clientele.customer.WireName {
        /** Shares a normalised e-mail address. */
        EMAIL,
        /** Shares a phone number, however written. */
        PHONE,
        /** Has an external id this record has or had. */
        EXTERNAL_ID,
        /** The matcher scores it a likely duplicate of the record now. */
        LIKELY_DUPLICATE,
        /** In a pending duplicate pair with the record. */
        PENDING_PAIR,
        /** The matcher scores it a possible duplicate of the record now. */
        POSSIBLE_DUPLICATE,
        /** In a duplicate pair with the record that a reviewer dismissed as different people. */
        DISMISSED_PAIR;

        /** Whether the reason alone makes the record very likely the same person (the UI ticks it for erasure). */
        public boolean strong() {
            return ordinal() <= LIKELY_DUPLICATE.ordinal();
        }

        @Override
        public String toString() {
            return wire();
        }
    }

    /**
     * One related record.
     *
     * @param score       the highest duplicate score known for the pair (review journal or matcher now), or null
     * @param deleted     the record is deleted and only its previous versions hold it (erasable all the same)
     * @param sharedBy    when it shares an e-mail or phone with the record: how many records (the two included,
     *                    of those looked at) hold the one of them that fewest records hold, a role address left out
     *                    while they share something else; null otherwise. A switchboard's number or a firm's info@
     *                    joins colleagues, not one person's records
     * @param roleAddress the only contact they share is a role address (info@, office@, kontakt@, sales@…)
     */
    public record Related(String id, String displayName, Kind kind, List<Reason> reasons, Double score,
                          boolean deleted, Integer sharedBy, boolean roleAddress) {
    }

    private final CustomerStore store;
    private final DuplicateService duplicates;

    public RelatedRecords(CustomerStore store, DuplicateService duplicates) {
        this.store = store;
        this.duplicates = duplicates;
    }

    /**
     * The related records of a customer, current or deleted (then its last version is compared): the strongest
     * evidence first (shared identifiers, then likely duplicates, then the rest by score). Records merged away into
     * this one are not listed: its erasure takes them anyway.
     *
     * @throws CustomerNotFoundException when there is no such customer, now or in history
     */
    public List<Related> of(String id) {
        Optional<Customer> current = store.find(id);
        List<Customer> versions = store.history(id, 1_000);
        if (current.isEmpty() && versions.isEmpty()) {
            throw new CustomerNotFoundException(id);
        }
        Customer self = current.orElseGet(() -> versions.get(0));
        Map<String, Found> found = new LinkedHashMap<>();

        Set<String> emailKeys = new LinkedHashSet<>();
        Set<String> phoneKeys = new LinkedHashSet<>(); // national numbers
        Set<String> externalIds = new LinkedHashSet<>();
        for (Customer v : withHistory(current, versions)) {
            v.emails().forEach(e -> emailKeys.addAll(BlockingKeys.emailKey(e)));
            v.phones().forEach(p -> phoneKeys.addAll(CandidateFinder.nationalNumbers(p)));
            if (v.externalId() != null) {
                externalIds.add(v.externalId());
            }
        }
        Map<String, Integer> holders = new HashMap<>(); // a shared e-mail or phone key → the others holding it
        for (Customer other : duplicates.sharingContacts(emailKeys, phoneKeys, id, MAX_SHARING)) {
            Found f = found(found, other);
            other.emails().stream().flatMap(e -> BlockingKeys.emailKey(e).stream()).filter(emailKeys::contains)
                    .forEach(f.sharedEmails::add);
            other.phones().stream().flatMap(p -> CandidateFinder.nationalNumbers(p).stream())
                    .filter(phoneKeys::contains).map(n -> "p:" + n).forEach(f.sharedPhones::add);
            if (!f.sharedEmails.isEmpty()) {
                f.reasons.add(Reason.EMAIL);
            }
            if (!f.sharedPhones.isEmpty()) {
                f.reasons.add(Reason.PHONE);
            }
            f.sharedEmails.forEach(k -> holders.merge(k, 1, Integer::sum));
            f.sharedPhones.forEach(k -> holders.merge(k, 1, Integer::sum));
        }
        // External ids are unique among stored customers: another record holds one of them only when this one
        // had it earlier, or was deleted and released it.
        for (String x : externalIds) {
            store.findByExternalId(x).filter(o -> !o.id().equals(id))
                    .ifPresent(o -> found(found, o).reasons.add(Reason.EXTERNAL_ID));
        }
        for (Object r : duplicates.reviewRecordsAbout(id)) {
            if (r instanceof DuplicatePairs.Pair p && p.status() != DuplicatePairs.Status.MERGED) {
                String otherId = p.leftId().equals(id) ? p.rightId() : p.leftId();
                Found f = foundById(found, otherId);
                if (f != null) {
                    f.reasons.add(p.status() == DuplicatePairs.Status.PENDING ? Reason.PENDING_PAIR
                            : Reason.DISMISSED_PAIR);
                    f.score(p.score());
                }
            }
        }
        for (DuplicateService.Candidate c : candidates(id, current.isPresent(), self)) {
            Found f = found(found, c.customer());
            f.reasons.add(c.result().decision() == dev.clientele.dedup.MatchDecision.LIKELY
                    ? Reason.LIKELY_DUPLICATE : Reason.POSSIBLE_DUPLICATE);
            f.score(c.result().score());
        }
        found.remove(id);
        List<Related> out = new ArrayList<>();
        for (Found f : found.values()) {
            List<Reason> reasons = f.reasons.stream().sorted().toList();
            // A firm's info@ or switchboard joins colleagues: said, so the admin does not erase them as the person.
            List<String> personal = new ArrayList<>(f.sharedPhones);
            List<String> role = new ArrayList<>();
            for (String k : f.sharedEmails) {
                (Emails.isRoleAddress(k.substring(2)) ? role : personal).add(k); // an e-mail key is "e:" + address
            }
            Integer sharedBy = (personal.isEmpty() ? role : personal).stream().map(k -> 1 + holders.get(k))
                    .min(Integer::compare).orElse(null);
            out.add(new Related(f.customer.id(), f.customer.displayName(), f.customer.kind(), reasons,
                    f.score == null ? null : Math.round(f.score * 1000) / 1000.0, f.deleted, sharedBy,
                    personal.isEmpty() && !role.isEmpty()));
        }
        out.sort(Comparator.comparing((Related r) -> r.reasons().get(0))
                .thenComparing(r -> r.score() == null ? 0 : -r.score()));
        return out;
    }

    /** The matcher's duplicates of the record now; of a deleted one, of its last version as if it were new. */
    private List<DuplicateService.Candidate> candidates(String id, boolean stored, Customer self) {
        if (stored) {
            return duplicates.candidatesFor(id);
        }
        try {
            return duplicates.check(self);
        } catch (dev.clientele.customer.ValidationException e) {
            return List.of(); // an old version today's rules refuse: its identifiers and pairs still count
        }
    }

    private static List<Customer> withHistory(Optional<Customer> current, List<Customer> versions) {
        List<Customer> all = new ArrayList<>(versions.size() + 1);
        current.ifPresent(all::add);
        all.addAll(versions);
        return all;
    }

    private static Found found(Map<String, Found> found, Customer c) {
        return found.computeIfAbsent(c.id(), k -> new Found(c, false));
    }

    /** A record of a review pair: stored, or deleted with its history; null when it is neither (erased, merged). */
    private Found foundById(Map<String, Found> found, String otherId) {
        Found f = found.get(otherId);
        if (f != null) {
            return f;
        }
        Optional<Customer> stored = store.find(otherId);
        if (stored.isPresent()) {
            return found(found, stored.get());
        }
        List<Customer> last = store.history(otherId, 1);
        if (last.isEmpty()) {
            return null;
        }
        f = new Found(last.get(0), true);
        found.put(otherId, f);
        return f;
    }

    /** A related record being gathered. */
    private static final class Found {
        final Customer customer;
        final boolean deleted;
        final Set<Reason> reasons = new LinkedHashSet<>();
        final Set<String> sharedEmails = new LinkedHashSet<>(); // the record's e-mail keys this one holds too
        final Set<String> sharedPhones = new LinkedHashSet<>(); // its national numbers ("p:" + number) this one holds
        Double score;

        Found(Customer customer, boolean deleted) {
            this.customer = customer;
            this.deleted = deleted;
        }

        void score(double s) {
            score = score == null ? s : Math.max(score, s);
        }
    }
}
