package dev.clientele.index;

import dev.clientele.customer.Customer;
import dev.clientele.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.util.BytesRef;

/**
 * The only place where index field names and types live: how a {@link Customer} becomes a Lucene document and
 * back. The stored {@code _source} JSON is the system of record; every other field is derived from it and can
 * be rebuilt by re-indexing the sources (see {@link #SCHEMA_VERSION}).
 */
public final class CustomerSchema {
    // Patterns used per customer at index time and per hit at search time: compiled once, not at every call.
    private static final java.util.regex.Pattern NAME_WORD_SEPARATORS = java.util.regex.Pattern.compile("[\\s\\-]+");
    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

    /**
     * Bumped when derived fields change; an index with another version is re-indexed from its sources at open. 22:
     * {@link #PHONE_EXTENSION}, and the street blocking key reads Sankt, Szent and Szt. as Saint (BlockingKeys). 23:
     * the phone blocking key is of a direct-dial number without its line ({@code 030 1234567-12} as
     * {@code 030 1234567}), the name keys are of a name without its generation ({@code Miller Jr.} as
     * {@code Miller}), and {@link #STREET} reads a romanised {@code str.} after a house number in a romanised
     * Russian line as строение, not Straße (StreetCharFilter).
     */
    public static final int SCHEMA_VERSION = 23;

    private static final dev.clientele.text.CityNames CITY_NAMES = dev.clientele.text.CityNames.load();

    /** Server-made id. KeywordField: exact term for updateDocument/delete, doc values for tie-break sorting. */
    public static final String ID = "id";
    /** The caller's own key. StringField: only ever looked up exactly (upsert by external id). */
    public static final String EXTERNAL_ID = "external_id";
    /** The customer as canonical JSON; stored only, never searched. */
    public static final String SOURCE = "_source";
    /**
     * The customer's version (schema version 19). Doc values only: the review queue reads the versions of the
     * customers in its pending pairs at start ({@link CustomerIndex#versions}) without parsing their stored JSON.
     */
    public static final String VERSION = "version";
    /** Creation and last-change time, epoch millis; LongField for range filters and sorting. */
    public static final String CREATED_AT = "created_at";
    public static final String UPDATED_AT = "updated_at";
    /**
     * Blocking keys for duplicate detection ({@link dev.clientele.text.BlockingKeys}: phonetic name keys, normalised
     * email, national phone number, postal code + name, company key …). StringField: only ever matched exactly, to
     * fetch the few candidates that share a key with a customer.
     */
    public static final String MATCH_KEY = "match_key";

    // Search fields (schema version 2). Text fields use Analyzers.FOLDED unless said otherwise; none is stored,
    // highlights re-analyse the customer from _source.

