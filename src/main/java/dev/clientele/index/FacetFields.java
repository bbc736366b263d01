package dev.clientele.index;

import com.ibm.icu.text.Collator;
import dev.clientele.customer.Address;
import dev.clientele.customer.Customer;
import dev.clientele.customer.Purchase;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.icu.ICUCollationDocValuesField;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.util.BytesRef;

/**
 * The derived fields behind faceted browsing, list filters, purchase-window filters and list sorting: which
 * fields a customer document gets for them, and how purchases are encoded. Called from
 * {@link CustomerSchema#toDocument}; like the schema, it is the only place these field names live.
 *
 * <p>Facet dimensions are plain {@link KeywordField}s (terms for filtering, sorted-set doc values for counting)
 * rather than {@code SortedSetDocValuesFacetField}s with a {@code FacetsConfig}: the search package counts them
 * itself in one pass that also sums spend per value, which the facet module's counters cannot do. So there is
 * no {@code FacetsConfig} to share.
 */
public final class FacetFields {
    /** Country code (ISO 3166-1 alpha-2), region name and city name, as in the address. Keyword: exact values. */
    public static final String COUNTRY = "facet_country";
    public static final String REGION = "facet_region";
    public static final String CITY = "facet_city";
    /**
     * The address as a hierarchy, one field per level: "DE"; "DE␟Bayern"; "DE␟Bayern␟München" (joined by
     * {@link #PATH_SEPARATOR}). A level is counted from its own field, so the country level has a handful of
     * values however many cities there are, and the children of one parent are a contiguous range of its terms.
     */
    public static final List<String> REGION_LEVELS = List.of("facet_region_l1", "facet_region_l2", "facet_region_l3");
    public static final String INDUSTRY = "facet_industry";
    public static final String REP = "facet_rep";
    /** person or company. */
    public static final String KIND = "facet_kind";
    /** Multi-valued. */
    public static final String TAGS = "facet_tags";
    public static final String FUNNEL_STAGE = "facet_funnel_stage";
    public static final String PREFERRED_CHANNEL = "facet_preferred_channel";
    /** given, not_given or unknown (no consent record, or one without a value). */
    public static final String CONSENT = "facet_consent";
    /** true or false (false also when unknown). */
    public static final String OPTED_OUT = "facet_opted_out";
    /**
     * Lifetime spend in units of 0.0001 ({@link #SPEND_SCALE} decimals, as exact as the validator allows amounts), the
     * amounts of all currencies summed as they are: points for range filters, doc values for sorting, buckets and
     * sums when no base currency is configured. With one, the search package derives the spend in the base currency
     * from {@link #PURCHASES} instead.
     */
    public static final String SPEND_UNITS = "spend_units";
    /** Decimal places of the spend units: one unit is 0.0001 of the currency. */
    public static final int SPEND_SCALE = 4;
    /** Day of the last purchase (epoch day); absent when there is none ("never"). */
    public static final String LAST_PURCHASE_DAY = "last_purchase_day";
    /**
     * Every purchase as (epoch day, units of its own currency, currency); binary doc values read at query time, so
     * windows relative to "now" stay correct as time passes, and spend follows the configured rates, without
     * re-writing the customer. See {@link #encodePurchases}.
     */
    public static final String PURCHASES = "purchases_dv";
    /**
     * ICU collation key of "last first" (or the company name) in the configured collation ({@link NameCollation},
     * root by default): locale-aware name sorting.
     */
    public static final String NAME_SORT = "name_sort";

    public static final char PATH_SEPARATOR = '\u001F';

    /** Facet dimension name (the public one) to its keyword field. */
    public static final Map<String, String> KEYWORD_DIMENSIONS = Map.ofEntries(
            Map.entry("country", COUNTRY), Map.entry("region", REGION), Map.entry("city", CITY),
            Map.entry("industry", INDUSTRY), Map.entry("rep", REP),
            Map.entry("kind", KIND), Map.entry("tags", TAGS), Map.entry("funnel_stage", FUNNEL_STAGE),
            Map.entry("preferred_channel", PREFERRED_CHANNEL), Map.entry("consent", CONSENT),
            Map.entry("opted_out", OPTED_OUT));

    private FacetFields() {
    }

    /** Adds the facet, filter and sort fields of a customer to its document, names in the root collation. */
    public static void addTo(Document doc, Customer c) {
        addTo(doc, c, NameCollation.collator(NameCollation.ROOT));
    }

