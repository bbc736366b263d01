package dev.clientele.search;

import dev.clientele.customer.Address;
import dev.clientele.customer.Customer;
import dev.clientele.customer.Gender;
import dev.clientele.customer.Kind;
import dev.clientele.index.CustomerIndex;
import dev.clientele.index.CustomerSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.Bits;

/**
 * A point-in-time snapshot of the whole index for a duplicate scan: every customer's match data packed in memory
 * and the blocking keys' postings as int arrays, so that a scan finds and reads the candidates of each customer
 * without a query or a stored-document read per customer.
 *
 * <h2>Design notes</h2>
 * <p><b>Why.</b> Profiling a 100k scan through {@link CandidateFinder} showed 40 % of the CPU in reading the
 * candidates' stored documents at random (each read decompresses a whole block) and parsing their JSON, and 15 % in
 * the candidate queries. Here each document is read and parsed once, in index order, where consecutive reads share
 * the decompressed blocks, and candidates are counted from arrays.
 *
 * <p><b>Candidates</b> are chosen as {@link CandidateFinder} chooses them in a scan: the customers sharing the most
 * blocking keys first. Customers are numbered 0 to {@link #size()} − 1 in index order, and {@link Reader#candidates}
 * returns only higher numbers, so a scan over all numbers sees each pair once.
 *
 * <p><b>Packed customers</b> hold what matching and the review journal look at (id, kind, names, company, emails,
 * phones, address, birthday, gender, website, version) and nothing else: purchases, notes and timestamps are left
 * out. A value the scorer reads and this leaves out is a value a scan scores without, unlike the customer card's
 * lookup.
 *
 * <p><b>Memory</b>: about 150 bytes per customer for the packed data and 8 bytes per key a customer shares with
 * another (keys of one customer only, such as most e-mails, are dropped: they pair nothing); about 250 MB at one
 * million customers, held only for the scan.
 *
 * <p>Immutable once opened and thread-safe; a {@link Reader} belongs to one thread.
 */
public final class CandidateScan {
    /** Documents per packing task: small enough to share big segments among threads. */
    private static final int TASK_DOCS = 32_768;
    /*
     * 256 KB: below half of G1's smallest region (1 MB), so pages are ordinary allocations. 1 MB pages were
     * "humongous" (more than half a region), each given regions of its own with the rest left empty: at 5M customers
     * a class histogram showed 970 MB of such filler next to 750 MB of pages, and the scan ran out of a 3 GB heap.
     */
    private static final int PAGE = 1 << 18;

    private final byte[][] pages;
    /** Page index (high 32 bits) and position of each customer's packed data. */
    private final long[] offsets;
    /** Customers per shared key, ascending: key k's are {@code postings[postingStart[k] .. postingStart[k+1])}. */
    private final int[] postings;
    private final int[] postingStart;
    /** Shared keys per customer: customer c's are {@code keys[keyStart[c] .. keyStart[c+1])}. */
    private final int[] keys;
    private final int[] keyStart;

    private CandidateScan(byte[][] pages, long[] offsets, int[] postings, int[] postingStart, int[] keys,
                          int[] keyStart) {
        this.pages = pages;
        this.offsets = offsets;
        this.postings = postings;
        this.postingStart = postingStart;
        this.keys = keys;
        this.keyStart = keyStart;
    }

    /** Snapshots the refreshed index, reading the documents on {@code threads} threads. Blocks until done. */
    public static CandidateScan open(CustomerIndex index, int threads) {
        return index.withSearcher(s -> build(s.getIndexReader(), Math.max(1, threads)));
    }

    /** Customers in the snapshot. */
    public int size() {
        return offsets.length;
    }

    /** Customer {@code n}'s match data (only the fields named in the class notes are set). */
    public Customer customer(int n) {
        long at = offsets[n];
        return new Unpacker(pages[(int) (at >>> 32)], (int) at).customer();
    }

    /** Counting state for {@link #candidates}; one per thread. */
    public Reader reader() {
        return new Reader();
    }

