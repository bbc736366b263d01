package dev.clientele.dedup;

import java.util.Map;

/** Builds a {@link MatchConfig} from {@link MatchConfig#DEFAULTS} and overrides by config key. */
public final class MatchConfigs {
    private MatchConfigs() {
    }

    /**
     * The defaults with the given numbers replaced: keys {@code likely_threshold}, {@code possible_threshold},
     * {@code household_factor} and {@code weights.<field>.low|high} for first_name, last_name, emails, phones,
     * address, birthday, company, website.
     *
     * @throws IllegalArgumentException naming the key for an unknown key or an impossible value
     */
    public static MatchConfig from(Map<String, Double> overrides) {
        MatchConfig d = MatchConfig.DEFAULTS;
        for (String key : overrides.keySet()) {
            if (!key.equals("likely_threshold") && !key.equals("possible_threshold") && !key.equals("household_factor")
                    && !key.matches("weights\\.(first_name|last_name|emails|phones|address|birthday|company|website)\\.(low|high)")) {
                throw new IllegalArgumentException("unknown dedup setting '" + key + "'");
            }
        }
        try {
            return new MatchConfig(
                    overrides.getOrDefault("likely_threshold", d.likelyThreshold()),
                    overrides.getOrDefault("possible_threshold", d.possibleThreshold()),
                    weight(overrides, "first_name", d.firstName()),
                    weight(overrides, "last_name", d.lastName()),
                    weight(overrides, "emails", d.emails()),
                    weight(overrides, "phones", d.phones()),
                    weight(overrides, "address", d.address()),
                    weight(overrides, "birthday", d.birthday()),
                    weight(overrides, "company", d.company()),
                    weight(overrides, "website", d.website()),
                    overrides.getOrDefault("household_factor", d.householdFactor()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("dedup settings: " + e.getMessage(), e);
        }
    }

    private static MatchConfig.FieldWeight weight(Map<String, Double> o, String field, MatchConfig.FieldWeight d) {
        try {
            return new MatchConfig.FieldWeight(o.getOrDefault("weights." + field + ".low", d.low()),
                    o.getOrDefault("weights." + field + ".high", d.high()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("weights." + field + ": " + e.getMessage(), e);
        }
    }
}