    /** First, last and company-less full name: folded, umlaut-expanded, Cyrillic transliterated to Latin. */
    public static final String NAME = "name";
    /** First name alone (advanced queries {@code first_name:}); folded. */
    public static final String FIRST_NAME = "first_name";
    /** Last name alone (advanced queries {@code last_name:}); folded. */
    public static final String LAST_NAME = "last_name";
    /** First and last name lower-cased only: the top tier, "typed exactly as stored" (Márton above Marton). */
    public static final String NAME_EXACT = "name_exact";
    /** Double Metaphone codes of the name tokens: the lowest-ranked phonetic fallback (Schmidt ~ Schmitt). */
    public static final String NAME_PHONETIC = "name_phonetic";
    /** Edge n-grams of name and company tokens, for prefix-of-the-last-word and the as-you-type suggester. */
    public static final String NAME_PREFIX = "name_prefix";
    /**
     * The first letter of each name token (first and last name, folded, with their variants: {@code Роберт} gives
     * {@code r}): what an initial typed before another word ({@code R. Smith}) stands for. Unlike
     * {@link #NAME_PREFIX} it holds no company words, so {@code R. Smith} does not find a Smith of Rippin Ltd.
     */
    public static final String NAME_INITIAL = "name_initial";
    /**
     * The nickname groups of each first-name word ({@code Robert}, {@code Bob} and {@code Robbie} all give
     * {@code robert}; see {@link dev.clientele.text.Nicknames}), so a customer is found by any form of the first
     * name ({@link #nicknameKeys}). StringField; only names the list knows.
     */
    public static final String NAME_NICKNAME = "name_nickname";
    /** Company name; folded. */
    public static final String COMPANY = "company";
    /** Email terms: whole address, local part, domain, domain label, local-part words (see ContactTerms). */
    public static final String EMAIL = "email";
    /**
     * Phone terms: the digits of each number reversed, one term per number, so a number's ending is a prefix
     * ({@link #phoneQuery}; see ContactTerms).
     */
    public static final String PHONE = "phone";
    /**
     * The national number(s) of each phone, country code or trunk prefix removed as for a typed one ({@code +36 1
     * 234 5678} → {@code 12345678}; see ContactTerms#phoneQueryTerms). StringField: one exact term lookup tells a
     * whole-number match from a number that merely ends in the same digits ({@link #phoneNationalQuery}).
     */
    public static final String PHONE_NATIONAL = "phone_national";
    /**
     * The digits of each phone written with its country code, country code included ({@code +36 1 234 5678} →
     * {@code 3612345678}; see ContactTerms#internationalDigits). StringField: a number typed from its start with
     * its country code ({@code +36 1 234}) is a prefix of it ({@link #phoneInternationalPrefixQuery}).
     */
    public static final String PHONE_INTERNATIONAL = "phone_international";
    /**
     * Each phone written with an extension (or as a direct-dial number, {@code 030 1234567-12}) as its national
     * numbers with the extension ({@code 301234567x12}; see ContactTerms#phoneExtensionTerms, schema version 22).
     * StringField: a number typed with its extension ranks that line above the others of the number
     * ({@link #phoneExtensionQuery}).
     */
    public static final String PHONE_EXTENSION = "phone_extension";
    /** City; folded. */
    public static final String CITY = "city";
    /**
     * Street and house number (schema version 16); folded, and abbreviated street words read as the words written
     * out (schema version 18: {@code Hauptstr.} as {@code Hauptstraße}, {@code krt.} körút, {@code ул.} улица,
     * {@code Rd} Road, {@code St} both Street and Saint; {@link Analyzers#STREET}), so {@code Hauptstr. 5} and
     * {@code Hauptstraße 5} are the same words; schema version 23: a romanised {@code str.} after a house number in a
     * romanised Russian line, {@code ul. Lenina, d. 5, str. 1}, as строение, as matching reads it). One term per word
     * (two for {@code St}) and no n-grams: the search box finds a street being typed with a prefix query on its last
     * word.
     */
    public static final String STREET = "street";
    /** Postal code, lower case, spaces removed; exact term. */
    public static final String POSTAL_CODE = "postal_code";
    /** ISO country code, lower case; exact term. */
    public static final String COUNTRY = "country";
    /** Region or state; folded. */
    public static final String REGION = "region";
    /** Tags; folded (so {@code trade-fair-2025} is found by {@code fair}). */
    public static final String TAGS = "tags";
    /** Sales rep name; folded. */
    public static final String REP = "rep";
    /** Industry; folded. */
    public static final String INDUSTRY = "industry";
    /** Free-text notes; folded; lowest boost. */
    public static final String NOTES = "notes";

    private CustomerSchema() {
    }

    /** The document for a customer that has an id, names sorted in the root collation. */
    public static Document toDocument(Customer c) {
        return toDocument(c, NameCollation.ROOT);
    }