    /** Finds candidates; not thread-safe (one per scanning thread). */
    public final class Reader {
        private final int[] shared = new int[size()];
        private int[] touched = new int[1024];

        private Reader() {
        }

        /**
         * Up to {@code max} customers numbered above {@code n} that share at least one blocking key with it, most
         * shared keys first. They are taken from the {@code 3 × max + 1} customers that share the most keys with
         * {@code n} (ties to lower numbers), as {@link CandidateFinder} takes them from its query's top hits in a
         * scan: a customer in a large block of weak ties (a common name and nothing else) is compared with the
         * customers that share more with it, not with every namesake.
         */
        public List<Customer> candidates(int n, int max) {
            int count = 0;
            int from = keyStart[n];
            int to = keyStart[n + 1];
            for (int k = from; k < to; k++) {
                int key = keys[k];
                for (int p = postingStart[key]; p < postingStart[key + 1]; p++) {
                    int other = postings[p];
                    if (other != n && shared[other]++ == 0) {
                        if (count == touched.length) {
                            touched = Arrays.copyOf(touched, count * 2);
                        }
                        touched[count++] = other;
                    }
                }
            }
            int[] chosen = choose(n, count, max, to - from);
            List<Customer> out = new ArrayList<>(chosen.length);
            for (int other : chosen) {
                out.add(customer(other));
            }
            return out;
        }

        /** The touched customers above {@code n} among the top {@code 3 × max + 1}, sorted; resets the counts. */
        private int[] choose(int n, int count, int max, int keyCount) {
            int top = 3 * max + 1;
            // Counts are at most the customer's key count: a histogram finds the count the cut falls on.
            int[] histogram = new int[keyCount + 1];
            for (int i = 0; i < count; i++) {
                histogram[shared[touched[i]]]++;
            }
            int cut = keyCount;
            int above = 0;
            while (cut > 1 && above + histogram[cut] < top) {
                above += histogram[cut];
                cut--;
            }
            int atCut = Math.min(histogram[cut], top - above);
            int[] ties = new int[histogram[cut]];
            int tieCount = 0;
            long[] picked = new long[Math.min(count, above + atCut)];
            int size = 0;
            for (int i = 0; i < count; i++) {
                int other = touched[i];
                int c = shared[other];
                shared[other] = 0;
                if (c > cut && other > n) {
                    picked[size++] = (long) (keyCount - c) << 32 | other;
                } else if (c == cut && cut > 0) {
                    ties[tieCount++] = other;
                }
            }
            if (tieCount > atCut) {
                Arrays.sort(ties, 0, tieCount);
            }
            for (int i = 0; i < Math.min(tieCount, atCut); i++) {
                if (ties[i] > n) {
                    picked[size++] = (long) (keyCount - cut) << 32 | ties[i];
                }
            }
            Arrays.sort(picked, 0, size);
            int[] out = new int[Math.min(size, max)];
            for (int i = 0; i < out.length; i++) {
                out[i] = (int) picked[i];
            }
            return out;
        }
    }

