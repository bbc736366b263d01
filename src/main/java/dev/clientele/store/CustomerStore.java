package dev.clientele.store;

import dev.clientele.customer.ConflictException;
import dev.clientele.customer.Customer;
import dev.clientele.customer.CustomerFields;
import dev.clientele.customer.CustomerIds;
import dev.clientele.customer.CustomerNormalizer;
import dev.clientele.customer.CustomerNotFoundException;
import dev.clientele.customer.CustomerValidator;
import dev.clientele.customer.ErasedPersonException;
import dev.clientele.customer.ValidCustomer;
import dev.clientele.customer.ValidationException;
import dev.clientele.customer.VersionConflictException;
import dev.clientele.index.CustomerIndex;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * The customer store: validated, versioned, durable writes and real-time reads over the {@link CustomerIndex}.
 *
 * <h2>Design notes</h2>
 * <p><b>Versions.</b> Every change that alters a customer's data bumps its {@code version} by one and sets
 * {@code updated_at}; a write whose data equals what is stored is a no-op ({@link WriteResult.Outcome#UNCHANGED}),
 * so re-sending a request never creates versions or duplicates. A conditional write ({@code expectedVersion} not
 * null) fails with {@link VersionConflictException} when the stored version differs.
 *
 * <p><b>Locking.</b> A read-modify-write of one customer holds striped locks on its id and on the external ids
 * involved, always taken in stripe order, so two writers of one customer serialise and no two writers deadlock.
 * Locks are released before waiting for the commit, so the fsync is shared with other writers.
 *
 * <p><b>Durability.</b> Every public write method returns only after its change is committed (see
 * {@link CustomerIndex#awaitDurable}); {@link #writeBatch} commits once for the whole batch.
 *
 * <p><b>Listening.</b> A {@link ChangeListener} ({@link #onChange}) is asked about every update and delete while it
 * is written, and told of the ones it wanted once they are durable, on the writer's thread, before the write method
 * returns (for a {@link PendingCommit}, when it is awaited): the duplicate review rescores the pairs of a changed
 * customer so. Creations are not told: a new customer is in no pair yet.
 *
 * <p>Thread-safe.
 */
public final class CustomerStore {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CustomerStore.class);
    private static final int STRIPES = 1024;

    private final CustomerIndex index;
    private final CustomerValidator validator;
    private final Clock clock;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
    /** The field of a customer that carries an erased person's identifier, or null (see {@link #refuseErased}). */
    private volatile java.util.function.Function<Customer, String> erased = c -> null;
    private volatile ChangeListener listener = ChangeListener.NONE;

    /**
     * Hears of changes to stored customers. {@link #wants} is asked while a change is written (under the customer's
     * lock, for every update and delete of an import too), so it must be quick; {@link #changed} is told of the ones
     * it wanted once they are durable. What {@code changed} throws is logged, not passed on: the change it was told
     * of is stored and acknowledged all the same.
     */
    public interface ChangeListener {
        ChangeListener NONE = new ChangeListener() {
            @Override
            public boolean wants(Customer before, Customer after) {
                return false;
            }

            @Override
            public void changed(Set<String> ids) {
            }
        };

        /** Whether {@link #changed} should hear of this change; {@code after} is null for a delete. */
        boolean wants(Customer before, Customer after);

        /** The customers whose changes {@link #wants} wanted, once those changes are durable. */
        void changed(Set<String> ids);
    }

    public CustomerStore(CustomerIndex index, Clock clock) {
        this.index = Objects.requireNonNull(index, "index");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.validator = new CustomerValidator(clock);
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    public CustomerStore(CustomerIndex index) {
        this(index, Clock.systemUTC());
    }

    /**
     * Refuses to write customers that carry an erased person's identifier (see {@code privacy.Tombstones}):
     * {@code erasedField} names the field of a customer that does ({@code external_id}, {@code emails[1]} …), or
     * returns null; the refusal is an {@link ErasedPersonException} naming that field.
     */
    public void refuseErased(java.util.function.Function<Customer, String> erasedField) {
        this.erased = Objects.requireNonNull(erasedField, "erasedField");
    }

    /** Sets the one {@link ChangeListener} (replacing any before). */
    public void onChange(ChangeListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    public CustomerIndex index() {
        return index;
    }

    public CustomerValidator validator() {
        return validator;
    }

    /** The customer with this id. @throws CustomerNotFoundException if there is none */
    public Customer get(String id) {
        return find(id).orElseThrow(() -> new CustomerNotFoundException(id));
    }

    public Optional<Customer> find(String id) {
        if (!CustomerIds.isValid(id)) {
            return Optional.empty();
        }
        return index.get(id);
    }

    /** True when the customer exists (cheaper than {@link #find}: nothing is read). */
    public boolean exists(String id) {
        return CustomerIds.isValid(id) && index.exists(id);
    }

    /** The ids among these that belong to existing customers (one pass over the index for all of them). */
    public java.util.Set<String> existing(java.util.Collection<String> ids) {
        return index.existing(ids.stream().filter(CustomerIds::isValid).toList());
    }

    /** The current version of each of these customers that exists (see {@link CustomerIndex#versions}). */
    public java.util.Map<String, Long> versions(java.util.Collection<String> ids) {
        return index.versions(ids.stream().filter(CustomerIds::isValid).toList());
    }

    public Optional<Customer> findByExternalId(String externalId) {
        return index.idForExternalId(externalId).flatMap(index::get);
    }

    /**
     * Stores a new customer with a fresh id. An external id already used by another customer is a conflict
     * (use {@link #upsertByExternalId} to update by it).
     */
    public WriteResult create(Customer input) {
        Customer clean = validator.clean(input.withId(null));
        String id = CustomerIds.newId();
        PendingWrite w = locked(keys(id, clean.externalId()), () -> {
            if (clean.externalId() != null && index.idForExternalId(clean.externalId()).isPresent()) {
                throw takenBy(clean.externalId());
            }
            return writeNew(id, clean);
        });
        index.awaitDurable(w.seq());
        return w.result();
    }

    /** Replaces a customer's data (PUT). */
    public WriteResult replace(String id, Customer input, Long expectedVersion) {
        return update(id, current -> input, expectedVersion);
    }

    /**
     * Changes a customer with a function of its current state, under its lock (PATCH, merges).
     *
     * @throws CustomerNotFoundException if there is no such customer
     * @throws VersionConflictException if {@code expectedVersion} is given and stale
     */
    public WriteResult update(String id, UnaryOperator<Customer> change, Long expectedVersion) {
        Customer before = get(id);
        // The new external id decides which stripes to lock, so compute it under the lock and retry if it moved.
        while (true) {
            Customer peek = change.apply(before);
            String newExternal = peek == null ? null : CustomerNormalizer.text(peek.externalId());
            Customer snapshot = before;
            PendingWrite w = locked(keys(id, snapshot.externalId(), newExternal), () -> {
                Customer current = get(id);
                if (!Objects.equals(current.externalId(), snapshot.externalId())) {
                    return null; // external id changed meanwhile: retry with fresh locks
                }
                if (expectedVersion != null && current.version() != expectedVersion) {
                    throw new VersionConflictException(id, expectedVersion, current.version());
                }
                Customer changed = change.apply(current);
                if (changed.id() != null && !changed.id().equals(id)) {
                    throw new ValidationException("id", "does not match the customer's id " + id);
                }
                Customer clean = validator.clean(changed.withId(id));
                if (!Objects.equals(clean.externalId(), newExternal)) {
                    return null;
                }
                return writeExisting(current, clean);
            });
            if (w != null) {
                index.awaitDurable(w.seq());
                tell(w);
                return w.result();
            }
            before = get(id);
        }
    }

    /**
     * Changes many customers by one function and commits once: each is read, changed and written under its lock, as
     * {@link #update} does, so a write made meanwhile by someone else is never overwritten with older data. The
     * change must leave the external id as it is. Customers fail one by one (gone meanwhile, a value the validator
     * refuses, an erased person's identifier) without stopping the others; returns after the commit that makes every
     * change durable.
     */
    public List<BatchResult> updateEach(List<String> ids, UnaryOperator<Customer> change) {
        BatchResult[] results = new BatchResult[ids.size()];
        Set<String> watched = java.util.concurrent.ConcurrentHashMap.newKeySet();
        int lanes = ids.size() >= PARALLEL_BATCH ? WRITE_LANES : 1;
        List<java.util.concurrent.Future<Long>> others = new ArrayList<>();
        for (int lane = 1; lane < lanes; lane++) {
            int l = lane;
            others.add(LANE_POOL.submit(() -> updateLane(ids, change, results, watched, l, lanes)));
        }
        long maxSeq = updateLane(ids, change, results, watched, 0, lanes);
        for (java.util.concurrent.Future<Long> f : others) {
            maxSeq = Math.max(maxSeq, join(f));
        }
        if (maxSeq >= 0) {
            index.awaitDurable(maxSeq);
        }
        tell(watched);
        return List.of(results);
    }

    /** Changes the customers of one lane (by position); returns the highest sequence number written, or -1. */
    private long updateLane(List<String> ids, UnaryOperator<Customer> change, BatchResult[] results,
                            Set<String> watched, int lane, int lanes) {
        long maxSeq = -1;
        for (int i = lane; i < ids.size(); i += lanes) {
            String id = ids.get(i);
            try {
                // Every writer of a stored customer holds the lock of its id, and this change keeps the external id.
                PendingWrite w = locked(keys(id), () -> {
                    Customer now = get(id);
                    Customer changed;
                    try {
                        changed = change.apply(now).withId(id);
                    } catch (RuntimeException e) {
                        throw new ChangeRefused(e);
                    }
                    if (!Objects.equals(CustomerNormalizer.text(changed.externalId()), now.externalId())) {
                        throw new IllegalArgumentException("updateEach must not change an external id");
                    }
                    return writeExisting(now, validator.clean(changed));
                });
                maxSeq = Math.max(maxSeq, w.seq());
                if (w.watched() != null) {
                    watched.add(w.watched());
                }
                results[i] = new BatchResult(w.result(), null);
            } catch (ValidationException | ConflictException | CustomerNotFoundException e) {
                results[i] = new BatchResult(null, e);
            } catch (ChangeRefused e) {
                results[i] = new BatchResult(null, (RuntimeException) e.getCause());
            }
        }
        return maxSeq;
    }

    private static long join(java.util.concurrent.Future<Long> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing a batch", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** What a change given to {@link #updateEach} threw for one customer: that customer's failure. */
    private static final class ChangeRefused extends RuntimeException {
        ChangeRefused(RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    /**
     * Creates or replaces the customer whose external id is {@code externalId} (idempotent PUT by external id).
     */
    public WriteResult upsertByExternalId(String externalId, Customer input, Long expectedVersion) {
        if (input.externalId() != null && !input.externalId().strip().equals(externalId)) {
            throw new ValidationException("external_id", "does not match the external id in the path");
        }
        PendingWrite w = upsertLocked(input.withExternalId(externalId), null, expectedVersion, null);
        index.awaitDurable(w.seq());
        tell(w);
        return w.result();
    }

    /** Deletes a customer. @throws CustomerNotFoundException if there is none */
    public WriteResult delete(String id, Long expectedVersion) {
        Customer before = get(id);
        PendingWrite w = locked(keys(id, before.externalId()), () -> {
            Customer current = get(id);
            if (expectedVersion != null && current.version() != expectedVersion) {
                throw new VersionConflictException(id, expectedVersion, current.version());
            }
            long seq = index.delete(id, current.externalId(), current);
            return new PendingWrite(new WriteResult(current, WriteResult.Outcome.DELETED), seq,
                    listener.wants(current, null) ? id : null);
        });
        index.awaitDurable(w.seq());
        tell(w);
        return w.result();
    }

    /**
     * Brings customers back with exactly the data given (same ids and creation times), for undoing a merge: each
     * must either not exist or be at {@code expectedVersions.get(id)}. Each is written as a new version, above
     * every version it ever had (current or in its history), so a version number always names one state and an
     * ETag a client kept from before can never match different data. All are committed together.
     *
     * @return the customers as stored, with their new versions
     * @throws VersionConflictException when a customer changed since (nothing is written then)
     */
    public List<Customer> restoreExactly(List<Customer> customers, java.util.Map<String, Long> expectedVersions) {
        List<String> keys = new ArrayList<>();
        for (Customer c : customers) {
            keys.addAll(keys(c.id(), c.externalId()));
        }
        List<Customer> stored = new ArrayList<>();
        Set<String> watched = new java.util.HashSet<>();
        long seq = locked(keys, () -> {
            for (Customer c : customers) {
                Optional<Customer> now = index.get(c.id());
                Long expected = expectedVersions.get(c.id());
                long actual = now.map(Customer::version).orElse(0L);
                if (expected == null ? now.isPresent() : actual != expected) {
                    throw new VersionConflictException(c.id(), expected == null ? 0 : expected, actual);
                }
                if (c.externalId() != null) {
                    Optional<String> holder = index.idForExternalId(c.externalId());
                    if (holder.isPresent() && !holder.get().equals(c.id())) {
                        throw new ConflictException("external_id '" + c.externalId() + "' is now used by customer "
                                + holder.get());
                    }
                }
            }
            long last = -1;
            Instant time = now();
            for (Customer c : customers) {
                Customer now = index.get(c.id()).orElse(null);
                Customer restored = index.derive(c.withIdentity(c.id(), c.createdAt(), time, newestVersion(c.id(), now) + 1));
                stored.add(restored);
                last = index.put(restored, now == null ? null : now.externalId(), now);
                if (now != null && listener.wants(now, restored)) {
                    watched.add(c.id());
                }
            }
            return last;
        });
        index.awaitDurable(seq);
        tell(watched);
        return List.copyOf(stored);
    }

    /**
     * Erases customers (see {@link CustomerIndex#erase(List, List)}), deleting them under their locks so that a
     * change already in flight, which read a customer before the erasure, cannot write it back afterwards. Returns
     * once the deletes are durable; the segments that held them are rewritten in the background
     * ({@link CustomerIndex#expungeErased}).
     *
     * @param externalIds the current external id of each customer, null for one that is deleted
     * @return a ticket for {@link #awaitPurge}
     */
    public long erase(List<String> ids, List<String> externalIds) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            keys.addAll(keys(ids.get(i), externalIds.get(i)));
        }
        long seq = locked(keys, () -> index.eraseDocuments(ids, externalIds));
        return index.expungeErased(seq, ids);
    }

    /** Blocks until the erasure with this ticket has left the index files (0: every erasure so far). */
    public void awaitPurge(long ticket) {
        index.awaitPurge(ticket);
    }

    public CustomerIndex.PurgeStatus purgeStatus() {
        return index.purgeStatus();
    }

    /** The highest version a customer has had: the current one, or any in its history (deleted ones too). */
    private long newestVersion(String id, Customer current) {
        long newest = current == null || current.version() == null ? 0 : current.version();
        for (Customer old : index.history(id, 10_000)) {
            newest = Math.max(newest, old.version() == null ? 0 : old.version());
        }
        return newest;
    }

    /** Previous versions of a customer, newest first (the current one is not included). */
    /** One previous version of a customer, if its history holds it. */
    public Optional<Customer> historyVersion(String id, long version) {
        return index.historyVersion(id, version);
    }

    public List<Customer> history(String id, int limit) {
        return index.history(id, limit);
    }

    /**
     * Makes an old version current again, as a new version (so nothing is lost: the current one goes to history).
     *
     * @throws CustomerNotFoundException when the customer or that version does not exist
     */
    public WriteResult restoreVersion(String id, long version, Long expectedVersion) {
        Optional<Customer> now = find(id);
        if (now.isPresent() && now.get().version() == version
                && (expectedVersion == null || expectedVersion == version)) {
            return new WriteResult(now.get(), WriteResult.Outcome.UNCHANGED); // it is current already
        }
        List<Customer> versions = index.history(id, 10_000);
        Customer old = versions.stream().filter(c -> c.version() != null && c.version() == version)
                .findFirst().orElseThrow(() -> new CustomerNotFoundException(id + " version " + version));
        if (find(id).isEmpty()) {
            // Deleted since: bring it back under its id, with a version above every one it had.
            long newest = versions.stream().mapToLong(c -> c.version() == null ? 0 : c.version()).max().orElse(0);
            Customer revived = index.derive(old.withIdentity(id, old.createdAt(), now(), newest + 1));
            PendingWrite w = locked(keys(id, old.externalId()), () -> {
                if (old.externalId() != null && index.idForExternalId(old.externalId()).isPresent()) {
                    throw new ConflictException("external_id '" + old.externalId() + "' is now used by customer "
                            + index.idForExternalId(old.externalId()).get());
                }
                return new PendingWrite(new WriteResult(revived, WriteResult.Outcome.CREATED),
                        index.put(revived, null, null));
            });
            index.awaitDurable(w.seq());
            return w.result();
        }
        return update(id, current -> old, expectedVersion);
    }

    /**
     * One item of a batch: a customer to write, or the error that made it unusable. When {@code valid} is given,
     * it is the proof that {@code customer} was already cleaned, and the store does not validate it again.
     * {@code fields}, when not null, are the only fields ({@link CustomerFields}) an update of
     * a customer found by its external id changes (an import file's columns); null replaces the whole customer.
     */
    public record BatchItem(Customer customer, ValidCustomer valid, RuntimeException error, Set<String> fields) {
        public BatchItem {
            if (valid != null && valid.customer() != customer) {
                throw new IllegalArgumentException("valid must be the proof for this very customer");
            }
            fields = fields == null ? null : Set.copyOf(fields);
        }

        /** A customer the store will clean and validate. */
        public static BatchItem of(Customer c) {
            return new BatchItem(c, null, null, null);
        }

        /** A customer already cleaned and validated (as an importer's rows are). */
        public static BatchItem of(ValidCustomer v) {
            return new BatchItem(v.customer(), v, null, null);
        }

        public static BatchItem failed(RuntimeException e) {
            return new BatchItem(null, null, e, null);
        }

        /** This item, changing only {@code only} of a customer it updates (null: the whole customer). */
        public BatchItem onlyFields(Set<String> only) {
            return new BatchItem(customer, valid, error, only);
        }
    }

    /** The outcome of one batch item: a result or an error (validation, conflict, not found). */
    public record BatchResult(WriteResult result, RuntimeException error) {
    }

    /**
     * Writes many customers and commits once. Each item is an upsert: with the id of a stored customer and an external id, a
     * replace of that customer which gives it the external id (a conflict if another customer holds it); else by
     * external id when it has one (an id this index does not hold is ignored); a replace by id when it has only that; else a create. Items fail one by one without stopping the batch; the method
     * returns after the commit that makes every successful item durable.
     */
    public List<BatchResult> writeBatch(List<BatchItem> items) {
        PendingBatch batch = startBatch(items);
        batch.awaitDurable();
        return batch.results();
    }

    /**
     * A batch written to the index but not yet known to be durable: call {@link #awaitDurable()} before
     * acknowledging any of it. Lets an importer index the next batch while this one's commit runs.
     */
    public static final class PendingBatch {
        private final List<BatchResult> results;
        private final PendingCommit commit;

        private PendingBatch(List<BatchResult> results, PendingCommit commit) {
            this.results = results;
            this.commit = commit;
        }

        public List<BatchResult> results() {
            return results;
        }

        /** The commit that makes this batch durable (holds none of the batch's customers). */
        public PendingCommit commit() {
            return commit;
        }

        /** Blocks until every successful item of this batch is committed. */
        public void awaitDurable() {
            commit.await();
        }
    }

    /** Writes up to some point that are not yet known to be durable. */
    public final class PendingCommit {
        private final long seq;
        /** The customers whose changes the listener wanted, told once the commit is awaited. */
        private final Set<String> watched;
        private final java.util.concurrent.atomic.AtomicBoolean told = new java.util.concurrent.atomic.AtomicBoolean();

        private PendingCommit(long seq, Set<String> watched) {
            this.seq = seq;
            this.watched = watched;
        }

        /** Asks for the commit to start soon, without waiting for it. */
        public void request() {
            if (seq >= 0) {
                index.requestCommit(seq);
            }
        }

        /**
         * Blocks until the writes are committed (asking for the commit first if nobody has); the first await then
         * tells the {@link ChangeListener}.
         */
        public void await() {
            if (seq >= 0) {
                index.awaitDurable(seq);
            }
            if (!told.getAndSet(true)) {
                tell(watched);
            }
        }
    }

    /** Writes a batch without waiting for its commit (see {@link PendingBatch}); the commit starts at once. */
    public PendingBatch startBatch(List<BatchItem> items) {
        PendingBatch batch = stageBatch(items);
        batch.commit().request();
        return batch;
    }

    /**
     * Writes a batch without asking for a commit: an importer stages several batches, then commits them at once
     * ({@link PendingCommit#request()}, then {@link PendingCommit#await()} on each before acknowledging).
     * Until then the writes are visible but not durable.
     */
    public PendingBatch stageBatch(List<BatchItem> items) {
        BatchResult[] results = new BatchResult[items.size()];
        Set<String> watched = java.util.concurrent.ConcurrentHashMap.newKeySet();
        int lanes = items.size() >= PARALLEL_BATCH ? WRITE_LANES : 1;
        if (lanes == 1) {
            long seq = writeLane(items, results, watched, 0, 1);
            return new PendingBatch(List.of(results), new PendingCommit(seq, watched));
        }
        // Items are spread over lanes by their key (external id, else id), so the writes of one customer stay in
        // file order within one lane: the last line for a customer wins, as in a sequential run.
        List<java.util.concurrent.Future<Long>> others = new ArrayList<>();
        for (int lane = 1; lane < lanes; lane++) {
            int l = lane;
            others.add(LANE_POOL.submit(() -> writeLane(items, results, watched, l, lanes)));
        }
        long seq = writeLane(items, results, watched, 0, lanes);
        for (java.util.concurrent.Future<Long> f : others) {
            seq = Math.max(seq, join(f));
        }
        return new PendingBatch(List.of(results), new PendingCommit(seq, watched));
    }

    /** Batches at least this large are written by {@link #WRITE_LANES} threads. */
    private static final int PARALLEL_BATCH = 256;
    private static final int WRITE_LANES = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    private static final java.util.concurrent.ExecutorService LANE_POOL =
            java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, WRITE_LANES - 1), r -> {
                Thread t = new Thread(r, "clientele-batch-lane");
                t.setDaemon(true);
                return t;
            });

    /** Writes the items of one lane; returns the highest sequence number written, or -1. */
    private long writeLane(List<BatchItem> items, BatchResult[] results, Set<String> watched, int lane, int lanes) {
        long maxSeq = -1;
        for (int i = 0; i < items.size(); i++) {
            BatchItem item = items.get(i);
            if (lanes > 1 && laneOf(item, i, lanes) != lane) {
                continue;
            }
            if (item.error() != null) {
                results[i] = new BatchResult(null, item.error());
                continue;
            }
            try {
                PendingWrite w = upsertLocked(item.customer(), item.valid(), null, item.fields());
                maxSeq = Math.max(maxSeq, w.seq());
                if (w.watched() != null) {
                    watched.add(w.watched());
                }
                results[i] = new BatchResult(w.result(), null);
            } catch (ValidationException | ConflictException | CustomerNotFoundException
                     | VersionConflictException e) {
                results[i] = new BatchResult(null, e);
            }
        }
        return maxSeq;
    }

    private static int laneOf(BatchItem item, int position, int lanes) {
        Customer c = item.customer();
        String key = c == null ? null : CustomerNormalizer.text(c.externalId());
        if (key == null && c != null) {
            key = c.id();
        }
        return Math.floorMod(key == null ? position : key.hashCode(), lanes);
    }

    /**
     * {@code valid}, when not null, is the proof that {@code input} is already clean; {@code fields}, when not
     * null, are the only fields an update of a customer found by its external id takes from {@code input}.
     */
    private PendingWrite upsertLocked(Customer input, ValidCustomer valid, Long expectedVersion, Set<String> fields) {
        String external = CustomerNormalizer.text(input.externalId());
        Optional<Customer> named = external != null && input.id() != null ? find(input.id()) : Optional.empty();
        if (named.isPresent()) {
            return updateNamed(named.get(), external, input, expectedVersion);
        }
        if (external == null) {
            if (input.id() != null) {
                return updatePending(input.id(), input, expectedVersion);
            }
            Customer clean = valid != null && !valid.partial() ? input : validator.clean(input);
            String id = CustomerIds.newId();
            return locked(keys(id), () -> writeNew(id, clean));
        }
        // Clearing the id keeps a clean customer clean: the validator only ever checks a present id. A proof of
        // some fields only (an update of some columns) is checked whole once combined, or before it creates one.
        boolean checkedWhole = valid == null || !valid.partial();
        Customer clean = valid != null ? input.withId(null) : validator.clean(input.withId(null));
        while (true) {
            Optional<String> existingId = index.idForExternalId(external);
            String lockId = existingId.orElse(null);
            PendingWrite w = locked(keys(lockId, external), () -> {
                Optional<String> nowId = index.idForExternalId(external);
                if (!nowId.equals(existingId)) {
                    return null; // raced with another writer: retry with the right locks
                }
                if (nowId.isEmpty()) {
                    if (expectedVersion != null) {
                        throw new VersionConflictException("with external_id " + external, expectedVersion, 0);
                    }
                    return writeNew(CustomerIds.newId(), checkedWhole ? clean : validator.clean(clean));
                }
                Customer current = index.get(nowId.get()).orElseThrow();
                if (expectedVersion != null && current.version() != expectedVersion) {
                    throw new VersionConflictException(current.id(), expectedVersion, current.version());
                }
                Customer next = fields != null ? validator.clean(FieldOverlay.overlay(current, clean, fields))
                        : checkedWhole ? clean : validator.clean(clean);
                return writeExisting(current, next.withId(current.id()));
            });
            if (w != null) {
                return w;
            }
        }
    }

    /**
     * A write naming both a customer stored here (its id) and an external id updates that customer and gives it the
     * external id (how a system's own ids are attached to customers already stored). An external id another
     * customer holds is a conflict: never a silent create of a second record, nor an update of the other customer.
     * An id this index does not hold (an export of another server) is left to the external id, as before.
     */
    private PendingWrite updateNamed(Customer current, String external, Customer input, Long expectedVersion) {
        String id = current.id();
        return locked(keys(id, current.externalId(), external), () -> {
            Customer now = get(id);
            if (expectedVersion != null && now.version() != expectedVersion) {
                throw new VersionConflictException(id, expectedVersion, now.version());
            }
            // writeExisting refuses an external id another customer holds
            return writeExisting(now, validator.clean(input.withId(id)));
        });
    }

    private PendingWrite updatePending(String id, Customer input, Long expectedVersion) {
        Customer current = get(id);
        return locked(keys(id, current.externalId()), () -> {
            Customer now = get(id);
            if (expectedVersion != null && now.version() != expectedVersion) {
                throw new VersionConflictException(id, expectedVersion, now.version());
            }
            return writeExisting(now, validator.clean(input.withId(id)));
        });
    }

    /**
     * The conflict of an external id another customer holds. It does not name that customer: the caller's key may
     * not see it; {@code GET /api/customers/by-external-id/{id}} finds it for a key that may.
     */
    private static ConflictException takenBy(String externalId) {
        return new ConflictException("external_id '" + externalId + "' is already used by another customer");
    }

    /** A write not yet durable; {@code watched} is its customer's id when the listener wants to hear of it. */
    private record PendingWrite(WriteResult result, long seq, String watched) {
        PendingWrite(WriteResult result, long seq) {
            this(result, seq, null);
        }
    }

    private void tell(PendingWrite w) {
        if (w.watched() != null) {
            tell(Set.of(w.watched()));
        }
    }

    private void tell(Set<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        try {
            listener.changed(Set.copyOf(ids));
        } catch (RuntimeException e) {
            // The change is durable and answered as such; what the listener keeps may lag behind it (ids only).
            LOG.warn("a change listener failed for {} customers (first {}): {}", ids.size(), ids.iterator().next(),
                    e.toString());
        }
    }

    private PendingWrite writeNew(String id, Customer clean) {
        ErasedPersonException refused = erasedNew(clean);
        if (refused != null) {
            throw refused;
        }
        Instant now = now();
        Customer stored = index.derive(clean.withIdentity(id, now, now, 1));
        long seq = index.add(stored); // every caller passes a fresh id (CustomerIds.newId)
        return new PendingWrite(new WriteResult(stored, WriteResult.Outcome.CREATED), seq);
    }

    private PendingWrite writeExisting(Customer current, Customer clean) {
        if (clean.externalId() != null && !clean.externalId().equals(current.externalId())) {
            Optional<String> holder = index.idForExternalId(clean.externalId());
            if (holder.isPresent() && !holder.get().equals(current.id())) {
                throw takenBy(clean.externalId());
            }
        }
        if (current.sameDataAs(clean)) {
            // Nothing to write; but what is stored may itself be a write not yet committed by another thread.
            return new PendingWrite(new WriteResult(current, WriteResult.Outcome.UNCHANGED), index.maxSequence());
        }
        ErasedPersonException refused = erasedChange(current, clean);
        if (refused != null) {
            throw refused;
        }
        Instant now = now();
        Customer stored = index.derive(clean.withIdentity(current.id(), current.createdAt(), now,
                current.version() + 1));
        long seq = index.put(stored, current.externalId(), current);
        return new PendingWrite(new WriteResult(stored, WriteResult.Outcome.UPDATED), seq,
                listener.wants(current, stored) ? current.id() : null);
    }

    /** The refusal creating {@code clean} meets for carrying an erased person's identifier, or null. */
    private ErasedPersonException erasedNew(Customer clean) {
        String field = erased.apply(clean);
        return field == null ? null : new ErasedPersonException(field, "this customer matches an erased person "
                + "(GDPR erasure) by its " + ErasedPersonException.describe(field) + " (" + field
                + ") and is not re-created");
    }

    /**
     * The refusal changing {@code current} into {@code next} meets for adding an erased person's identifier, or
     * null.
     */
    private ErasedPersonException erasedChange(Customer current, Customer next) {
        Customer added = FieldOverlay.identifiersAdded(current, next);
        String field = erased.apply(added);
        if (field == null) {
            return null;
        }
        String path = FieldOverlay.pathIn(next, added, field);
        return new ErasedPersonException(path, "this change adds an identifier (email, phone or external id) of an "
                + "erased person (GDPR erasure): its " + ErasedPersonException.describe(path) + " (" + path
                + "); it is not stored");
    }

    /**
     * For a dry run: the refusal that writing {@code input} (a clean customer, upserted by its external id; only
     * {@code fields} of it when not null) would meet now for carrying an erased person's identifier, or null. Reads
     * only; a write made meanwhile may change the answer.
     */
    public ErasedPersonException erasedRefusal(Customer input, Set<String> fields) {
        Customer current = input.externalId() == null ? null : findByExternalId(input.externalId()).orElse(null);
        if (current == null) {
            return erasedNew(input);
        }
        Customer next = fields != null ? FieldOverlay.overlay(current, input.withId(null), fields) : input;
        return erasedChange(current, next);
    }

    private Instant now() {
        // Millisecond precision: what JSON clients and the index keep.
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static List<String> keys(String id, String... externalIds) {
        List<String> keys = new ArrayList<>();
        if (id != null) {
            keys.add("i:" + id);
        }
        for (String e : externalIds == null ? new String[0] : externalIds) {
            if (e != null) {
                keys.add("x:" + e);
            }
        }
        return keys;
    }

    private <T> T locked(List<String> keys, java.util.function.Supplier<T> body) {
        TreeSet<Integer> stripes = new TreeSet<>();
        for (String k : keys) {
            stripes.add(Math.floorMod(k.hashCode(), STRIPES));
        }
        List<ReentrantLock> held = new ArrayList<>();
        try {
            for (int s : stripes) {
                ReentrantLock l = locks[s];
                l.lock();
                held.add(l);
            }
            return body.get();
        } finally {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).unlock();
            }
        }
    }
}
