package dev.clientele.ingest;

import dev.clientele.customer.CustomerValidator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads customers from a vCard file ({@code .vcf}): versions 3.0 and 4.0, and 2.1 as old phones write it (bare
 * parameters, quoted-printable with a CHARSET), as exported by Apple Contacts, Google Contacts, Outlook and Android.
 *
 * <p><b>Numbering.</b> {@link ImportRow#row()} and {@link RowError#row()} are the 1-based index of the card in the
 * file; {@link ImportRow#line()} is the line of its {@code BEGIN:VCARD}. A {@link RowError#column()} is the vCard
 * property the value came from ({@code EMAIL}, {@code BDAY}, …).
 *
 * <p><b>Mapping.</b> {@code N} gives last name, first name, additional names (appended to the first name) and the
 * prefix (a salutation, which may set the gender); {@code FN} is split given-first only when there is no {@code N}
 * and FN is neither the organisation nor an email address. {@code ORG} (first component) → company,
 * {@code TITLE} (else {@code ROLE}) → position, every {@code EMAIL} and {@code TEL} → emails and phones
 * ({@code tel:} URIs unwrapped), the first {@code ADR} → address (street and extended address joined, country names mapped to ISO codes), {@code BDAY} → birthday (a
 * birthday without a year, {@code --0531} or Apple's omitted year, is skipped with a warning), {@code NOTE} → notes,
 * {@code URL} → website, {@code CATEGORIES} → tags, {@code GENDER} → gender, {@code LANG} → language, {@code KIND:org}
 * or Apple's {@code X-ABShowAs:COMPANY} → a company, as is a card without {@code N} whose FN (if any) is its ORG.
 * {@code UID} → external id, verbatim, so importing the same file again finds the same customers. Clientele's own {@code X-CLIENTELE-<FIELD>} properties (industry, rep,
 * consent, purchases, … as {@link VcardExporter} writes them) give those fields. Other properties (PHOTO,
 * X-ABLabel, …) are ignored.
 *
 * <p>A card with an error is rejected as a whole; a card left open at the end of the file is rejected with an
 * error. Only a file with no {@code BEGIN:VCARD} at all throws {@link ImportException}. Not thread-safe; close it
 * to close the stream.
 */
public final class VcardImporter extends LookAheadReader {
    private static final char REPLACEMENT = '\uFFFD';

    private final BufferedReader reader;
    private final Charset charset;
    private final CustomerValidator validator = new CustomerValidator();
    private final List<RowError> warnings = new ArrayList<>();
    private String peeked;
    private int physicalLine;
    private int logicalStart;
    private int cards;
    private boolean sawContent;

    private VcardImporter(BufferedReader reader, Charset charset) {
        this.reader = reader;
        this.charset = charset;
    }

    /** Opens a UTF-8 vCard file. */
    public static VcardImporter open(InputStream in) {
        return open(in, StandardCharsets.UTF_8);
    }

    /**
     * Opens a vCard file in the given charset (also the default for quoted-printable values without a CHARSET). A
     * file opened as UTF-8 whose bytes are not UTF-8 is read in the Windows code page they show
     * ({@link LegacyCharset}), with a warning.
     */
    public static VcardImporter open(InputStream in, Charset charset) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(charset, "charset");
        RowError detected = null;
        if (charset.equals(StandardCharsets.UTF_8)) {
            // Outlook and old phones write vCard 2.1 in the Windows code page, often without saying so.
            try {
                LegacyCharset.Sniffed sniffed = LegacyCharset.sniff(in, 64 * 1024);
                in = sniffed.in();
                if (sniffed.legacy() != null) {
                    charset = sniffed.legacy();
                    detected = new RowError(0, null, "the file is not UTF-8: read as " + charset.name()
                            + " (give the charset to choose another)");
                }
            } catch (IOException e) {
                try {
                    in.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw new ImportException(0, "cannot read the file: " + e.getMessage(), e);
            }
        }
        var decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        VcardImporter importer = new VcardImporter(new BufferedReader(new InputStreamReader(in, decoder)), charset);
        if (detected != null) {
            importer.warnings.add(detected);
        }
        return importer;
    }

    @Override
    public List<RowError> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new ImportException(0, "cannot close the vCard input", e);
        }
    }

    @Override
    protected ImportRow readNext() {
        String line;
        while ((line = logicalLine()) != null) {
            if (!line.isBlank()) {
                sawContent = true;
            }
            if (line.strip().equalsIgnoreCase("BEGIN:VCARD")) {
                cards++;
                return readCardBody(new Card(new CustomerDraft(cards), cards, logicalStart));
            }
        }
        if (cards == 0 && sawContent) {
            throw new ImportException(1, "no BEGIN:VCARD found: this is not a vCard file");
        }
        return null;
    }

    private ImportRow readCardBody(Card card) {
        String line;
        int nested = 0;
        while ((line = logicalLine()) != null) {
            String t = line.strip();
            if (t.equalsIgnoreCase("BEGIN:VCARD")) {
                nested++; // vCard 2.1 AGENT cards: their content is not this customer's
            } else if (t.equalsIgnoreCase("END:VCARD")) {
                if (nested == 0) {
                    return card.finish();
                }
                nested--;
            } else if (nested == 0 && !t.isEmpty()) {
                VcardProperty p = VcardProperty.parse(line, charset);
                if (p != null) {
                    card.apply(p);
                }
            }
        }
        card.draft.error(null, "card starting at line " + card.line + " is not closed (no END:VCARD)");
        return card.finish();
    }

    /**
     * The next logical line: physical lines joined where the next one starts with a space or tab (folding), or
     * where a quoted-printable value ends with {@code =} (a 2.1 soft line break). Null at the end.
     */
    private String logicalLine() {
        String first = physical();
        if (first == null) {
            return null;
        }
        logicalStart = physicalLine;
        StringBuilder sb = new StringBuilder(first);
        while (true) {
            String next = physical();
            if (next == null) {
                break;
            }
            if (!next.isEmpty() && (next.charAt(0) == ' ' || next.charAt(0) == '\t')) {
                sb.append(next, 1, next.length());
            } else if (isSoftBreak(sb)) {
                sb.setLength(sb.length() - 1);
                sb.append(next);
            } else {
                peeked = next;
                break;
            }
        }
        return sb.toString();
    }

    private static boolean isSoftBreak(StringBuilder sb) {
        if (sb.isEmpty() || sb.charAt(sb.length() - 1) != '=') {
            return false;
        }
        int colon = sb.indexOf(":");
        return colon > 0 && sb.substring(0, colon).toUpperCase(Locale.ROOT).contains("QUOTED-PRINTABLE");
    }

    private String physical() {
        if (peeked != null) {
            String p = peeked;
            peeked = null;
            return p;
        }
        try {
            String line = reader.readLine();
            if (line != null) {
                physicalLine++;
                if (physicalLine == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                }
            }
            return line;
        } catch (IOException e) {
            throw new ImportException(cards, "cannot read the file: " + e.getMessage(), e);
        }
    }

    /** The properties of one card, applied to a draft. */
    private final class Card {
        private final CustomerDraft draft;
        private final int row;
        private final int line;
        private String fullName;
        private String org;
        private boolean hasN;
        private boolean hasAddress;
        private boolean company;

        Card(CustomerDraft draft, int row, int line) {
            this.draft = draft;
            this.row = row;
            this.line = line;
        }

        void apply(VcardProperty p) {
            if (p.value().indexOf(REPLACEMENT) >= 0) {
                draft.error(p.name(), "contains bytes that are not valid " + charset.name());
                return;
            }
            switch (p.name()) {
                case "N" -> {
                    List<String> n = p.components();
                    put("last_name", part(n, 0), "N");
                    put("first_name", part(n, 1), "N");
                    put("middle_name", part(n, 2), "N");
                    put("salutation", part(n, 3), "N");
                    hasN = true;
                }
                case "FN" -> fullName = p.text();
                case "ORG" -> {
                    org = part(p.components(), 0);
                    put("company", org, "ORG");
                }
                case "TITLE", "ROLE" -> put("position", p.text(), p.name());
                case "EMAIL" -> draft.add("emails", p.text().strip(), "EMAIL");
                case "TEL" -> draft.add("phones", phone(p.text()), "TEL");
                case "ADR" -> address(p);
                case "BDAY" -> birthday(p);
                case "NOTE" -> put("notes", p.text(), "NOTE");
                case "URL" -> put("website", p.text(), "URL");
                case "CATEGORIES" -> p.listValues().stream().map(String::strip)
                        .filter(t -> !t.equals("myContacts")) // Google's everyone-group, see CustomerDraft
                        .forEach(t -> draft.add("tags", t, "CATEGORIES"));
                case "UID" -> put("external_id", p.text(), "UID");
                case "GENDER" -> gender(part(p.components(), 0));
                case "LANG" -> put("language", p.text(), "LANG");
                case "KIND" -> company |= p.text().strip().equalsIgnoreCase("org");
                case "X-ABSHOWAS" -> company |= p.text().strip().equalsIgnoreCase("COMPANY");
                default -> {
                    // Clientele's own X-CLIENTELE-<FIELD> (see VcardExporter); PHOTO, PRODID, X-ABLabel and other
                    // properties carry nothing Clientele keeps.
                    if (p.name().startsWith(VcardExporter.EXTENSION_PREFIX)) {
                        String field = p.name().substring(VcardExporter.EXTENSION_PREFIX.length())
                                .toLowerCase(Locale.ROOT).replace('-', '_');
                        if (VcardExporter.EXTENSION_FIELDS.contains(field)) {
                            put(field, p.text(), p.name());
                        }
                    }
                }
            }
        }

        ImportRow finish() {
            // FN is only a display name: for a company it repeats ORG, for a nameless contact it may be the email.
            if (!hasN && fullName != null && !fullName.strip().equals(org == null ? "" : org.strip())
                    && fullName.indexOf('@') < 0) {
                put("full_name", fullName, "FN");
            }
            // A card with no N at all (vCard 4.0 makes it optional) whose only name is its ORG is a company's card.
            boolean orgOnly = !hasN && org != null && (fullName == null || fullName.strip().equals(org.strip()));
            if (company || orgOnly) {
                put("kind", "company", "KIND");
            } else if (hasN) {
                // A person card, even with an empty N (how a person known only by company is written): said so, or
                // a card with only an ORG would be taken for the company's (see CustomerNormalizer).
                put("kind", "person", "N");
            }
            ImportRow r = draft.finish(line, NameOrder.GIVEN_FIRST, validator);
            warnings.addAll(draft.warnings());
            return r;
        }

        private void put(String field, String value, String property) {
            draft.put(field, value, property);
        }

        private void address(VcardProperty p) {
            if (hasAddress) {
                return; // Clientele keeps one address: the first, which is the preferred one in every exporter seen
            }
            hasAddress = true;
            List<String> a = p.components();
            String street = join(part(a, 2), part(a, 1));
            put("street", blank(street) ? part(a, 0) : street, "ADR");
            put("city", part(a, 3), "ADR");
            put("region", part(a, 4), "ADR");
            put("postal_code", part(a, 5), "ADR");
            put("country", part(a, 6), "ADR");
        }

        private void birthday(VcardProperty p) {
            String v = p.text().strip();
            String omitYear = p.param("X-APPLE-OMIT-YEAR");
            if (v.startsWith("--") || (omitYear != null && v.startsWith(omitYear))) {
                warnings.add(new RowError(row, "BDAY", "birthday without a year (" + v + ") skipped"));
                return;
            }
            int t = v.indexOf('T');
            put("birthday", t > 0 ? v.substring(0, t) : v, "BDAY");
        }

        private void gender(String sex) {
            String g = switch (sex == null ? "" : sex.strip().toUpperCase(Locale.ROOT)) {
                case "M" -> "male";
                case "F" -> "female";
                case "O" -> "diverse";
                default -> null; // N (none) and U (unknown) say nothing
            };
            put("gender", g, "GENDER");
        }

        private static String phone(String value) {
            String v = value.strip();
            if (v.regionMatches(true, 0, "tel:", 0, 4)) {
                v = v.substring(4);
                int ext = v.toLowerCase(Locale.ROOT).indexOf(";ext=");
                if (ext >= 0) {
                    v = v.substring(0, ext) + " ext " + v.substring(ext + 5);
                }
                int semi = v.indexOf(';');
                v = semi >= 0 ? v.substring(0, semi) : v;
            }
            return v;
        }

        private static String part(List<String> parts, int i) {
            return i < parts.size() && !parts.get(i).isBlank() ? parts.get(i).strip() : null;
        }

        private static String join(String a, String b) {
            if (blank(a)) {
                return b;
            }
            return blank(b) ? a : a + ", " + b;
        }

        private static boolean blank(String s) {
            return s == null || s.isBlank();
        }
    }
}