    private static CandidateScan build(IndexReader reader, int threads) throws IOException {
        int maxDoc = reader.maxDoc();
        int[] docToCustomer = new int[maxDoc];
        List<Task> tasks = new ArrayList<>();
        int n = 0;
        for (LeafReaderContext leaf : reader.leaves()) {
            Bits live = leaf.reader().getLiveDocs();
            int leafMax = leaf.reader().maxDoc();
            for (int from = 0; from < leafMax; from += TASK_DOCS) {
                tasks.add(new Task(leaf, from, Math.min(leafMax, from + TASK_DOCS), n));
                for (int d = from; d < Math.min(leafMax, from + TASK_DOCS); d++) {
                    docToCustomer[leaf.docBase + d] = live == null || live.get(d) ? n++ : -1;
                }
            }
        }
        long[] offsets = new long[n];
        List<byte[]> pages = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "clientele-scan-snapshot");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<byte[]>>> packed = new ArrayList<>();
            for (Task t : tasks) {
                packed.add(pool.submit(() -> t.pack(offsets)));
            }
            // Keys are gathered on this thread while the pool reads the documents.
            Postings p = postings(reader, docToCustomer, n);
            for (int i = 0; i < tasks.size(); i++) {
                Task t = tasks.get(i);
                int base = pages.size();
                pages.addAll(packed.get(i).get());
                for (int c = t.firstCustomer; c < t.firstCustomer + t.customers; c++) {
                    offsets[c] += (long) base << 32;
                }
            }
            return new CandidateScan(pages.toArray(byte[][]::new), offsets, p.postings, p.postingStart, p.keys,
                    p.keyStart);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("scan snapshot interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("scan snapshot failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private record Postings(int[] postings, int[] postingStart, int[] keys, int[] keyStart) {
    }

    /** The blocking keys that two or more live customers share, both ways round. */
    private static Postings postings(IndexReader reader, int[] docToCustomer, int customers) throws IOException {
        Terms terms = MultiTerms.getTerms(reader, CustomerSchema.MATCH_KEY);
        int[] postings = new int[Math.max(16, customers * 4)];
        int[] starts = new int[1024];
        int size = 0;
        int keyCount = 0;
        if (terms != null) {
            TermsEnum te = terms.iterator();
            PostingsEnum pe = null;
            while (te.next() != null) {
                if (te.docFreq() < 2) {
                    continue;
                }
                pe = te.postings(pe, PostingsEnum.NONE);
                int start = size;
                for (int d = pe.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = pe.nextDoc()) {
                    int c = docToCustomer[d];
                    if (c >= 0) {
                        if (size == postings.length) {
                            postings = Arrays.copyOf(postings, size + (size >> 1));
                        }
                        postings[size++] = c;
                    }
                }
                if (size - start < 2) {
                    size = start;
                    continue;
                }
                if (keyCount + 1 == starts.length) {
                    starts = Arrays.copyOf(starts, starts.length * 2);
                }
                starts[keyCount++] = start;
            }
        }
        starts[keyCount] = size;
        int[] postingStart = Arrays.copyOf(starts, keyCount + 1);
        int[] keyStart = new int[customers + 1];
        for (int i = 0; i < size; i++) {
            keyStart[postings[i] + 1]++;
        }
        for (int c = 0; c < customers; c++) {
            keyStart[c + 1] += keyStart[c];
        }
        int[] keys = new int[size];
        int[] fill = Arrays.copyOf(keyStart, customers);
        for (int k = 0; k < keyCount; k++) {
            for (int i = postingStart[k]; i < postingStart[k + 1]; i++) {
                keys[fill[postings[i]]++] = k;
            }
        }
        return new Postings(Arrays.copyOf(postings, size), postingStart, keys, keyStart);
    }

    /** Packs the live documents {@code from .. to} of one segment. */
    private static final class Task {
        final LeafReaderContext leaf;
        final int from;
        final int to;
        final int firstCustomer;
        int customers;

        Task(LeafReaderContext leaf, int from, int to, int firstCustomer) {
            this.leaf = leaf;
            this.from = from;
            this.to = to;
            this.firstCustomer = firstCustomer;
        }

        /** Writes the packed customers into new pages; their offsets (page numbers local) into {@code offsets}. */
        List<byte[]> pack(long[] offsets) throws IOException {
            Bits live = leaf.reader().getLiveDocs();
            StoredFields stored = leaf.reader().storedFields();
            Packer packer = new Packer();
            int c = firstCustomer;
            for (int d = from; d < to; d++) {
                if (live == null || live.get(d)) {
                    offsets[c++] = packer.add(CustomerSchema.matchDataFromStored(stored, d));
                }
            }
            customers = c - firstCustomer;
            return packer.pages;
        }
    }

    /**
     * Writes customers as: id, kind, first name, last name, company, e-mails, phones, address, birthday, gender,
     * website, version. Strings are a varint (0 = null, else length + 1) and UTF-8; lists a varint count then strings;
     * the address a presence byte then its five strings; the birthday a varint (0 = none, else epoch day +
     * {@link #DAY_BASE}); the version a varint (0 = none, else version + 1).
     */
    private static final class Packer {
        final List<byte[]> pages = new ArrayList<>();
        private byte[] buf = new byte[512];
        private int len;
        private int pageUsed;

        long add(Customer c) {
            len = 0;
            string(c.id());
            varint(c.kind() == null ? 0 : c.kind().ordinal() + 1);
            string(c.firstName());
            string(c.lastName());
            string(c.company());
            varint(c.emails().size());
            c.emails().forEach(this::string);
            varint(c.phones().size());
            c.phones().forEach(this::string);
            Address a = c.address();
            varint(a == null ? 0 : 1);
            if (a != null) {
                string(a.street());
                string(a.city());
                string(a.region());
                string(a.postalCode());
                string(a.country());
            }
            varint(c.birthday() == null ? 0 : c.birthday().toEpochDay() + DAY_BASE);
            // The scorer reads these too: a gender apart caps a pair, a company's website domain identifies it.
            varint(c.gender() == null ? 0 : c.gender().ordinal() + 1);
            string(c.website());
            // The review queue records the versions a pair was scored at, to tell at start which changed since.
            varint(c.version() == null ? 0 : c.version() + 1);
            byte[] page = pages.isEmpty() ? null : pages.get(pages.size() - 1);
            if (page == null || pageUsed + len > page.length) {
                page = new byte[Math.max(PAGE, len)];
                pages.add(page);
                pageUsed = 0;
            }
            System.arraycopy(buf, 0, page, pageUsed, len);
            long at = (long) (pages.size() - 1) << 32 | pageUsed;
            pageUsed += len;
            return at;
        }

        private void string(String s) {
            if (s == null) {
                varint(0);
                return;
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            varint(b.length + 1L);
            ensure(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
        }

        private void varint(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[len++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[len++] = (byte) v;
        }

        private void ensure(int more) {
            if (len + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
            }
        }
    }

    /** Birthdays from year 0 on are positive after adding this (validation allows 1900 and later). */
    private static final long DAY_BASE = 1_000_000;

    /** Reads one customer written by {@link Packer}. */
    private static final class Unpacker {
        private final byte[] page;
        private int at;

        Unpacker(byte[] page, int at) {
            this.page = page;
            this.at = at;
        }

        Customer customer() {
            String id = string();
            int kind = (int) varint();
            String first = string();
            String last = string();
            String company = string();
            List<String> emails = strings();
            List<String> phones = strings();
            Address address = varint() == 0 ? null : new Address(string(), string(), string(), string(), string());
            long day = varint();
            LocalDate birthday = day == 0 ? null : LocalDate.ofEpochDay(day - DAY_BASE);
            int gender = (int) varint();
            String website = string();
            long version = varint();
            return new Customer(id, null, kind == 0 ? null : Kind.values()[kind - 1], first, last, company, null,
                    emails, phones, address, null, website, null, null, List.of(), null, birthday,
                    gender == 0 ? null : Gender.values()[gender - 1], null, null,
                    null, null, null, null, List.of(), null, null, null, null, null, version == 0 ? null : version - 1);
        }

        private List<String> strings() {
            int n = (int) varint();
            if (n == 0) {
                return List.of();
            }
            String[] out = new String[n];
            for (int i = 0; i < n; i++) {
                out[i] = string();
            }
            return List.of(out);
        }

        private String string() {
            int n = (int) varint();
            if (n == 0) {
                return null;
            }
            String s = new String(page, at, n - 1, StandardCharsets.UTF_8);
            at += n - 1;
            return s;
        }

        private long varint() {
            long v = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = page[at++];
                v |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return v;
                }
            }
        }
    }
}
