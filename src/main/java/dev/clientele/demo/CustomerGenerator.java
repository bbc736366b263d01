package dev.clientele.demo;

import com.ibm.icu.text.Transliterator;
import dev.clientele.customer.Address;
import dev.clientele.customer.Channel;
import dev.clientele.customer.Consent;
import dev.clientele.customer.Customer;
import dev.clientele.customer.Gender;
import dev.clientele.customer.Kind;
import dev.clientele.customer.OptOut;
import dev.clientele.customer.Purchase;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import net.datafaker.Faker;

/**
 * Makes realistic synthetic customers (people and companies, Hungarian, Russian in Cyrillic, German and English)
 * with purchases, for the demo and for benchmarks. Deterministic: the same seed, count and locales give the same
 * customers, and each gets the external id {@code gen-<seed>-<n>}, so importing a generated file twice does not
 * duplicate anything. A share of records can be near-duplicates of earlier ones (typos, dropped accents, swapped
 * names, reformatted phones, nicknames), for duplicate-detection benchmarks; they carry the tag
 * {@code generated-duplicate} and their original's number in {@code source}.
 *
 * <p>Not thread-safe: use one generator per thread.
 */
public final class CustomerGenerator {
    /** Supported locale codes and the faker locale and country behind each. */
    public static final Map<String, Locale> LOCALES = Map.of(
            "hu", Locale.of("hu", "HU"), "ru", Locale.of("ru", "RU"), "de", Locale.of("de", "DE"),
            "en", Locale.of("en", "GB"), "us", Locale.of("en", "US"), "at", Locale.of("de", "AT"));

    private static final String[] INDUSTRIES = {"Manufacturing", "Retail", "Wholesale", "Construction",
        "Hospitality", "Healthcare", "Education", "Software", "Logistics", "Agriculture", "Finance", "Insurance",
        "Real Estate", "Automotive", "Energy", "Media", "Legal Services", "Consulting", "Food Production",
        "Telecommunications", "Tourism", "Textiles", "Chemicals", "Printing"};
    private static final String[] TAGS = {"vip", "newsletter", "wholesale", "trade-fair-2025", "referral",
        "key-account", "b2b", "reseller", "event", "late-payer", "loyalty", "sample-requested"};
    private static final String[] SOURCES = {"website", "referral", "trade fair", "google ads", "facebook",
        "instagram", "cold call", "newsletter", "walk-in", "partner", "linkedin"};
    private static final String[] STAGES = {"lead", "prospect", "customer", "repeat", "churned"};
    private static final String[] PRODUCTS = {"Starter kit", "Annual subscription", "Consulting hour", "Spare parts",
        "Premium plan", "Workshop ticket", "Gift card", "Maintenance", "Bulk order", "Custom print", "Catering",
        "Installation", "Training", "Accessories"};
    private static final String[] HOURS = {"9-12", "9-17", "13-17", "after 18", "mornings", "weekends"};
    private static final Map<String, String> CURRENCY = Map.of("hu", "HUF", "ru", "RUB", "de", "EUR", "at", "EUR",
            "en", "GBP", "us", "USD");
    /**
     * Prices in each currency, relative to euro prices: a workshop that costs 40 EUR costs about 16,000 HUF. So the
     * demo's customers spend alike once converted into a base currency, rather than Hungarians buying for pennies.
     */
    private static final Map<String, Integer> PRICE_LEVEL = Map.of("HUF", 400, "RUB", 100);

    private final long seed;
    private final Random random;
    private final List<String> locales;
    private final Map<String, Faker> fakers = new java.util.HashMap<>();
    private final List<String> reps = new ArrayList<>();
    private final double duplicateShare;
    private final LocalDate today;
    private final List<Customer> recent = new ArrayList<>();
    private final Transliterator toLatin = Transliterator.getInstance("Any-Latin; Latin-ASCII");
    private long next;

