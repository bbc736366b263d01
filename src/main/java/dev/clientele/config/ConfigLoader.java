package dev.clientele.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@link AppConfig} from a YAML file and the environment. Environment variables win over the file
 * ({@code CLIENTELE_PORT}, {@code CLIENTELE_DATA}, {@code CLIENTELE_BACKUP_DIR}, {@code CLIENTELE_HOST},
 * {@code CLIENTELE_ADMIN_KEY}); unknown keys and wrong types fail
 * with a {@link ConfigException} naming the file and the key, so a typo never silently falls back to a default.
 */
public final class ConfigLoader {
    private static final Set<String> KNOWN = Set.of(
            "server.host", "server.port", "data.dir", "index.ram_buffer_mb", "index.min_free_disk_mb",
            "index.optimize_when_idle", "http.max_body_bytes",
            "http.max_bulk_bytes", "http.bulk_batch_size", "http.import_batch_size", "demo.count", "demo.seed", "demo.locales",
            "security.enabled", "security.open_read_on_loopback", "security.admin_key",
            "security.rate_limit_per_minute",

            "facets.spend_buckets", "search.collation", "currency.base", "currency.rates", "backup.every", "backup.keep",
            "backup.dir",
            "dedup.likely_threshold", "dedup.possible_threshold", "dedup.household_factor",
            "dedup.weights.first_name.low", "dedup.weights.first_name.high",
            "dedup.weights.last_name.low", "dedup.weights.last_name.high",
            "dedup.weights.emails.low", "dedup.weights.emails.high",
            "dedup.weights.phones.low", "dedup.weights.phones.high",
            "dedup.weights.address.low", "dedup.weights.address.high",
            "dedup.weights.birthday.low", "dedup.weights.birthday.high",
            "dedup.weights.company.low", "dedup.weights.company.high",
            "dedup.weights.website.low", "dedup.weights.website.high");

    private ConfigLoader() {
    }

    /** Loads the file if it exists (a missing default file means defaults), then applies the environment. */
    public static AppConfig load(Path file, Map<String, String> env, boolean fileMustExist) {
        AppConfig c = AppConfig.DEFAULTS;
        if (file != null && Files.exists(file)) {
            c = fromYaml(file);
        } else if (fileMustExist) {
            throw new ConfigException("config file " + file + " does not exist");
        }
        return applyEnv(c, env);
    }