    /** As {@link #toDocument(Customer)}, the name's sort key in a {@link NameCollation#canonical} collation. */
    static Document toDocument(Customer c, String collation) {
        Document doc = new Document();
        doc.add(new KeywordField(ID, c.id(), Field.Store.NO));
        if (c.externalId() != null) {
            doc.add(new StringField(EXTERNAL_ID, c.externalId(), Field.Store.NO));
        }
        doc.add(new StoredField(SOURCE, new BytesRef(Json.toBytes(c))));
        for (String key : dev.clientele.text.BlockingKeys.keysFor(c)) {
            doc.add(new StringField(MATCH_KEY, key, Field.Store.NO));
        }
        if (c.version() != null) {
            doc.add(new org.apache.lucene.document.NumericDocValuesField(VERSION, c.version()));
        }
        if (c.createdAt() != null) {
            doc.add(new LongField(CREATED_AT, c.createdAt().toEpochMilli(), Field.Store.NO));
        }
        if (c.updatedAt() != null) {
            doc.add(new LongField(UPDATED_AT, c.updatedAt().toEpochMilli(), Field.Store.NO));
        }
        addSearchFields(doc, c);
        FacetFields.addTo(doc, c, NameCollation.collator(collation));
        return doc;
    }

    private static void addSearchFields(Document doc, Customer c) {
        String full = c.fullName();
        if (!full.isEmpty()) {
            text(doc, NAME, full);
            text(doc, NAME_EXACT, full);
            text(doc, NAME_PHONETIC, full);
            text(doc, NAME_INITIAL, full);
        }
        text(doc, FIRST_NAME, c.firstName());
        if (c.firstName() != null) {
            for (String key : nicknameKeys(c.firstName())) {
                doc.add(new StringField(NAME_NICKNAME, key, Field.Store.NO));
            }
        }
        text(doc, LAST_NAME, c.lastName());
        text(doc, COMPANY, c.company());
        String prefixSource = (full + " " + (c.company() == null ? "" : c.company())).strip();
        if (!prefixSource.isEmpty()) {
            text(doc, NAME_PREFIX, prefixSource);
        }
        for (String e : c.emails()) {
            for (String t : ContactTerms.emailTerms(e)) {
                doc.add(new StringField(EMAIL, t, Field.Store.NO));
            }
        }
        java.util.Set<String> phoneTerms = new java.util.LinkedHashSet<>();
        java.util.Set<String> nationalTerms = new java.util.LinkedHashSet<>();
        java.util.Set<String> internationalTerms = new java.util.LinkedHashSet<>();
        java.util.Set<String> extensionTerms = new java.util.LinkedHashSet<>();
        for (String p : c.phones()) {
            phoneTerms.addAll(ContactTerms.phoneIndexTerms(p));
            nationalTerms.addAll(ContactTerms.phoneQueryTerms(p));
            extensionTerms.addAll(ContactTerms.phoneExtensionTerms(p));
            String international = ContactTerms.internationalDigits(p);
            if (international != null) {
                internationalTerms.add(international);
            }
        }
        for (String t : internationalTerms) {
            doc.add(new StringField(PHONE_INTERNATIONAL, t, Field.Store.NO));
        }
        for (String t : phoneTerms) {
            doc.add(new StringField(PHONE, t, Field.Store.NO));
        }
        for (String t : nationalTerms) {
            doc.add(new StringField(PHONE_NATIONAL, t, Field.Store.NO));
        }
        for (String t : extensionTerms) {
            doc.add(new StringField(PHONE_EXTENSION, t, Field.Store.NO));
        }
        if (c.address() != null) {
            text(doc, CITY, c.address().city());
            // The city's names in other languages (Wien: Vienna, Bécs, Вена), so any of them finds it.
            for (String other : CITY_NAMES.otherNames(c.address().city(), c.address().country())) {
                text(doc, CITY, other);
            }
            text(doc, STREET, c.address().street());
            text(doc, REGION, c.address().region());
            if (c.address().postalCode() != null) {
                doc.add(new StringField(POSTAL_CODE, postalCodeTerm(c.address().postalCode()), Field.Store.NO));
            }
            if (c.address().country() != null) {
                doc.add(new StringField(COUNTRY, c.address().country().toLowerCase(Locale.ROOT), Field.Store.NO));
            }
        }
        for (String tag : c.tags()) {
            text(doc, TAGS, tag);
        }
        text(doc, REP, c.rep());
        text(doc, INDUSTRY, c.industry());
        text(doc, NOTES, c.notes());
    }