    /** As {@link #addTo(Document, Customer)}, the name's sort key in {@code nameOrder} ({@link NameCollation}). */
    static void addTo(Document doc, Customer c, Collator nameOrder) {
        Address a = c.address();
        if (a != null) {
            keyword(doc, COUNTRY, a.country());
            keyword(doc, REGION, a.region());
            keyword(doc, CITY, a.city());
            if (a.country() != null) {
                String path = a.country();
                keyword(doc, REGION_LEVELS.get(0), path);
                if (a.region() != null) {
                    path = path + PATH_SEPARATOR + a.region();
                    keyword(doc, REGION_LEVELS.get(1), path);
                    if (a.city() != null) {
                        keyword(doc, REGION_LEVELS.get(2), path + PATH_SEPARATOR + a.city());
                    }
                }
            }
        }
        keyword(doc, INDUSTRY, c.industry());
        keyword(doc, REP, c.rep());
        keyword(doc, KIND, c.kind() == null ? null : c.kind().wire());
        Set<String> tags = new LinkedHashSet<>(c.tags());
        for (String t : tags) {
            keyword(doc, TAGS, t);
        }
        keyword(doc, FUNNEL_STAGE, c.funnelStage());
        keyword(doc, PREFERRED_CHANNEL, c.preferredChannel() == null ? null : c.preferredChannel().wire());
        keyword(doc, CONSENT, consentState(c));
        keyword(doc, OPTED_OUT, Boolean.toString(optedOut(c)));
        doc.add(new LongField(SPEND_UNITS, spendUnits(c), Field.Store.NO));
        LocalDate last = lastPurchase(c);
        if (last != null) {
            doc.add(new LongField(LAST_PURCHASE_DAY, last.toEpochDay(), Field.Store.NO));
        }
        BytesRef purchases = encodePurchases(c.purchases());
        if (purchases.length > 0) {
            doc.add(new BinaryDocValuesField(PURCHASES, purchases));
        }
        ICUCollationDocValuesField name = new ICUCollationDocValuesField(NAME_SORT, nameOrder);
        name.setStringValue(sortName(c));
        doc.add(name);
    }

    /**
     * The values a customer has in one keyword dimension (a key of {@link #KEYWORD_DIMENSIONS}), exactly as
     * {@link #addTo} indexes them; for checking a record against a filter without an index.
     */
    public static List<String> keywordValues(Customer c, String dimension) {
        Address a = c.address();
        String one = switch (dimension) {
            case "country" -> a == null ? null : a.country();
            case "region" -> a == null ? null : a.region();
            case "city" -> a == null ? null : a.city();
            case "industry" -> c.industry();
            case "rep" -> c.rep();
            case "kind" -> c.kind() == null ? null : c.kind().wire();
            case "funnel_stage" -> c.funnelStage();
            case "preferred_channel" -> c.preferredChannel() == null ? null : c.preferredChannel().wire();
            case "consent" -> consentState(c);
            case "opted_out" -> Boolean.toString(optedOut(c));
            case "tags" -> null;
            default -> throw new IllegalArgumentException("not a keyword dimension: " + dimension);
        };
        if (dimension.equals("tags")) {
            return c.tags().stream().filter(t -> t != null && !t.isBlank()).distinct().toList();
        }
        return one == null || one.isBlank() ? List.of() : List.of(one);
    }

    private static void keyword(Document doc, String field, String value) {
        if (value != null && !value.isBlank()) {
            doc.add(new KeywordField(field, value, Field.Store.NO));
        }
    }

    /** given, not_given or unknown. */
    public static String consentState(Customer c) {
        if (c.consent() == null || c.consent().given() == null) {
            return "unknown";
        }
        return c.consent().given() ? "given" : "not_given";
    }

    public static boolean optedOut(Customer c) {
        return c.marketingOptOut() != null && Boolean.TRUE.equals(c.marketingOptOut().value());
    }

    /**
     * Lifetime spend in units of 0.0001, the amounts of all currencies summed as they are (the derived value, or the
     * sum of the purchases if it was not derived or was derived in a base currency).
     */
    public static long spendUnits(Customer c) {
        BigDecimal spend = c.spendCurrency() == null ? c.lifetimeSpend() : null;
        if (spend == null) {
            spend = BigDecimal.ZERO;
            for (Purchase p : c.purchases()) {
                if (p.amount() != null) {
                    spend = spend.add(p.amount());
                }
            }
        }
        return units(spend);
    }