    static AppConfig fromYaml(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return AppConfig.DEFAULTS;
        }
        List<String> unknown = new ArrayList<>();
        collectUnknown(root, "", unknown);
        if (!unknown.isEmpty()) {
            throw new ConfigException(file + ": unknown key " + String.join(", ", unknown)
                    + " (known: " + String.join(", ", KNOWN.stream().sorted().toList()) + ")");
        }
        AppConfig d = AppConfig.DEFAULTS;
        Reader r = new Reader(file, root);
        return new AppConfig(
                r.text("server.host", d.host()),
                r.integer("server.port", d.port(), 0, 65535),
                Path.of(r.text("data.dir", d.dataDir().toString())),
                r.number("index.ram_buffer_mb", d.ramBufferMb(), 1, 2048),
                r.longValue("index.min_free_disk_mb", d.minFreeDiskMb(), 0, 1L << 30),
                r.longValue("http.max_body_bytes", d.maxBodyBytes(), 1024, 1L << 30),
                r.longValue("http.max_bulk_bytes", d.maxBulkBytes(), 1024, 1L << 40),
                r.integer("http.bulk_batch_size", d.bulkBatchSize(), 1, 1_000_000),
                r.integer("http.import_batch_size", d.importBatchSize(), 1, 1_000_000),
                r.integer("demo.count", d.demoCount(), 0, 10_000_000),
                r.longValue("demo.seed", d.demoSeed(), Long.MIN_VALUE, Long.MAX_VALUE),
                r.list("demo.locales", d.demoLocales()),
                new AppConfig.Security(r.bool("security.enabled", d.security().enabled()),
                        r.bool("security.open_read_on_loopback", d.security().openReadOnLoopback()),
                        r.text("security.admin_key", d.security().adminKey()),
                        r.integer("security.rate_limit_per_minute", d.security().rateLimitPerMinute(), 0, 10_000_000)),
                r.increasingNumbers("facets.spend_buckets", d.spendBuckets()),
                dedup(r),
                currency(r),
                new AppConfig.Backup(duration(r, "backup.every"), r.integer("backup.keep", 0, 0, 100_000),
                        backupDir(r)),
                collation(r),
                optimizeWhenIdle(r));
    }

    /** {@code index.optimize_when_idle}: a duration as {@code backup.every} takes; 0: never; missing: the default. */
    private static java.time.Duration optimizeWhenIdle(Reader r) {
        if (r.text("index.optimize_when_idle", null) == null) {
            return AppConfig.DEFAULT_OPTIMIZE_WHEN_IDLE;
        }
        java.time.Duration d = duration(r, "index.optimize_when_idle");
        return d == null ? java.time.Duration.ZERO : d;
    }

    /** {@code search.collation}: {@code root} or a language ICU collates ({@code hu}, {@code de}, {@code ru}). */
    private static String collation(Reader r) {
        String name = r.text("search.collation", AppConfig.DEFAULTS.collation());
        try {
            return dev.clientele.index.NameCollation.canonical(name);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(r.file() + ": search.collation: " + e.getMessage());
        }
    }

    /** {@code backup.dir}: a path (relative ones to the working directory, as {@code data.dir}); none: null. */
    private static Path backupDir(Reader r) {
        String text = r.text("backup.dir", null);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Path.of(text.strip());
        } catch (java.nio.file.InvalidPathException e) {
            throw new ConfigException(r.file() + ": backup.dir is not a path: " + e.getMessage(), e);
        }
    }

    private static final java.util.regex.Pattern DURATION =
            java.util.regex.Pattern.compile("([0-9]{1,9})\\s*(s|m|h|d)", java.util.regex.Pattern.CASE_INSENSITIVE);

    /** A duration such as {@code 24h}, {@code 30m}, {@code 7d} or {@code 90s}; {@code 0} or none: null. */
    static java.time.Duration duration(Reader r, String key) {
        String text = r.text(key, null);
        if (text == null || text.strip().equals("0")) {
            return null;
        }
        java.util.regex.Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            throw new ConfigException(r.file() + ": " + key + " must be a duration such as 24h, 30m, 7d or 90s (0: "
                    + "never), was '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        java.time.Duration d = switch (m.group(2).toLowerCase(java.util.Locale.ROOT)) {
            case "s" -> java.time.Duration.ofSeconds(n);
            case "m" -> java.time.Duration.ofMinutes(n);
            case "h" -> java.time.Duration.ofHours(n);
            default -> java.time.Duration.ofDays(n);
        };
        return d.isZero() ? null : d;
    }

    /**
     * {@code currency.base} and {@code currency.rates} ({@code {HUF: 0.0025, GBP: 1.17}}: base units per unit); no
     * base: nothing is converted.
     */
    private static dev.clientele.customer.CurrencyRates currency(Reader r) {
        JsonNode base = r.node("currency.base");
        JsonNode rates = r.node("currency.rates");
        if (base == null && rates == null) {
            return dev.clientele.customer.CurrencyRates.NONE;
        }
        if (base == null) {
            throw new ConfigException(r.file() + ": currency.rates needs currency.base (the currency they convert into)");
        }
        String code = r.text("currency.base", null);
        java.util.Map<String, java.math.BigDecimal> out = new java.util.TreeMap<>();
        if (rates != null) {
            if (!rates.isObject()) {
                throw new ConfigException(r.file() + ": currency.rates must be a map of currency code to rate, like"
                        + " {HUF: 0.0025, GBP: 1.17}");
            }
            Iterator<Map.Entry<String, JsonNode>> it = rates.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isNumber() || e.getValue().decimalValue().signum() <= 0) {
                    throw new ConfigException(r.file() + ": currency.rates." + e.getKey() + " must be a number above 0 "
                            + "(units of " + code + " per " + e.getKey() + "), was '" + e.getValue().asText() + "'");
                }
                out.put(e.getKey(), e.getValue().decimalValue());
            }
        }
        try {
            return new dev.clientele.customer.CurrencyRates(code, out);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(r.file() + ": currency." + e.getMessage());
        }
    }

    /** Every {@code dedup.*} number given in the file, by its key without the prefix. */
    private static java.util.Map<String, Double> dedup(Reader r) {
        java.util.Map<String, Double> out = new java.util.TreeMap<>();
        for (String key : KNOWN) {
            if (key.startsWith("dedup.") && r.node(key) != null) {
                out.put(key.substring("dedup.".length()), r.number(key, 0, 0, 1));
            }
        }
        return java.util.Map.copyOf(out);
    }

    static AppConfig applyEnv(AppConfig c, Map<String, String> env) {
        String port = env.get("CLIENTELE_PORT");
        if (port != null && !port.isBlank()) {
            try {
                int p = Integer.parseInt(port.strip());
                if (p < 0 || p > 65535) {
                    throw new NumberFormatException();
                }
                c = c.withPort(p);
            } catch (NumberFormatException e) {
                throw new ConfigException("environment variable CLIENTELE_PORT: '" + port + "' is not a port");
            }
        }
        String data = env.get("CLIENTELE_DATA");
        if (data != null && !data.isBlank()) {
            c = c.withDataDir(Path.of(data.strip()));
        }
        String backupDir = env.get("CLIENTELE_BACKUP_DIR");
        if (backupDir != null && !backupDir.isBlank()) {
            c = c.withBackup(c.backup().withDir(Path.of(backupDir.strip())));
        }
        String host = env.get("CLIENTELE_HOST");
        if (host != null && !host.isBlank()) {
            c = c.withHost(host.strip());
        }
        String adminKey = env.get("CLIENTELE_ADMIN_KEY");
        if (adminKey != null && !adminKey.isBlank()) {
            c = c.withAdminKey(adminKey.strip());
        }
        return c;
    }

    private static void collectUnknown(JsonNode node, String prefix, List<String> unknown) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String key = prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey();
            if (f.getValue().isObject() && !KNOWN.contains(key)) {
                collectUnknown(f.getValue(), key, unknown);
            } else if (!KNOWN.contains(key)) {
                unknown.add(key);
            }
        }
    }

    /** Typed access to dotted keys with the file name in every error. */
    private record Reader(Path file, JsonNode root) {
        JsonNode node(String key) {
            JsonNode n = root;
            for (String part : key.split("\\.")) {
                n = n.path(part);
            }
            return n.isMissingNode() || n.isNull() ? null : n;
        }

        String text(String key, String def) {
            JsonNode n = node(key);
            if (n == null) {
                return def;
            }
            if (!n.isValueNode() || n.asText().isBlank()) {
                throw new ConfigException(file + ": " + key + " must be a non-empty text");
            }
            return n.asText();
        }

        boolean bool(String key, boolean def) {
            JsonNode n = node(key);
            if (n == null) {
                return def;
            }
            if (!n.isBoolean()) {
                throw new ConfigException(file + ": " + key + " must be true or false, was '" + n.asText() + "'");
            }
            return n.asBoolean();
        }

        long longValue(String key, long def, long min, long max) {
            JsonNode n = node(key);
            if (n == null) {
                return def;
            }
            if (!n.isIntegralNumber() || n.asLong() < min || n.asLong() > max) {
                throw new ConfigException(file + ": " + key + " must be a whole number from " + min + " to " + max
                        + ", was '" + n.asText() + "'");
            }
            return n.asLong();
        }

        int integer(String key, int def, int min, int max) {
            return (int) longValue(key, def, min, max);
        }

        double number(String key, double def, double min, double max) {
            JsonNode n = node(key);
            if (n == null) {
                return def;
            }
            if (!n.isNumber() || n.asDouble() < min || n.asDouble() > max) {
                throw new ConfigException(file + ": " + key + " must be a number from " + min + " to " + max
                        + ", was '" + n.asText() + "'");
            }
            return n.asDouble();
        }

        List<java.math.BigDecimal> increasingNumbers(String key, List<java.math.BigDecimal> def) {
            JsonNode n = node(key);
            if (n == null) {
                return def;
            }
            List<java.math.BigDecimal> out = new ArrayList<>();
            if (n.isArray()) {
                for (JsonNode e : n) {
                    if (!e.isNumber() || !out.isEmpty() && e.decimalValue().compareTo(out.getLast()) <= 0) {
                        out = null;
                        break;
                    }
                    out.add(e.decimalValue());
                }
            }
            if (out == null || out.isEmpty()) {
                throw new ConfigException(file + ": " + key + " must be a non-empty list of increasing numbers, was '"
                        + n + "'");
            }
            return List.copyOf(out);
        }

        List<String> list(String key, List<String> def) {
            JsonNode n = node(key);
            if (n == null) {
                return def;
            }
            if (!n.isArray()) {
                throw new ConfigException(file + ": " + key + " must be a list");
            }
            List<String> out = new ArrayList<>();
            n.forEach(e -> out.add(e.asText()));
            return List.copyOf(out);
        }
    }
}