    private static void text(Document doc, String field, String value) {
        if (value != null && !value.isBlank()) {
            doc.add(new TextField(field, value, Field.Store.NO));
        }
    }

    private static final dev.clientele.text.Nicknames NICKNAMES = dev.clientele.text.Nicknames.load();

    /**
     * The {@link #NAME_NICKNAME} terms of the words of a first name (or of one typed word): the keys of the nickname
     * groups each word is listed in; empty for names the list does not know.
     */
    public static java.util.Set<String> nicknameKeys(String firstName) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (String word : NAME_WORD_SEPARATORS.split(firstName)) {
            if (NICKNAMES.isKnown(word)) {
                out.addAll(NICKNAMES.canonical(word));
            }
        }
        return out;
    }

    /**
     * The street terms a typed token also stands for, or empty: an abbreviated street word ({@code Hauptstr},
     * {@code krt}, {@code ул}, {@code пл}, {@code St}) is indexed as the words written out ({@link Analyzers#STREET}).
     * The token as typed (in its own script: Latin {@code pl} is not Cyrillic {@code пл}) and the one typed after
     * it, or null ({@code к} is корпус before a number).
     */
    public static List<String> streetTerms(String token, String next) {
        return StreetFilter.expand(token, next);
    }

    /** A typed word as the street analyzer reads it before tokenizing ({@code пр-т} as {@code проспект}). */
    public static String streetWord(String typed) {
        return dev.clientele.text.StreetTypes.withHyphenatedWrittenOut(typed);
    }

    /** The term a postal code is indexed and searched as: lower case, without spaces ({@code SW1A 1AA}). */
    public static String postalCodeTerm(String postalCode) {
        return WHITESPACE.matcher(postalCode).replaceAll("").toLowerCase(Locale.ROOT);
    }

    /**
     * A typed or stored phone number without its extension and a trunk {@code (0)} after its country code, as the
     * phone fields index it ({@code +49 (0)30 1234567 ext. 12} → {@code +49 30 1234567}; a direct-dial ending stays,
     * its digits are dialled: {@link dev.clientele.text.Phones#dialled}).
     */
    public static String phoneNumber(String typed) {
        return dev.clientele.text.Phones.dialled(typed);
    }

    /** The {@link #PHONE} terms to look up for a typed phone number, most specific first; empty if too short. */
    public static java.util.List<String> phoneQueryTerms(String typed) {
        return ContactTerms.phoneQueryTerms(typed);
    }

    /**
     * The query for phones that end with these digits (a national number from {@link #phoneQueryTerms}): a prefix
     * query on the reversed digits.
     */
    public static org.apache.lucene.search.Query phoneQuery(String digits) {
        return new org.apache.lucene.search.PrefixQuery(new org.apache.lucene.index.Term(PHONE,
                ContactTerms.phoneSuffixPrefix(digits)));
    }

    /** The national-number beginnings a phone number typed from its start may mean; empty if none (ContactTerms). */
    public static java.util.List<String> phonePrefixTerms(String typed) {
        return ContactTerms.phonePrefixTerms(typed);
    }

    /**
     * The query for phones whose national number starts with one of these (from {@link #phonePrefixTerms}): a
     * number still being typed.
     */
    public static org.apache.lucene.search.Query phoneNationalPrefixQuery(java.util.List<String> beginnings) {
        org.apache.lucene.search.BooleanQuery.Builder any = new org.apache.lucene.search.BooleanQuery.Builder();
        for (String b : beginnings) {
            any.add(new org.apache.lucene.search.PrefixQuery(new org.apache.lucene.index.Term(PHONE_NATIONAL, b)),
                    org.apache.lucene.search.BooleanClause.Occur.SHOULD);
        }
        return any.build();
    }

    /**
     * The query for phones written with their country code that begin as this number typed with its country code
     * does ({@code +36 1 234}), or null when it was typed without one.
     */
    public static org.apache.lucene.search.Query phoneInternationalPrefixQuery(String typed) {
        String digits = ContactTerms.internationalDigits(typed);
        return digits == null || ContactTerms.phonePrefixTerms(typed).isEmpty() ? null
                : new org.apache.lucene.search.PrefixQuery(new org.apache.lucene.index.Term(PHONE_INTERNATIONAL, digits));
    }

    /**
     * The query for phones whose national number is one of these (from {@link #phoneQueryTerms}): the same number
     * written another way, not just one ending in the same digits. One term lookup per national number.
     */
    public static org.apache.lucene.search.Query phoneNationalQuery(java.util.List<String> nationalNumbers) {
        return new org.apache.lucene.search.TermInSetQuery(PHONE_NATIONAL, nationalNumbers.stream()
                .map(BytesRef::new).toList());
    }

    /**
     * The national numbers of a typed phone's number when it is typed with an extension, {@link #phoneQueryTerms} of
     * the number alone ({@code 030 1234567-12} → {@code 301234567}), or empty when it is typed without one.
     */
    public static java.util.List<String> phoneNumberTermsOfLine(String typed) {
        String[] line = ContactTerms.numberAndExtension(typed);
        return line == null ? java.util.List.of() : ContactTerms.phoneQueryTerms(line[0]);
    }

    /**
     * The query for phones stored with the extension a number is typed with ({@code 030 1234567-12}, {@code +49 30
     * 1234567 ext. 12}: {@link #PHONE_EXTENSION}), or null when it is typed without one.
     */
    public static org.apache.lucene.search.Query phoneExtensionQuery(String typed) {
        java.util.List<String> terms = ContactTerms.phoneExtensionTerms(typed);
        return terms.isEmpty() ? null : new org.apache.lucene.search.TermInSetQuery(PHONE_EXTENSION,
                terms.stream().map(BytesRef::new).toList());
    }

    /** The {@link #PHONE} terms a stored phone number is indexed under. */
    public static java.util.List<String> phoneIndexTerms(String phone) {
        return ContactTerms.phoneIndexTerms(phone);
    }

    /** The {@link #EMAIL} terms a stored address is indexed under. */
    public static java.util.List<String> emailTerms(String email) {
        return ContactTerms.emailTerms(email);
    }

    /** The sort field that breaks score ties by id: stable paging across refreshes. */
    public static org.apache.lucene.search.SortField idSortField() {
        return KeywordField.newSortField(ID, false, org.apache.lucene.search.SortedSetSelector.Type.MIN);
    }

    /** Newest change first. */
    public static org.apache.lucene.search.SortField updatedAtSortField() {
        return LongField.newSortField(UPDATED_AT, true, org.apache.lucene.search.SortedNumericSelector.Type.MAX);
    }

    /** Reads the customer of one document from its stored source. */
    public static Customer fromStored(StoredFields stored, int docId) throws IOException {
        return fromSource(source(stored, docId));
    }

    /** The stored JSON of one document. */
    private static BytesRef source(StoredFields stored, int docId) throws IOException {
        Document doc = stored.document(docId, java.util.Set.of(SOURCE));
        BytesRef source = doc.getBinaryValue(SOURCE);
        if (source == null) {
            throw new IndexException("document " + docId + " has no " + SOURCE);
        }
        return source;
    }

    /**
     * Reads the customer of one document with its derived figures in the base currency of {@code rates}, so they
     * follow the rates in effect now rather than those of the day it was written (see {@link #derived}).
     */
    public static Customer fromStored(StoredFields stored, int docId, dev.clientele.customer.CurrencyRates rates)
            throws IOException {
        return derived(fromStored(stored, docId), rates);
    }

    /**
     * A customer with its derived figures ({@code lifetime_spend}, {@code spend_currency}, {@code uncounted_spend})
     * computed with {@code rates}. Without a base currency a customer stored without one is returned as it is: its
     * figures are those of today's rule already.
     */
    public static Customer derived(Customer c, dev.clientele.customer.CurrencyRates rates) {
        return rates.converts() || c.spendCurrency() != null || c.uncountedSpend() != null
                ? c.withDerived(rates) : c;
    }

    /*
     * What duplicate matching and the review journal read of a customer. Jackson skips the other properties without
     * building them (purchases with their amounts and dates are most of a record), which makes reading every customer
     * for a scan about twice as fast.
     */
    private record MatchData(String id, dev.clientele.customer.Kind kind, String firstName, String lastName,
                             String company, java.util.List<String> emails, java.util.List<String> phones,
                             dev.clientele.customer.Address address, java.time.LocalDate birthday, String website,
                             dev.clientele.customer.Gender gender, Long version) {
    }

    private static final com.fasterxml.jackson.databind.ObjectReader MATCH_DATA = partReader(MatchData.class);

    /** A reader of some of a stored customer's properties into {@code part}: Jackson skips the others unbuilt. */
    private static com.fasterxml.jackson.databind.ObjectReader partReader(Class<?> part) {
        return Json.MAPPER.readerFor(part)
                .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** Part of one document's stored customer, as {@code reader} reads it. */
    private static <T> T readPart(com.fasterxml.jackson.databind.ObjectReader reader, StoredFields stored, int docId)
            throws IOException {
        BytesRef source = source(stored, docId);
        return reader.readValue(source.bytes, source.offset, source.length);
    }

    /**
     * Reads only what duplicate matching looks at of one document: id, kind, names, company, e-mails, phones,
     * address, birthday, website and gender, and the version (which the review queue records a pair was scored at);
     * every other component of the result is empty.
     */
    public static Customer matchDataFromStored(StoredFields stored, int docId) throws IOException {
        MatchData m = readPart(MATCH_DATA, stored, docId);
        return new Customer(m.id(), null, m.kind(), m.firstName(), m.lastName(), m.company(), null, m.emails(),
                m.phones(), m.address(), null, m.website(), null, null, null, null, m.birthday(), m.gender(), null,
                null, null, null,
                null, null, null, null, null, null, null, null, m.version());
    }

    /*
     * What a search hit and a suggestion show and highlight of a customer: its purchases, dates and the other
     * fields are skipped unbuilt (most of a stored customer), which makes a page of hits cheaper to read.
     */
    private record Summary(String id, dev.clientele.customer.Kind kind, String firstName, String lastName,
                           String company, java.util.List<String> emails, java.util.List<String> phones,
                           dev.clientele.customer.Address address, String notes, java.util.List<String> tags) {
    }

    private static final com.fasterxml.jackson.databind.ObjectReader SUMMARY = partReader(Summary.class);

    /**
     * Reads only what a search hit or a suggestion shows and highlights of one document: id, kind, names,
     * company, e-mails, phones, address, notes and tags; every other component of the result is empty.
     */
    public static Customer summaryFromStored(StoredFields stored, int docId) throws IOException {
        Summary m = readPart(SUMMARY, stored, docId);
        return new Customer(m.id(), null, m.kind(), m.firstName(), m.lastName(), m.company(), null, m.emails(),
                m.phones(), m.address(), null, null, null, m.notes(), m.tags(), null, null, null, null,
                null, null, null,
                null, null, null, null, null, null, null, null, null, null, null);
    }

    static Customer fromSource(BytesRef source) {
        try {
            return Json.MAPPER.readValue(source.bytes, source.offset, source.length, Customer.class);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt stored customer", e);
        }
    }
}
