package dev.clientele.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One unfolded vCard content line, {@code [group.]NAME[;param…]:value}, with its value already decoded from
 * quoted-printable when the line says so (vCard 2.1). Names and parameter names are upper case; vCard 2.1's bare
 * parameters ({@code TEL;CELL:}) are read as TYPE values.
 */
record VcardProperty(String group, String name, Map<String, List<String>> params, String value) {

    static VcardProperty parse(String line, Charset defaultCharset) {
        int colon = -1;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ':' && !quoted) {
                colon = i;
                break;
            }
        }
        if (colon < 0) {
            return null;
        }
        List<String> head = splitParams(line.substring(0, colon));
        String fullName = head.get(0);
        int dot = fullName.lastIndexOf('.');
        String group = dot < 0 ? null : fullName.substring(0, dot);
        String name = fullName.substring(dot + 1).strip().toUpperCase(Locale.ROOT);
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String p : head.subList(1, head.size())) {
            int eq = p.indexOf('=');
            String key = eq < 0 ? bareKey(p) : p.substring(0, eq).strip().toUpperCase(Locale.ROOT);
            String values = eq < 0 ? p : p.substring(eq + 1);
            for (String v : values.split(",")) {
                params.computeIfAbsent(key, k -> new ArrayList<>()).add(unquote(v.strip()));
            }
        }
        String value = line.substring(colon + 1);
        if (has(params, "ENCODING", "QUOTED-PRINTABLE") || has(params, "ENCODING", "QP")) {
            value = decodeQuotedPrintable(value, charset(params, defaultCharset));
        }
        return new VcardProperty(group, name, params, value);
    }

    boolean hasParam(String key) {
        return params.containsKey(key);
    }

    String param(String key) {
        List<String> values = params.get(key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The value split on unescaped {@code ;} (structured values such as N and ADR), each part unescaped. */
    List<String> components() {
        List<String> out = new ArrayList<>();
        for (String part : splitUnescaped(value, ';')) {
            out.add(unescape(part));
        }
        return out;
    }

    /** The value split on unescaped {@code ,} (lists such as CATEGORIES), each part unescaped. */
    List<String> listValues() {
        List<String> out = new ArrayList<>();
        for (String part : splitUnescaped(value, ',')) {
            out.add(unescape(part));
        }
        return out;
    }

    /** The value with {@code \n \, \; \\} escapes resolved. */
    String text() {
        return unescape(value);
    }

    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                sb.append(n == 'n' || n == 'N' ? '\n' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static List<String> splitUnescaped(String s, char separator) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == separator) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }

    private static List<String> splitParams(String s) {
        List<String> out = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ';' && !quoted) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }

    private static String bareKey(String p) {
        String v = p.strip().toUpperCase(Locale.ROOT);
        return v.equals("QUOTED-PRINTABLE") || v.equals("BASE64") || v.equals("8BIT") ? "ENCODING" : "TYPE";
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    private static boolean has(Map<String, List<String>> params, String key, String value) {
        return params.getOrDefault(key, List.of()).stream().anyMatch(value::equalsIgnoreCase);
    }

    private static Charset charset(Map<String, List<String>> params, Charset fallback) {
        List<String> names = params.get("CHARSET");
        if (names == null || names.isEmpty()) {
            return fallback;
        }
        try {
            return Charset.forName(names.get(0));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return fallback;
        }
    }

    /**
     * Decodes quoted-printable ({@code =C3=A1}) into bytes and those into text. The line reader has already
     * removed soft line breaks; a malformed escape is kept as it is rather than failing the card.
     */
    private static String decodeQuotedPrintable(String s, Charset charset) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); ) {
            int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
            int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
            if (s.charAt(i) == '=' && hi >= 0 && lo >= 0) {
                bytes.write(hi * 16 + lo);
                i += 3;
            } else {
                int cp = s.codePointAt(i);
                byte[] raw = Character.toString(cp).getBytes(charset);
                bytes.write(raw, 0, raw.length);
                i += Character.charCount(cp);
            }
        }
        return bytes.toString(charset);
    }
}