    /**
     * An amount in units of 0.0001. Exact for every amount the validator accepts (at most 4 decimals); finer
     * amounts, which only a query could bring, are rounded half up.
     */
    public static long units(BigDecimal amount) {
        return amount.movePointRight(SPEND_SCALE).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /** The fewest units that are at least {@code amount}: the lower bound of "spend ≥ amount". */
    public static long unitsAtLeast(BigDecimal amount) {
        return saturated(amount.movePointRight(SPEND_SCALE).setScale(0, RoundingMode.CEILING));
    }

    /** The most units that are at most {@code amount}: the upper bound of "spend ≤ amount". */
    public static long unitsAtMost(BigDecimal amount) {
        return saturated(amount.movePointRight(SPEND_SCALE).setScale(0, RoundingMode.FLOOR));
    }

    /** A bound beyond the range of a long is that range's end: no spend is beyond it anyway. */
    private static long saturated(BigDecimal units) {
        if (units.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) >= 0) {
            return Long.MAX_VALUE;
        }
        return units.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) <= 0 ? Long.MIN_VALUE : units.longValueExact();
    }

    /** Units of 0.0001 as an amount, with at least two decimals ({@code 100.00}, {@code 99.995}). */
    public static BigDecimal amount(long units) {
        BigDecimal d = BigDecimal.valueOf(units, SPEND_SCALE).stripTrailingZeros();
        return d.scale() < 2 ? d.setScale(2) : d;
    }

    private static LocalDate lastPurchase(Customer c) {
        LocalDate last = c.lastPurchaseDate();
        for (Purchase p : c.purchases()) {
            if (p.date() != null && (last == null || p.date().isAfter(last))) {
                last = p.date();
            }
        }
        return last;
    }

    /** "Last First" for people, the company name for companies, whatever is known otherwise. */
    static String sortName(Customer c) {
        if (c.kind() == dev.clientele.customer.Kind.COMPANY && c.company() != null) {
            return c.company();
        }
        String last = c.lastName() == null ? "" : c.lastName();
        String first = c.firstName() == null ? "" : c.firstName();
        String name = (last + " " + first).strip();
        return name.isEmpty() ? c.displayName() : name;
    }

    /** The day of a purchase without a date in {@link #PURCHASES}: never inside a window. */
    public static final int UNDATED = Integer.MIN_VALUE;
    /** The currency of a purchase without one (or with a code that is not three letters A-Z). */
    public static final int NO_CURRENCY = 0xFFFF;
    /** Bytes per purchase in {@link #PURCHASES}. */
    private static final int RECORD = 14;

    /**
     * Every purchase as a 14-byte record: epoch day (int; {@link #UNDATED} when it has none), amount in units of
     * 0.0001 of its own currency (long) and the currency ({@link #currencyCode}, unsigned short), big-endian. A
     * missing amount counts as 0. The amounts are not converted: the search package converts them into the base
     * currency when it reads them, so a change of rates needs no rewrite of the index.
     */
    public static BytesRef encodePurchases(List<Purchase> purchases) {
        byte[] out = new byte[purchases.size() * RECORD];
        int i = 0;
        for (Purchase p : purchases) {
            int day = p.date() == null ? UNDATED : Math.toIntExact(p.date().toEpochDay());
            long units = p.amount() == null ? 0 : units(p.amount());
            int currency = currencyCode(p.currency());
            for (int s = 24; s >= 0; s -= 8) {
                out[i++] = (byte) (day >>> s);
            }
            for (int s = 56; s >= 0; s -= 8) {
                out[i++] = (byte) (units >>> s);
            }
            out[i++] = (byte) (currency >>> 8);
            out[i++] = (byte) currency;
        }
        return new BytesRef(out);
    }

    /**
     * A currency code as a number below 26³ (three letters A-Z, base 26), or {@link #NO_CURRENCY}; see
     * {@link #currencyOf}.
     */
    public static int currencyCode(String currency) {
        if (currency == null || currency.length() != 3) {
            return NO_CURRENCY;
        }
        int code = 0;
        for (int k = 0; k < 3; k++) {
            char ch = currency.charAt(k);
            if (ch < 'A' || ch > 'Z') {
                return NO_CURRENCY;
            }
            code = code * 26 + (ch - 'A');
        }
        return code;
    }

    /** The currency of a {@link #currencyCode}, or null for {@link #NO_CURRENCY}. */
    public static String currencyOf(int code) {
        if (code < 0 || code >= 26 * 26 * 26) {
            return null;
        }
        return new String(new char[] {(char) ('A' + code / 676), (char) ('A' + code / 26 % 26), (char) ('A' + code % 26)});
    }

    /** Number of purchases in an encoded value. */
    public static int purchaseCount(BytesRef encoded) {
        return encoded.length / RECORD;
    }

    /** Epoch day of purchase {@code i} of an encoded value ({@link #UNDATED} when it has no date). */
    public static int purchaseDay(BytesRef encoded, int i) {
        int o = encoded.offset + i * RECORD;
        byte[] b = encoded.bytes;
        return (b[o] & 0xFF) << 24 | (b[o + 1] & 0xFF) << 16 | (b[o + 2] & 0xFF) << 8 | (b[o + 3] & 0xFF);
    }

    /** Amount of purchase {@code i} of an encoded value, in units of 0.0001 of its own currency. */
    public static long purchaseUnits(BytesRef encoded, int i) {
        int o = encoded.offset + i * RECORD + 4;
        byte[] b = encoded.bytes;
        long v = 0;
        for (int k = 0; k < 8; k++) {
            v = v << 8 | (b[o + k] & 0xFF);
        }
        return v;
    }

    /** Currency ({@link #currencyCode}) of purchase {@code i} of an encoded value. */
    public static int purchaseCurrency(BytesRef encoded, int i) {
        int o = encoded.offset + i * RECORD + 12;
        return (encoded.bytes[o] & 0xFF) << 8 | (encoded.bytes[o + 1] & 0xFF);
    }
}