    public CustomerGenerator(long seed, List<String> locales, double duplicateShare, LocalDate today) {
        if (locales.isEmpty()) {
            throw new IllegalArgumentException("at least one locale is needed");
        }
        for (String l : locales) {
            if (!LOCALES.containsKey(l)) {
                throw new IllegalArgumentException("unknown locale '" + l + "', known: " + LOCALES.keySet());
            }
        }
        if (!(duplicateShare >= 0 && duplicateShare <= 0.5)) { // NaN too
            throw new IllegalArgumentException("duplicateShare must be within 0..0.5, was " + duplicateShare);
        }
        this.seed = seed;
        this.random = new Random(seed);
        this.locales = List.copyOf(locales);
        this.duplicateShare = duplicateShare;
        this.today = today;
        for (String l : locales) {
            fakers.put(l, new Faker(LOCALES.get(l), new Random(seed ^ l.hashCode())));
        }
        Faker repFaker = new Faker(Locale.ENGLISH, new Random(seed + 7));
        for (int i = 0; i < 40; i++) {
            String l = locales.get(i % locales.size());
            Faker f = fakers.get(l);
            reps.add(f.name().firstName() + " " + f.name().lastName());
        }
        if (reps.isEmpty()) {
            reps.add(repFaker.name().fullName());
        }
    }

    public CustomerGenerator(long seed, List<String> locales) {
        this(seed, locales, 0, LocalDate.now());
    }

    /** Generates {@code count} customers into the consumer. */
    public void generate(long count, Consumer<Customer> out) {
        for (long i = 0; i < count; i++) {
            out.accept(next());
        }
    }

    /** The next customer. */
    public Customer next() {
        long n = next++;
        Customer c;
        if (!recent.isEmpty() && random.nextDouble() < duplicateShare) {
            Customer original = recent.get(random.nextInt(recent.size()));
            c = DuplicateVariants.variant(original, random).withExternalId("gen-" + seed + "-" + n);
        } else {
            c = fresh(n);
            if (recent.size() < 1000) {
                recent.add(c);
            } else {
                recent.set(random.nextInt(recent.size()), c);
            }
        }
        return c;
    }

