package dev.clientele.ingest;

import dev.clientele.customer.Address;
import dev.clientele.customer.Customer;
import dev.clientele.customer.Kind;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Writes customers as vCard 4.0 (RFC 6350): UTF-8, CRLF, lines folded at 75 octets, one card per customer.
 *
 * <p>vCard carries: external id ({@code UID}), kind ({@code KIND:org} for companies), first and last name
 * ({@code N}, plus {@code FN} as the display name), company ({@code ORG}), position ({@code TITLE}), emails,
 * phones ({@code TEL} as text, so "+36 1 234 5678" stays as typed), the address ({@code ADR}, country as its English
 * name, which {@link VcardImporter} maps back), birthday, notes, website ({@code URL}), tags ({@code CATEGORIES}),
 * gender and language. The fields vCard has no property for are written as extension properties named after their
 * CSV columns ({@link #EXTENSION_FIELDS}: {@code X-CLIENTELE-INDUSTRY}, {@code X-CLIENTELE-CONSENT-DATE},
 * {@code X-CLIENTELE-PURCHASES} as the JSON array, …), which address books keep or ignore and {@link VcardImporter}
 * reads back, so export → import loses no field. Line breaks in notes are written as {@code \n}, so a CRLF inside
 * a note comes back as LF. Constant memory; not thread-safe; close it to flush and
 * close the stream.
 */
public final class VcardExporter implements Closeable {
    /** The canonical fields a vCard round trip keeps (see the class comment). */
    public static final List<String> CARRIED_FIELDS = ColumnMapping.FIELDS;

    /** The canonical fields written as {@code X-CLIENTELE-<FIELD>} properties (underscores as hyphens). */
    static final List<String> EXTENSION_FIELDS = List.of("industry", "rep", "source", "preferred_channel",
            "contact_hours", "consent", "consent_date", "marketing_opt_out", "marketing_opt_out_date",
            "funnel_stage", "purchases");
    static final String EXTENSION_PREFIX = "X-CLIENTELE-";

    private static final int MAX_OCTETS = 75;
    private static final DateTimeFormatter BASIC_DATE = DateTimeFormatter.BASIC_ISO_DATE;

    private final Writer writer;

    private VcardExporter(Writer writer) {
        this.writer = writer;
    }

    public static VcardExporter open(OutputStream out) {
        Objects.requireNonNull(out, "out");
        return new VcardExporter(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)));
    }

    /** Writes to {@code out}, which the caller owns: {@link #flush} writes what is buffered, and closing closes it. */
    public static VcardExporter open(Writer out) {
        return new VcardExporter(Objects.requireNonNull(out, "out"));
    }

    public void write(Customer c) {
        Objects.requireNonNull(c, "customer");
        line("BEGIN:VCARD");
        line("VERSION:4.0");
        if (c.externalId() != null) {
            line("UID:" + escape(c.externalId()));
        }
        if (c.kind() == Kind.COMPANY) {
            line("KIND:org");
        }
        line("FN:" + escape(c.displayName()));
        // Always written (even empty), so that readers do not take FN, e.g. an email address, for a name.
        line("N:" + escape(c.lastName()) + ";" + escape(c.firstName()) + ";;;");
        if (c.company() != null) {
            line("ORG:" + escape(c.company()));
        }
        if (c.position() != null) {
            line("TITLE:" + escape(c.position()));
        }
        for (String email : c.emails()) {
            line("EMAIL:" + escape(email));
        }
        for (String phone : c.phones()) {
            line("TEL;VALUE=text:" + escape(phone));
        }
        Address a = c.address();
        if (a != null && !a.isEmpty()) {
            String country = a.country() == null ? null
                    : Locale.of("", a.country()).getDisplayCountry(Locale.ENGLISH);
            line("ADR:;;" + String.join(";", escape(a.street()), escape(a.city()), escape(a.region()),
                    escape(a.postalCode()), escape(country)));
        }
        if (c.birthday() != null) {
            line("BDAY:" + c.birthday().format(BASIC_DATE));
        }
        if (c.notes() != null) {
            line("NOTE:" + escape(c.notes()));
        }
        if (c.website() != null) {
            line("URL:" + escape(c.website()));
        }
        if (!c.tags().isEmpty()) {
            line("CATEGORIES:" + String.join(",", c.tags().stream().map(VcardExporter::escape).toList()));
        }
        if (c.gender() != null) {
            line("GENDER:" + switch (c.gender()) {
                case MALE -> "M";
                case FEMALE -> "F";
                case DIVERSE -> "O";
            });
        }
        if (c.language() != null) {
            line("LANG:" + escape(c.language()));
        }
        for (String field : EXTENSION_FIELDS) {
            String value = CustomerCells.cell(c, field);
            if (!value.isEmpty()) {
                line(EXTENSION_PREFIX + field.toUpperCase(Locale.ROOT).replace('_', '-') + ":" + escape(value));
            }
        }
        line("END:VCARD");
    }

    /** Writes out what is buffered, without closing. */
    public void flush() {
        try {
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes one content line, folded so that no physical line exceeds 75 UTF-8 octets (RFC 6350 3.2). */
    private void line(String content) {
        try {
            int octets = 0;
            for (int i = 0; i < content.length(); ) {
                int cp = content.codePointAt(i);
                int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
                if (octets + size > MAX_OCTETS) {
                    writer.write("\r\n ");
                    octets = 1;
                }
                writer.write(Character.toChars(cp));
                octets += size;
                i += Character.charCount(cp);
            }
            writer.write("\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Escapes a text value; null becomes empty. */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case ',' -> sb.append("\\,");
                case ';' -> sb.append("\\;");
                case '\n' -> sb.append("\\n");
                case '\r' -> {
                    sb.append("\\n");
                    if (i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                        i++;
                    }
                }
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
