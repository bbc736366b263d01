package dev.clientele.text;

import java.util.Locale;
import java.util.Set;

/**
 * E-mail address normalisation for matching: lower-cased and trimmed, sub-address tags removed
 * ("ann+news@example.com" → "ann@example.com"), and for Gmail the dots in the local part removed and
 * googlemail.com read as gmail.com, because Gmail delivers all those spellings to the same mailbox.
 *
 * <p>The result is a matching key, not an address to send mail to. Stateless and thread-safe.
 */
public final class Emails {
    /** Local parts that name a role, not a person: info@, office@ and the like, shared by everyone at a firm. */
    private static final Set<String> ROLE_LOCAL_PARTS = Set.of("info", "office", "contact", "mail", "sales",
            "admin", "hello", "kontakt", "support", "service", "team", "billing", "invoice", "post", "iroda");

    private Emails() {
    }

    /** True for a local part that names a role (info, office, kontakt, sales…), compared as given. */
    public static boolean isRoleLocalPart(String localPart) {
        return localPart != null && ROLE_LOCAL_PARTS.contains(localPart);
    }

    /** True for an address whose local part names a role (info@, office@, kontakt@, sales@…), in any case. */
    public static boolean isRoleAddress(String email) {
        return isRoleLocalPart(localPart(email));
    }

    /** The normalised address, or null when the text is null or blank. Text without '@' is only lower-cased. */
    public static String normalize(String email) {
        if (email == null) {
            return null;
        }
        String e = email.strip().toLowerCase(Locale.ROOT);
        if (e.startsWith("mailto:")) {
            e = e.substring(7);
        }
        if (e.isEmpty()) {
            return null;
        }
        int at = e.lastIndexOf('@');
        if (at < 0) {
            return e;
        }
        String local = e.substring(0, at);
        String domain = e.substring(at + 1);
        int plus = local.indexOf('+');
        if (plus > 0) {
            // Sub-addressing (RFC 5233) is honoured by nearly every large provider.
            local = local.substring(0, plus);
        }
        if (domain.equals("googlemail.com")) {
            domain = "gmail.com";
        }
        if (domain.equals("gmail.com")) {
            local = local.replace(".", "");
        }
        return local + "@" + domain;
    }

    /** The part before the last '@' of the normalised address; the whole text when it has no '@'; null for null. */
    public static String localPart(String email) {
        String n = normalize(email);
        if (n == null) {
            return null;
        }
        int at = n.lastIndexOf('@');
        return at < 0 ? n : n.substring(0, at);
    }

    /** The domain of the normalised address, or null when there is none. */
    public static String domain(String email) {
        String n = normalize(email);
        if (n == null) {
            return null;
        }
        int at = n.lastIndexOf('@');
        return at < 0 || at == n.length() - 1 ? null : n.substring(at + 1);
    }
}
