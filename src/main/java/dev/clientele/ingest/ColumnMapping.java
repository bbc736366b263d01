package dev.clientele.ingest;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which customer field each column of a CSV file feeds, detected from the header names or given by the user.
 *
 * <p>Detection ignores case, accents, spaces, punctuation and digits ("E-mail 2 Address" = "email address") and
 * knows the canonical names ({@link #FIELDS}), English, German, Hungarian and Russian spellings, and the headers of
 * Google Contacts and Outlook CSV exports. Several columns may feed one list field (Outlook's "Business Phone",
 * "Home Phone" and "Mobile Phone" all become phones); for single-valued fields the first non-empty column wins.
 *
 * <p>Besides the canonical fields, a column may map to one of the {@link #EXTRA_FIELDS}: {@code full_name} (split
 * into first and last name by {@link #nameOrder()}, used only where those are empty), {@code middle_name} (a
 * middle name or Russian patronymic, appended to the first name), {@code house_number} (appended to the street) and
 * {@code salutation} ("Herr", "Frau", "Mr", "Mrs", …, which sets the gender when that is empty).
 *
 * <p>Purchases come as a JSON array in one {@code purchases} cell (as {@link CsvExporter} writes them); the derived
 * {@code lifetime_spend}, {@code spend_currency}, {@code uncounted_spend}, {@code last_purchase_date} and
 * {@code purchase_count} columns are recognised but ignored,
 * because the server computes them from the purchases. Immutable and thread-safe.
 *
 * <p>FIXME: Outlook's Business/Home/Other address columns are merged field by field (first non-empty wins), so a
 * row with a partial business address and a full home address gets a mix of both; picking one whole group would
 * be better.
 */
public final class ColumnMapping {
    /** The canonical column names, in the order {@link CsvExporter} writes them. */
    public static final List<String> FIELDS = List.of("external_id", "kind", "first_name", "last_name", "company",
            "position", "emails", "phones", "street", "city", "region", "postal_code", "country", "industry",
            "website", "rep", "notes", "tags", "source", "birthday", "gender", "language", "preferred_channel",
            "contact_hours", "consent", "consent_date", "marketing_opt_out", "marketing_opt_out_date",
            "funnel_stage", "purchases");

    /** Fields a column may map to that are not customer fields of their own; see the class comment. */
    public static final List<String> EXTRA_FIELDS = List.of("full_name", "middle_name", "house_number",
            "salutation");

    /** Fields that hold several values; a cell is split on {@code ;}, {@code |}, line breaks and Google's " ::: ". */
    static final Set<String> LIST_FIELDS = Set.of("emails", "phones", "tags");

    // Columns a Clientele export or CRM may carry that are computed by the server: recognised, reported, ignored.
    private static final Set<String> DERIVED = Set.of("id", "lifetimespend", "lastpurchasedate", "purchasecount",
            "spendcurrency", "uncountedspend", "createdat", "updatedat", "version");

    private static final Map<String, String> ALIASES = aliases();

    private final List<String> headers;
    private final List<String> fields;
    private final NameOrder nameOrder;
    private final List<RowError> warnings;

    private ColumnMapping(List<String> headers, List<String> fields, NameOrder nameOrder, List<RowError> warnings) {
        this.headers = List.copyOf(headers);
        this.fields = Collections.unmodifiableList(new ArrayList<>(fields));
        this.nameOrder = nameOrder;
        this.warnings = List.copyOf(warnings);
    }

    /** Detects the mapping from header names, the name order included; see {@link #detect(List, NameOrder)}. */
    public static ColumnMapping detect(List<String> headers) {
        return detect(headers, null);
    }

    /**
     * Detects the mapping from header names.
     *
     * @param nameOrder how to split a full-name column; null to decide from the header: family-first for Hungarian
     *     "Név" and Russian "ФИО", given-first otherwise
     */
    public static ColumnMapping detect(List<String> headers, NameOrder nameOrder) {
        Objects.requireNonNull(headers, "headers");
        List<String> fields = new ArrayList<>();
        NameOrder detectedOrder = NameOrder.GIVEN_FIRST;
        for (String header : headers) {
            String k = key(header);
            String field = ALIASES.get(k);
            fields.add(field);
            if ("full_name".equals(field) && (k.equals("nev") || k.equals("teljesnev") || k.equals("фио"))) {
                detectedOrder = NameOrder.FAMILY_FIRST;
            }
        }
        // German address books say "Vorname" + "Name", where "Name" is the surname, not the full name.
        if (fields.contains("first_name") && !fields.contains("last_name")) {
            for (int i = 0; i < fields.size(); i++) {
                if ("full_name".equals(fields.get(i)) && key(headers.get(i)).equals("name")) {
                    fields.set(i, "last_name");
                }
            }
        }
        // Outlook has "Title" (Mr./Mrs.) next to "Job Title"; alone, "Title" is the job title.
        long positions = fields.stream().filter("position"::equals).count();
        if (positions > 1) {
            for (int i = 0; i < fields.size(); i++) {
                if ("position".equals(fields.get(i)) && key(headers.get(i)).equals("title")) {
                    fields.set(i, "salutation");
                }
            }
        }
        return new ColumnMapping(headers, fields, nameOrder != null ? nameOrder : detectedOrder,
                warnings(headers, fields));
    }

    /**
     * Exactly the user's mapping: each header maps to the named field, or is ignored when the field is null or
     * empty. Field names are the canonical ones, {@link #EXTRA_FIELDS}, or "email"/"phone"/"tag".
     *
     * @throws IllegalArgumentException naming the header when a field name is unknown
     */
    public static ColumnMapping explicit(Map<String, String> headerToField) {
        Objects.requireNonNull(headerToField, "headerToField");
        List<String> headers = new ArrayList<>(headerToField.keySet());
        List<String> fields = new ArrayList<>();
        for (String header : headers) {
            fields.add(field(header, headerToField.get(header)));
        }
        return new ColumnMapping(headers, fields, NameOrder.GIVEN_FIRST, warnings(headers, fields));
    }

    /**
     * This mapping with the user's choices applied on top: each header named in {@code headerToField} (exactly, or
     * failing that ignoring case and punctuation) maps to the given field; the others keep what was detected.
     *
     * @throws IllegalArgumentException naming the header when a field name is unknown
     */
    public ColumnMapping overriddenBy(Map<String, String> headerToField) {
        Objects.requireNonNull(headerToField, "headerToField");
        Map<String, String> byKey = new HashMap<>();
        headerToField.forEach((h, f) -> byKey.putIfAbsent(key(h), f));
        List<String> out = new ArrayList<>(fields);
        for (int i = 0; i < headers.size(); i++) {
            String h = headers.get(i);
            if (headerToField.containsKey(h)) {
                out.set(i, field(h, headerToField.get(h)));
            } else if (byKey.containsKey(key(h))) {
                out.set(i, field(h, byKey.get(key(h))));
            }
        }
        return new ColumnMapping(headers, out, nameOrder, warnings(headers, out));
    }

    /** This mapping splitting full names in the given order. */
    public ColumnMapping withNameOrder(NameOrder order) {
        return new ColumnMapping(headers, fields, Objects.requireNonNull(order, "order"), warnings);
    }

    /** The headers, in file order. */
    public List<String> headers() {
        return headers;
    }

    /** Mapped headers and their fields, in file order; for the UI's preview. */
    public Map<String, String> fields() {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < headers.size(); i++) {
            if (fields.get(i) != null) {
                out.putIfAbsent(headers.get(i), fields.get(i));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** Headers that feed no field and are ignored, in file order. */
    public List<String> unmapped() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++) {
            if (fields.get(i) == null) {
                out.add(headers.get(i));
            }
        }
        return List.copyOf(out);
    }

    /** The field of the column at {@code index}, or null when it is ignored or beyond the header. */
    public String fieldAt(int index) {
        return index < fields.size() ? fields.get(index) : null;
    }

    public NameOrder nameOrder() {
        return nameOrder;
    }

    /** True when at least one column feeds a field; a file without one has no usable header. */
    public boolean isUsable() {
        return fields.stream().anyMatch(Objects::nonNull);
    }

    /** One warning (row 1, the header) per ignored column. */
    public List<RowError> warnings() {
        return warnings;
    }

    private static List<RowError> warnings(List<String> headers, List<String> fields) {
        List<RowError> out = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++) {
            String h = headers.get(i);
            String field = fields.get(i);
            if (field != null && !LIST_FIELDS.contains(field)) {
                // The same header twice ("Vorname", "VORNAME"): the second one's values were dropped without a word.
                for (int j = 0; j < i; j++) {
                    if (field.equals(fields.get(j)) && key(h).equals(key(headers.get(j)))) {
                        out.add(new RowError(1, h, "a second '" + headers.get(j) + "' column (" + field
                                + "): used only in rows where the first one is empty"));
                        break;
                    }
                }
            }
            if (field != null || h == null || h.isBlank()) {
                continue;
            }
            out.add(new RowError(1, h, DERIVED.contains(key(h))
                    ? "computed by the server; column ignored"
                    : "unknown column; ignored"));
        }
        return out;
    }

    private static String field(String header, String field) {
        if (field == null || field.isBlank()) {
            return null;
        }
        String f = field.strip().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
        f = switch (f) {
            case "email" -> "emails";
            case "phone" -> "phones";
            case "tag" -> "tags";
            default -> f;
        };
        if (!FIELDS.contains(f) && !EXTRA_FIELDS.contains(f)) {
            throw new IllegalArgumentException("unknown field '" + field + "' for column '" + header + "'");
        }
        return f;
    }

    /**
     * The comparison form of a header: lower case, accents removed, ß as ss, only letters kept, so "E-mail 2
     * Address", "email_address" and "EmailAddress" compare equal.
     */
    static String key(String header) {
        if (header == null) {
            return "";
        }
        String d = Normalizer.normalize(header.strip().toLowerCase(Locale.ROOT).replace("ß", "ss"),
                Normalizer.Form.NFD);
        StringBuilder sb = new StringBuilder(d.length());
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            if (Character.isLetter(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static Map<String, String> aliases() {
        String[][] table = {
            {"external_id", "external id", "customer id", "customer number", "kundennummer", "kundennr",
                "ügyfélazonosító", "ügyfélszám", "внешний id", "код клиента"},
            {"kind", "customer type", "kundentyp", "ügyféltípus", "тип клиента"},
            {"first_name", "first name", "firstname", "given name", "forename", "vorname", "keresztnév", "utónév",
                "имя"},
            {"middle_name", "middle name", "additional name", "zweiter vorname", "weitere vornamen", "отчество"},
            {"last_name", "last name", "surname", "family name", "nachname", "familienname", "vezetéknév",
                "családnév", "фамилия"},
            {"full_name", "name", "full name", "display name", "contact name", "vollständiger name", "név",
                "teljes név", "фио", "полное имя"},
            {"salutation", "salutation", "name prefix", "anrede", "megszólítás", "обращение"},
            {"company", "company name", "organization", "organisation", "organization name", "account name",
                "firma", "firmenname", "unternehmen", "cég", "cégnév", "компания", "организация"},
            {"position", "job title", "title", "role", "organization title", "berufsbezeichnung", "funktion",
                "beosztás", "munkakör", "должность"},
            {"emails", "email", "emails", "e-mail", "mail", "email address", "email value", "e-mail-adresse",
                "e-mail cím", "эл. почта", "электронная почта", "почта"},
            {"phones", "phone", "phones", "telephone", "tel", "phone number", "phone value", "mobile",
                "mobile phone", "cell", "cell phone", "business phone", "home phone", "other phone",
                "primary phone", "company main phone", "telefon", "telefonnummer", "mobil", "mobiltelefon", "handy",
                "festnetz", "telefonszám", "mobilszám", "телефон", "мобильный", "мобильный телефон",
                "рабочий телефон", "домашний телефон",
                // Outlook in German
                "telefon geschäftlich", "telefon privat", "telefon firma", "haupttelefon", "weiteres telefon"},
            {"street", "street", "street address", "address", "address line", "address street", "business street",
                "home street", "other street", "straße geschäftlich", "straße privat", "weitere straße", "straße",
                "adresse", "anschrift", "utca", "cím", "улица", "адрес"},
            {"house_number", "house number", "hausnummer", "hausnr", "házszám", "номер дома", "дом"},
            {"city", "city", "town", "locality", "address city", "business city", "home city", "other city",
                "ort geschäftlich", "ort privat", "weiterer ort", "ort",
                "stadt", "wohnort", "település", "város", "helység", "город", "населенный пункт"},
            {"region", "region", "state", "province", "county", "address region", "business state", "home state",
                "other state", "region geschäftlich", "bundesland/kanton geschäftlich",
                "bundesland/kanton privat", "weiteres/r bundesland/kanton", "bundesland", "kanton", "megye", "régió",
                "регион", "область", "край"},
            {"postal_code", "postal code", "postcode", "zip", "zip code", "address postal code",
                "business postal code", "home postal code", "other postal code", "postleitzahl geschäftlich",
                "postleitzahl privat", "weitere postleitzahl", "plz", "postleitzahl",
                "irányítószám", "irsz", "индекс", "почтовый индекс"},
            {"country", "country", "country/region", "address country", "business country/region",
                "home country/region", "other country/region", "business country", "home country",
                "other country", "land/region geschäftlich", "land/region privat", "weiteres/e land/region", "land",
                "staat", "ország", "страна"},
            {"industry", "industry", "sector", "branche", "iparág", "ágazat", "отрасль"},
            {"website", "website", "web page", "url", "homepage", "website value", "webseite", "weboldal", "honlap",
                "сайт", "веб-сайт"},
            {"rep", "rep", "sales rep", "account owner", "owner", "kundenbetreuer", "betreuer", "üzletkötő",
                "менеджер", "ответственный"},
            {"notes", "notes", "note", "comment", "comments", "description", "notizen", "notiz", "bemerkung",
                "bemerkungen", "kommentar", "megjegyzés", "megjegyzések", "примечание", "заметки", "комментарий"},
            {"tags", "tag", "tags", "labels", "categories", "category", "group membership", "groups", "kategorien",
                "schlagworte", "címkék", "címke", "теги", "метки", "категории"},
            {"source", "source", "lead source", "quelle", "herkunft", "forrás", "источник"},
            {"birthday", "birthday", "birth date", "date of birth", "dob", "geburtstag", "geburtsdatum",
                "születésnap", "születési dátum", "дата рождения", "день рождения"},
            {"gender", "gender", "sex", "geschlecht", "neme", "пол"},
            {"language", "language", "sprache", "nyelv", "язык"},
            {"preferred_channel", "preferred channel", "channel", "bevorzugter kanal", "csatorna", "канал связи"},
            {"contact_hours", "contact hours", "erreichbarkeit", "elérhetőségi idő", "время для связи"},
            {"consent", "consent", "gdpr consent", "einwilligung", "hozzájárulás", "согласие"},
            {"consent_date", "consent date", "einwilligungsdatum", "hozzájárulás dátuma", "дата согласия"},
            {"marketing_opt_out", "marketing opt out", "opt out", "opted out", "unsubscribed", "werbewiderspruch",
                "leiratkozott", "отказ от рассылки"},
            {"marketing_opt_out_date", "marketing opt out date", "opt out date", "opted out date", "дата отказа от рассылки"},
            {"funnel_stage", "funnel stage", "stage", "lifecycle stage", "vertriebsphase", "értékesítési fázis",
                "стадия воронки"},
            {"purchases", "purchases", "käufe", "vásárlások", "покупки"},
        };
        Map<String, String> map = new HashMap<>();
        for (String[] row : table) {
            map.put(key(row[0]), row[0]);
            for (int i = 1; i < row.length; i++) {
                String previous = map.put(key(row[i]), row[0]);
                if (previous != null && !previous.equals(row[0])) {
                    throw new IllegalStateException("alias '" + row[i] + "' maps to " + previous + " and " + row[0]);
                }
            }
        }
        return Map.copyOf(map);
    }
}
