package dev.clientele.customer;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One customer as a business keeps it: a person (B2C) or a company (B2B), with contact data, address,
 * consent state and purchase history.
 *
 * <p>Immutable. The last six components ({@code lifetimeSpend} … {@code version}) are derived or managed by
 * the store: callers may send them, but {@link #withDerived()} and the store overwrite them. Lists are never
 * null in a normalised customer (see {@link CustomerNormalizer}); every other component may be null when unknown.
 */
public record Customer(
        String id,
        String externalId,
        Kind kind,
        String firstName,
        String lastName,
        String company,
        String position,
        List<String> emails,
        List<String> phones,
        Address address,
        String industry,
        String website,
        String rep,
        String notes,
        List<String> tags,
        String source,
        LocalDate birthday,
        Gender gender,
        String language,
        Channel preferredChannel,
        String contactHours,
        Consent consent,
        OptOut marketingOptOut,
        String funnelStage,
        List<Purchase> purchases,
        BigDecimal lifetimeSpend,
        LocalDate lastPurchaseDate,
        Integer purchaseCount,
        String spendCurrency,
        List<Money> uncountedSpend,
        Instant createdAt,
        Instant updatedAt,
        Long version) {

    public Customer {
        emails = copy(emails);
        phones = copy(phones);
        tags = copy(tags);
        purchases = copy(purchases);
        uncountedSpend = uncountedSpend == null ? null : copy(uncountedSpend);
    }

    /** A customer without the currency of its derived figures (as before base currencies; see {@link #withDerived(CurrencyRates)}). */
    public Customer(String id, String externalId, Kind kind, String firstName, String lastName, String company,
                    String position, List<String> emails, List<String> phones, Address address, String industry,
                    String website, String rep, String notes, List<String> tags, String source, LocalDate birthday,
                    Gender gender, String language, Channel preferredChannel, String contactHours, Consent consent,
                    OptOut marketingOptOut, String funnelStage, List<Purchase> purchases, BigDecimal lifetimeSpend,
                    LocalDate lastPurchaseDate, Integer purchaseCount, Instant createdAt, Instant updatedAt,
                    Long version) {
        this(id, externalId, kind, firstName, lastName, company, position, emails, phones, address, industry, website,
                rep, notes, tags, source, birthday, gender, language, preferredChannel, contactHours, consent,
                marketingOptOut, funnelStage, purchases, lifetimeSpend, lastPurchaseDate, purchaseCount, null, null,
                createdAt, updatedAt, version);
    }

    /** An immutable copy without null entries (JSON arrays may contain nulls). */
    private static <T> List<T> copy(List<T> values) {
        return values == null ? List.of() : values.stream().filter(Objects::nonNull).toList();
    }

    /** A customer with only the given names set; handy as a starting point with the {@code with*} methods. */
    public static Customer person(String firstName, String lastName) {
        return new Customer(null, null, Kind.PERSON, firstName, lastName, null, null, List.of(), List.of(), null,
                null, null, null, null, List.of(), null, null, null, null, null, null, null, null, null, List.of(),
                null, null, null, null, null, null);
    }

    /** The display name: "first last" for people, the company name for companies (or whatever is known). */
    public String displayName() {
        String full = fullName();
        if (kind == Kind.COMPANY && company != null) {
            return company;
        }
        if (!full.isEmpty()) {
            return full;
        }
        if (company != null) {
            return company;
        }
        return emails.isEmpty() ? (phones.isEmpty() ? "" : phones.get(0)) : emails.get(0);
    }

    /** First and last name joined by a space, or empty. */
    public String fullName() {
        StringBuilder sb = new StringBuilder();
        if (firstName != null) {
            sb.append(firstName);
        }
        if (lastName != null) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(lastName);
        }
        return sb.toString();
    }

    /**
     * This customer with {@code lifetimeSpend}, {@code lastPurchaseDate} and {@code purchaseCount} recomputed, the
     * amounts of all currencies summed as they are ({@link CurrencyRates#NONE}).
     */
    public Customer withDerived() {
        return withDerived(CurrencyRates.NONE);
    }

    /**
     * This customer with its derived fields recomputed: {@code lifetimeSpend} in the base currency of {@code rates}
     * ({@code spendCurrency}; null without a base), and the amounts not counted in it because their currency has no
     * rate ({@code uncountedSpend}, summed per currency; null without a base), {@code lastPurchaseDate} and
     * {@code purchaseCount}. Both are left out of the JSON when null, so without a base a customer's JSON is what it
     * was before base currencies existed.
     */
    public Customer withDerived(CurrencyRates rates) {
        BigDecimal spend = BigDecimal.ZERO.setScale(2);
        java.util.Map<String, BigDecimal> uncounted = new java.util.TreeMap<>(
                Comparator.nullsLast(Comparator.naturalOrder()));
        LocalDate last = null;
        for (Purchase p : purchases) {
            if (p.amount() != null) {
                BigDecimal base = rates.toBase(p.amount(), p.currency());
                if (base == null) {
                    uncounted.merge(p.currency(), p.amount(), BigDecimal::add);
                } else {
                    spend = spend.add(base);
                }
            }
            if (p.date() != null && (last == null || p.date().isAfter(last))) {
                last = p.date();
            }
        }
        if (spend.scale() < 2) {
            spend = spend.setScale(2);
        }
        List<Money> notCounted = uncounted.entrySet().stream()
                .map(e -> new Money(e.getValue().scale() < 2 ? e.getValue().setScale(2) : e.getValue(), e.getKey()))
                .toList();
        return new Customer(id, externalId, kind, firstName, lastName, company, position, emails, phones, address,
                industry, website, rep, notes, tags, source, birthday, gender, language, preferredChannel,
                contactHours, consent, marketingOptOut, funnelStage, purchases, spend, last, purchases.size(),
                rates.base(), rates.converts() ? notCounted : null, createdAt, updatedAt, version);
    }

    /** This customer with the store-managed fields replaced. */
    public Customer withIdentity(String newId, Instant created, Instant updated, long newVersion) {
        return new Customer(newId, externalId, kind, firstName, lastName, company, position, emails, phones,
                address, industry, website, rep, notes, tags, source, birthday, gender, language, preferredChannel,
                contactHours, consent, marketingOptOut, funnelStage, purchases, lifetimeSpend, lastPurchaseDate,
                purchaseCount, spendCurrency, uncountedSpend, created, updated, newVersion);
    }

    public Customer withId(String newId) {
        return withIdentity(newId, createdAt, updatedAt, version == null ? 0 : version);
    }

    public Customer withExternalId(String newExternalId) {
        return new Customer(id, newExternalId, kind, firstName, lastName, company, position, emails, phones,
                address, industry, website, rep, notes, tags, source, birthday, gender, language, preferredChannel,
                contactHours, consent, marketingOptOut, funnelStage, purchases, lifetimeSpend, lastPurchaseDate,
                purchaseCount, spendCurrency, uncountedSpend, createdAt, updatedAt, version);
    }

    public Customer withEmails(List<String> newEmails) {
        return new Customer(id, externalId, kind, firstName, lastName, company, position, newEmails, phones,
                address, industry, website, rep, notes, tags, source, birthday, gender, language, preferredChannel,
                contactHours, consent, marketingOptOut, funnelStage, purchases, lifetimeSpend, lastPurchaseDate,
                purchaseCount, spendCurrency, uncountedSpend, createdAt, updatedAt, version);
    }

    public Customer withPhones(List<String> newPhones) {
        return new Customer(id, externalId, kind, firstName, lastName, company, position, emails, newPhones,
                address, industry, website, rep, notes, tags, source, birthday, gender, language, preferredChannel,
                contactHours, consent, marketingOptOut, funnelStage, purchases, lifetimeSpend, lastPurchaseDate,
                purchaseCount, spendCurrency, uncountedSpend, createdAt, updatedAt, version);
    }

    public Customer withCompany(String newCompany) {
        return new Customer(id, externalId, kind, firstName, lastName, newCompany, position, emails, phones,
                address, industry, website, rep, notes, tags, source, birthday, gender, language, preferredChannel,
                contactHours, consent, marketingOptOut, funnelStage, purchases, lifetimeSpend, lastPurchaseDate,
                purchaseCount, spendCurrency, uncountedSpend, createdAt, updatedAt, version);
    }

    public Customer withAddress(Address newAddress) {
        return new Customer(id, externalId, kind, firstName, lastName, company, position, emails, phones,
                newAddress, industry, website, rep, notes, tags, source, birthday, gender, language,
                preferredChannel, contactHours, consent, marketingOptOut, funnelStage, purchases, lifetimeSpend,
                lastPurchaseDate, purchaseCount, spendCurrency, uncountedSpend, createdAt, updatedAt, version);
    }

    /** This customer with the fields a list edit changes: its tags and the fields one value can hold for many. */
    public Customer withListFields(List<String> newTags, String newIndustry, String newRep, String newSource,
                                   String newLanguage, Channel newChannel, String newContactHours,
                                   String newFunnelStage) {
        return new Customer(id, externalId, kind, firstName, lastName, company, position, emails, phones,
                address, newIndustry, website, newRep, notes, newTags, newSource, birthday, gender, newLanguage,
                newChannel, newContactHours, consent, marketingOptOut, newFunnelStage, purchases, lifetimeSpend,
                lastPurchaseDate, purchaseCount, spendCurrency, uncountedSpend, createdAt, updatedAt, version);
    }

    public Customer withPurchases(List<Purchase> newPurchases) {
        return new Customer(id, externalId, kind, firstName, lastName, company, position, emails, phones,
                address, industry, website, rep, notes, tags, source, birthday, gender, language, preferredChannel,
                contactHours, consent, marketingOptOut, funnelStage, newPurchases, lifetimeSpend, lastPurchaseDate,
                purchaseCount, spendCurrency, uncountedSpend, createdAt, updatedAt, version);
    }

    /** Purchases newest first (a copy). */
    public List<Purchase> purchasesNewestFirst() {
        return purchases.stream()
                .sorted(Comparator.comparing(Purchase::date, Comparator.nullsLast(Comparator.reverseOrder())))
                .toList();
    }

    /** True when both describe the same customer data, ignoring store-managed fields (id, times, version). */
    public boolean sameDataAs(Customer other) {
        return other != null
                && Objects.equals(withIdentity(null, null, null, 0).withDerived(),
                        other.withIdentity(null, null, null, 0).withDerived());
    }
}
