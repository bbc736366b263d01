package dev.clientele.privacy;

import dev.clientele.customer.Customer;
import dev.clientele.journal.Journal;
import dev.clientele.text.Emails;
import dev.clientele.text.Phones;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records of erased customers, so an erased person does not come back through a later import or a restored
 * backup. A tombstone holds the erased customer id and salted SHA-256 hashes of the identifiers that would bring
 * the person back (external id, normalised emails and phone numbers) — never the identifiers themselves, so the
 * tombstone file holds no personal data. Durable ({@link Journal}); thread-safe.
 */
public final class Tombstones implements AutoCloseable {
    /** One erasure. */
    public record Tombstone(String customerId, Instant at, List<String> hashes) {
    }

    private static final String SALT = "clientele-tombstone-v1:";

    private final Journal<Tombstone> journal;
    private final Set<String> hashes = ConcurrentHashMap.newKeySet();
    private final Set<String> ids = ConcurrentHashMap.newKeySet();

    private Tombstones(Path file) {
        this.journal = Journal.open(file, Tombstone.class, this::remember);
    }

    public static Tombstones open(Path file) {
        return new Tombstones(file);
    }

    private void remember(Tombstone t) {
        ids.add(t.customerId());
        hashes.addAll(t.hashes());
    }

    /**
     * Durably records the erasure of a customer (before its data is removed), with the identifiers of its current
     * and all earlier versions.
     */
    public Tombstone record(Customer c, List<Customer> earlier, Instant at) {
        java.util.Set<String> all = new java.util.LinkedHashSet<>(identifiers(c));
        for (Customer e : earlier) {
            all.addAll(identifiers(e));
        }
        Tombstone t = new Tombstone(c.id(), at, List.copyOf(all));
        journal.append(t);
        remember(t);
        return t;
    }

    /**
     * Which field of a customer carries an identifier of an erased person: {@code id}, {@code external_id},
     * {@code emails[i]} or {@code phones[i]} (the first that matches, in that order); null when none does.
     */
    public String matchedField(Customer c) {
        if (c.id() != null && ids.contains(c.id())) {
            return "id";
        }
        if (hashes.isEmpty()) {
            return null;
        }
        if (c.externalId() != null && hashes.contains(externalIdHash(c.externalId()))) {
            return "external_id";
        }
        for (int i = 0; i < c.emails().size(); i++) {
            if (emailHashes(c.emails().get(i)).stream().anyMatch(hashes::contains)) {
                return "emails[" + i + "]";
            }
        }
        String country = c.address() == null ? null : c.address().country();
        for (int i = 0; i < c.phones().size(); i++) {
            String phone = c.phones().get(i);
            // A line is its number and extension, as recorded: an erased "+49 30 1234567 ext. 12" comes back as
            // "030 1234567 x12", not as the bare number, the switchboard everyone at the firm is reached through
            // (colleagues stay welcome), nor as another extension. An erased bare number is the person's own: it
            // comes back with an extension too.
            String number = Phones.number(phone);
            if (phoneHashes(phone, country).stream().anyMatch(hashes::contains)
                    || !number.equals(phone) && phoneHashes(number, country).stream().anyMatch(hashes::contains)) {
                return "phones[" + i + "]";
            }
        }
        return null;
    }

    /** Copies the tombstone journal (whole records only) to {@code target}, for a backup. */
    public void copyTo(Path target) throws java.io.IOException {
        journal.copyTo(target);
    }

    /** Ids of every erased customer (to re-apply erasures to a restored index). */
    public Set<String> erasedIds() {
        return Set.copyOf(ids);
    }

    private static List<String> identifiers(Customer c) {
        List<String> out = new ArrayList<>();
        if (c.externalId() != null) {
            out.add(externalIdHash(c.externalId()));
        }
        for (String e : c.emails()) {
            out.addAll(emailHashes(e));
        }
        String country = c.address() == null ? null : c.address().country();
        for (String p : c.phones()) {
            out.addAll(phoneHashes(p, country));
        }
        return out;
    }

    private static String externalIdHash(String externalId) {
        return hash("x:" + externalId);
    }

    private static List<String> emailHashes(String email) {
        String n = Emails.normalize(email);
        return n != null && !n.isEmpty() ? List.of(hash("e:" + n)) : List.of();
    }

    /**
     * The hashes of a phone as written: its number and its extension's digits after it, so a line behind a
     * switchboard is recorded as that line (tombstones have always been so; a bare number is its number alone).
     */
    private static List<String> phoneHashes(String phone, String country) {
        List<String> out = new ArrayList<>(2);
        String n = Phones.nationalNumber(phone, country);
        if (n != null && n.length() >= 6) {
            out.add(hash("p:" + n));
        }
        // The same number written without its country code ("06 30 …" vs "+36 30 …") differs in its national
        // form when the country is unknown; its last nine digits do not.
        String digits = Phones.digits(phone);
        if (digits.length() >= 9) {
            out.add(hash("t:" + digits.substring(digits.length() - 9)));
        }
        return out;
    }

    private static String hash(String text) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((SALT + text).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        journal.close();
    }
}