    private Customer fresh(long n) {
        String locale = locales.get(random.nextInt(locales.size()));
        Faker f = fakers.get(locale);
        boolean company = random.nextDouble() < 0.2;
        Gender gender = random.nextBoolean() ? Gender.FEMALE : Gender.MALE;
        String first = spelled(locale, firstName(f, locale, gender));
        String last = spelled(locale, lastName(f, locale, gender));
        String companyName = company || random.nextDouble() < 0.4 ? spelled(locale, f.company().name()) : null;
        String country = LOCALES.get(locale).getCountry();
        String city = spelled(locale, f.address().city());
        Address address = new Address(spelled(locale, f.address().streetAddress()), city,
                spelled(locale, region(f, locale)), f.address().zipCode(), country);
        String mailUser = ascii(first) + "." + ascii(last);
        String domain = companyName != null && random.nextBoolean()
                ? ascii(companyName).replaceAll("[^a-z0-9]", "") + ".example"
                : new String[] {"gmail.com", "freemail.hu", "mail.ru", "yandex.ru", "web.de", "gmx.de",
                    "outlook.com", "example.com"}[random.nextInt(8)];
        if (domain.startsWith(".")) {
            domain = "example.com";
        }
        List<String> emails = new ArrayList<>();
        emails.add(mailUser.replaceAll("[^a-z0-9.]", "") + (random.nextInt(10) < 3 ? random.nextInt(100) : "") + "@"
                + domain);
        if (random.nextDouble() < 0.15) {
            emails.add(ascii(first).replaceAll("[^a-z0-9]", "") + random.nextInt(1000) + "@example.org");
        }
        List<String> phones = new ArrayList<>();
        phones.add(phone(locale));
        if (random.nextDouble() < 0.25) {
            phones.add(phone(locale));
        }
        List<Purchase> purchases = new ArrayList<>();
        int count = random.nextDouble() < 0.2 ? 0 : 1 + random.nextInt(random.nextDouble() < 0.2 ? 20 : 6);
        for (int i = 0; i < count; i++) {
            double amount = Math.min(50_000, Math.exp(3.5 + 1.2 * random.nextGaussian()));
            purchases.add(new Purchase(today.minusDays(random.nextInt(3 * 365)),
                    PRODUCTS[random.nextInt(PRODUCTS.length)],
                    BigDecimal.valueOf(amount * PRICE_LEVEL.getOrDefault(CURRENCY.get(locale), 1))
                            .setScale(2, RoundingMode.HALF_UP), CURRENCY.get(locale)));
        }
        List<String> tags = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            tags.add(TAGS[random.nextInt(TAGS.length)]);
        }
        boolean consent = random.nextDouble() < 0.7;
        boolean optOut = random.nextDouble() < 0.1;
        LocalDate birthday = company ? null : today.minusYears(18 + random.nextInt(65)).minusDays(random.nextInt(365));
        return new Customer(null, "gen-" + seed + "-" + n, company ? Kind.COMPANY : Kind.PERSON, first, last,
                companyName, random.nextDouble() < 0.5 ? spelled(locale, f.job().title()) : null, emails, phones,
                address,
                INDUSTRIES[random.nextInt(INDUSTRIES.length)],
                website(companyName),
                reps.get(random.nextInt(reps.size())),
                random.nextDouble() < 0.2 ? "Prefers " + PRODUCTS[random.nextInt(PRODUCTS.length)] : null, tags,
                SOURCES[random.nextInt(SOURCES.length)], birthday, company ? null : gender, locale.equals("us")
                    ? "en" : locale.equals("at") ? "de" : locale,
                Channel.values()[random.nextInt(Channel.values().length)], HOURS[random.nextInt(HOURS.length)],
                new Consent(consent, today.minusDays(random.nextInt(1000))),
                optOut ? new OptOut(true, today.minusDays(random.nextInt(500))) : null,
                STAGES[random.nextInt(STAGES.length)], purchases, null, null, null, null, null, null);
    }

    /**
     * Half the customers with a company have its website: the company's own domain, never the mail provider of an
     * address (a firm at https://www.gmail.com, or every firm at example.com, looked like one firm to duplicate
     * matching).
     */
    private String website(String companyName) {
        if (companyName == null || !random.nextBoolean()) {
            return null;
        }
        String own = ascii(companyName).replaceAll("[^a-z0-9]", "");
        return own.isEmpty() ? null : "https://www." + own + ".example";
    }

    private String firstName(Faker f, String locale, Gender g) {
        // datafaker's Russian locale mixes genders in firstName(); the gendered lists keep names plausible.
        if (locale.equals("ru")) {
            return g == Gender.FEMALE ? f.name().femaleFirstName() : f.name().maleFirstName();
        }
        return f.name().firstName();
    }

    private String lastName(Faker f, String locale, Gender g) {
        String last = f.name().lastName();
        if (locale.equals("ru") && g == Gender.FEMALE && last.matches(".*(ов|ев|ин|ын)$")) {
            return last + "а";
        }
        return last;
    }

    private String region(Faker f, String locale) {
        try {
            // datafaker's en-GB has no states of its own and would lend British customers American ones
            return locale.equals("en") ? f.resolve("address.county") : f.address().state();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private String phone(String locale) {
        int a = 100 + random.nextInt(900);
        int b = 1000 + random.nextInt(9000);
        int area = 1 + random.nextInt(99);
        return switch (locale) {
            case "hu" -> random.nextBoolean() ? "+36 " + area + " " + a + " " + b : "06-" + area + "-" + a + "-" + b;
            // the last pair keeps its leading zero: 458-19-03, not 458-19-3 (a number a digit short)
            case "ru" -> random.nextBoolean()
                    ? "+7 9" + (10 + area % 90) + " " + a + "-" + b / 100 + "-" + "%02d".formatted(b % 100)
                    : "8 (9" + (10 + area % 90) + ") " + a + "-" + b / 100 + "-" + "%02d".formatted(b % 100);
            case "de", "at" -> random.nextBoolean() ? "+49 " + (30 + area) + " " + a + b : "(0" + (30 + area) + ") "
                    + a + b;
            case "us" -> "+1 (" + (200 + area) + ") " + a + "-" + b;
            default -> "+44 20 " + (7000 + area) + " " + b;
        };
    }

    /**
     * A text of datafaker's data as the locale writes it: its Hungarian data has {@code õ} and {@code û} (Latin-1
     * stand-ins) where Hungarian has {@code ő} and {@code ű} ({@code Gyõzõ} for Győző), and Hungarian uses neither.
     */
    static String spelled(String locale, String s) {
        if (s == null || !locale.equals("hu")) {
            return s;
        }
        return s.replace('õ', 'ő').replace('Õ', 'Ő').replace('û', 'ű').replace('Û', 'Ű');
    }

    private String ascii(String s) {
        return s == null ? "x" : toLatin.transliterate(s).toLowerCase(Locale.ROOT).replace(' ', '.')
                .replace("'", "");
    }
}
