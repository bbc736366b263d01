package dev.clientele.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.clientele.customer.Customer;
import dev.clientele.customer.Gender;
import dev.clientele.customer.Kind;
import dev.clientele.text.Nicknames;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatchScorerTest {

    private final MatchScorer scorer = MatchScorer.withDefaults();

    private static Customer person(String first, String last, String email, String phone, LocalDate birthday) {
        return TestCustomers.customer(null, Kind.PERSON, first, last, null,
                email == null ? List.of() : List.of(email), phone == null ? List.of() : List.of(phone), null,
                birthday);
    }

    @Test
    void field_probability_runs_from_low_through_neutral_to_high() {
        var weight = new MatchConfig.FieldWeight(0.2, 0.9);
        assertThat(MatchScorer.probability(0.0, weight)).isCloseTo(0.2, within(1e-9));
        assertThat(MatchScorer.probability(0.5, weight)).isCloseTo(0.5, within(1e-9));
        assertThat(MatchScorer.probability(1.0, weight)).isCloseTo(0.9, within(1e-9));
        assertThat(MatchScorer.probability(0.75, weight)).isCloseTo(0.7, within(1e-9));
    }

    @Test
    void score_is_the_naive_bayes_combination_of_the_field_probabilities() {
        MatchResult r = scorer.score(person("Anna", "Weber", "anna@example.com", null, null),
                person("Anna", "Weber", "anna@example.com", null, null));
        double odds = 1;
        for (FieldContribution f : r.fields()) {
            odds *= f.probability() / (1 - f.probability());
        }
        assertThat(r.score()).isCloseTo(odds / (1 + odds), within(1e-9));
        double sumOfWeights = r.fields().stream().mapToDouble(FieldContribution::weight).sum();
        assertThat(Math.log(r.score() / (1 - r.score()))).isCloseTo(sumOfWeights, within(1e-9));
    }

    @Test
    void namesakes_and_two_birthdays_are_at_most_possible_and_their_explanation_still_adds_up() {
        Customer father = person("Peter", "Hollenbach", null, "+49 89 555 1234", LocalDate.of(1960, 1, 1));
        Customer son = person("Peter", "Hollenbach", null, "+49 89 555 1234", LocalDate.of(1990, 5, 1));
        Customer namesake = person("Peter", "Hollenbach", null, null, null);
        for (MatchResult r : List.of(scorer.score(father, son), scorer.score(namesake, namesake.withId("other")))) {
            assertThat(r.decision()).isEqualTo(MatchDecision.POSSIBLE);
            double sumOfWeights = r.fields().stream().mapToDouble(FieldContribution::weight).sum();
            assertThat(Math.log(r.score() / (1 - r.score()))).isCloseTo(sumOfWeights, within(1e-9));
            for (FieldContribution f : r.fields()) {
                assertThat(Math.log(f.probability() / (1 - f.probability()))).isCloseTo(f.weight(), within(1e-9));
            }
        }
        // One shared e-mail is evidence a namesake does not have.
        Customer withEmail = person("Peter", "Hollenbach", "p.hollenbach@example.de", null, null);
        assertThat(scorer.score(withEmail, withEmail.withId("other")).decision()).isEqualTo(MatchDecision.LIKELY);
    }

    @Test
    void siblings_of_two_genders_at_one_address_are_at_most_possible_and_the_explanation_says_why() {
        var flat = new dev.clientele.customer.Address("Fő utca 1", "Budapest", null, "1011", "HU");
        List<List<String>> siblings = List.of(List.of("Jan", "Novák", "Jana", "Nováková"),
                List.of("Иван", "Иванов", "Ivana", "Иванова"),
                List.of("Péter", "Kovács", "Péter", "Kovácsné"), // Mrs Péter Kovács, named after her husband
                List.of("Tomasz", "Kowalski", "T.", "Kowalska"),
                List.of("Pavel", "Svoboda", "P.", "Svobodová"),
                List.of("Martin", "Novotný", "Martina", "Novotná"),
                List.of("Евгений", "Толстой", "Евгения", "Толстая"),
                // One given name that men and women bear (or an initial) says nothing: the family name's form does.
                List.of("Sasha", "Ivanov", "Sasha", "Ivanova"),
                List.of("Саша", "Петров", "Саша", "Петрова"),
                List.of("Женя", "Смирнов", "Zhenya", "Smirnova"),
                List.of("Kim", "Novák", "Kim", "Nováková"),
                List.of("A.", "Petrov", "A.", "Petrova"));
        for (List<String> n : siblings) {
            Customer him = TestCustomers.customer(null, Kind.PERSON, n.get(0), n.get(1), null, List.of(),
                    List.of("+36 1 222 3333"), flat, null);
            Customer her = TestCustomers.customer(null, Kind.PERSON, n.get(2), n.get(3), null, List.of(),
                    List.of("06 1 222 3333"), flat, null);
            MatchResult r = scorer.score(him, her);
            assertThat(r.decision()).as("%s", n).isEqualTo(MatchDecision.POSSIBLE);
            assertThat(r.field("gender").agreement()).as("%s", n).isEqualTo(Agreement.DIFFERENT);
            double sumOfWeights = r.fields().stream().mapToDouble(FieldContribution::weight).sum();
            assertThat(Math.log(r.score() / (1 - r.score()))).isCloseTo(sumOfWeights, within(1e-9));
        }
        // Mrs János Kovács is named after her husband: not him, and they share the flat and landline as a couple
        // (before, possible, the given names read alike).
        MatchResult couple = scorer.score(TestCustomers.customer(null, Kind.PERSON, "János", "Kovács", null,
                List.of(), List.of("+36 1 222 3333"), flat, null), TestCustomers.customer(null, Kind.PERSON, "Jánosné",
                "Kovács", null, List.of(), List.of("06 1 222 3333"), flat, null));
        assertThat(couple.decision()).isEqualTo(MatchDecision.DISTINCT);
        assertThat(couple.field("gender").agreement()).isEqualTo(Agreement.DIFFERENT);
        // The gender fields decide when both records have one; one record without a gender falls back on the names.
        Customer jan = TestCustomers.customer(null, Kind.PERSON, "Alex", "Weber", null, List.of(),
                List.of("+36 1 222 3333"), flat, null);
        MatchResult fields = scorer.score(TestCustomers.withGender(jan, Gender.MALE),
                TestCustomers.withGender(jan, Gender.FEMALE));
        assertThat(fields.decision()).isEqualTo(MatchDecision.POSSIBLE);
        assertThat(fields.field("gender").left()).isEqualTo("male");
        assertThat(fields.field("gender").right()).isEqualTo("female");
        assertThat(scorer.score(TestCustomers.withGender(jan, Gender.FEMALE), jan).decision())
                .isEqualTo(MatchDecision.LIKELY);
        assertThat(scorer.score(TestCustomers.withGender(jan, Gender.FEMALE),
                TestCustomers.withGender(jan, Gender.FEMALE)).field("gender").agreement()).isEqualTo(Agreement.EXACT);
    }

    @Test
    void one_person_whose_names_look_gendered_stays_likely() {
        var flat = new dev.clientele.customer.Address("Fő utca 1", "Budapest", null, "1011", "HU");
        // A woman's family name as a foreign register writes it, nicknames, one name in two scripts, and two women
        // whose gender fields agree although the family name is in its male form once.
        List<List<String>> same = List.of(List.of("Jana", "Novák", "Jana", "Nováková"),
                List.of("Katya", "Ivanova", "Екатерина", "Иванова"),
                List.of("Christin", "Weber", "Christina", "Weber"),
                List.of("Anna", "Kovács", "Anna", "Kovács"));
        for (List<String> n : same) {
            Customer a = TestCustomers.customer(null, Kind.PERSON, n.get(0), n.get(1), null, List.of(),
                    List.of("+36 1 222 3333"), flat, null);
            Customer b = TestCustomers.customer(null, Kind.PERSON, n.get(2), n.get(3), null, List.of(),
                    List.of("06 1 222 3333"), flat, null);
            MatchResult r = scorer.score(a, b);
            assertThat(r.decision()).as("%s", n).isEqualTo(MatchDecision.LIKELY);
            assertThat(r.field("gender").agreement()).as("%s", n).isNotEqualTo(Agreement.DIFFERENT);
        }
        Customer him = TestCustomers.customer(null, Kind.PERSON, "Olga", "Petrov", null, List.of(),
                List.of("+36 1 222 3333"), flat, null);
        Customer her = TestCustomers.customer(null, Kind.PERSON, "O.", "Petrova", null, List.of(),
                List.of("06 1 222 3333"), flat, null);
        assertThat(scorer.score(TestCustomers.withGender(him, Gender.FEMALE), TestCustomers.withGender(her,
                Gender.FEMALE)).decision()).isEqualTo(MatchDecision.LIKELY);
    }

    @Test
    void two_company_records_agreeing_only_on_the_name_are_at_most_possible() {
        Customer lidl = TestCustomers.customer(null, Kind.COMPANY, null, null, "Lidl", List.of(), List.of(),
                null, null);
        Customer otherLidl = TestCustomers.customer(null, Kind.COMPANY, null, null, "Lidl GmbH", List.of(),
                List.of(), null, null);
        MatchResult nameOnly = scorer.score(lidl, otherLidl);
        assertThat(nameOnly.field("company").agreement()).isEqualTo(Agreement.EXACT);
        assertThat(nameOnly.decision()).isEqualTo(MatchDecision.POSSIBLE);
        Customer obiBerlin = TestCustomers.customer(null, Kind.COMPANY, null, null, "OBI Baumarkt", List.of(),
                List.of(), new dev.clientele.customer.Address(null, "Berlin", null, null, "DE"), null);
        Customer obiBerlinAgain = TestCustomers.customer(null, Kind.COMPANY, null, null, "OBI Baumarkt GmbH",
                List.of(), List.of(), new dev.clientele.customer.Address(null, "Berlin", null, null, "DE"), null);
        assertThat(scorer.score(obiBerlin, obiBerlinAgain).decision()).isEqualTo(MatchDecision.POSSIBLE);

        // Something besides the name: a phone, or the website's domain.
        assertThat(scorer.score(lidl.withPhones(List.of("+49 30 1234567")),
                otherLidl.withPhones(List.of("030 1234567"))).decision()).isEqualTo(MatchDecision.LIKELY);
        MatchResult website = scorer.score(TestCustomers.withWebsite(lidl, "https://www.lidl.de/filialen"),
                TestCustomers.withWebsite(otherLidl, "lidl.de"));
        assertThat(website.decision()).isEqualTo(MatchDecision.LIKELY);
        assertThat(website.field("website").agreement()).isEqualTo(Agreement.EXACT);
        assertThat(scorer.score(TestCustomers.withWebsite(lidl, "lidl.de"),
                TestCustomers.withWebsite(otherLidl, "lidl.at")).decision()).isEqualTo(MatchDecision.POSSIBLE);
        // Two people at one firm with one name still count the company.
        Customer anna = TestCustomers.customer(null, Kind.PERSON, "Anna", "Kiss", "Példa Kft.", List.of(),
                List.of(), null, null);
        assertThat(scorer.score(anna, anna.withId("other")).decision()).isEqualTo(MatchDecision.LIKELY);
    }

    @Test
    void an_own_website_domain_in_common_is_evidence_a_different_one_is_evidence_against_and_free_hosts_are_neither() {
        var berlin = new dev.clientele.customer.Address(null, "Berlin", null, null, "DE");
        Customer mueller = TestCustomers.customer("m1", Kind.COMPANY, null, null, "Müller GmbH", List.of(),
                List.of(), berlin, null);
        Customer mueller2 = TestCustomers.customer("m2", Kind.COMPANY, null, null, "Mueller Gmbh & Co. KG",
                List.of(), List.of(), berlin, null);
        MatchResult same = scorer.score(TestCustomers.withWebsite(mueller, "www.mueller-haustechnik.de"),
                TestCustomers.withWebsite(mueller2, "https://mueller-haustechnik.de/impressum"));
        assertThat(same.decision()).isEqualTo(MatchDecision.LIKELY);
        assertThat(same.field("website").agreement()).isEqualTo(Agreement.EXACT);
        assertThat(same.field("website").weight()).isPositive();
        double sumOfWeights = same.fields().stream().mapToDouble(FieldContribution::weight).sum();
        assertThat(Math.log(same.score() / (1 - same.score()))).isCloseTo(sumOfWeights, within(1e-9));
        // A subdomain is the firm's own domain too.
        assertThat(scorer.score(TestCustomers.withWebsite(mueller, "http://shop.mueller-haustechnik.de/"),
                TestCustomers.withWebsite(mueller2, "mueller-haustechnik.de")).field("website").agreement())
                .isEqualTo(Agreement.EXACT);

        // Two own domains: evidence against, also where a shared phone makes the pair likely.
        Customer withPhone = mueller.withPhones(List.of("+49 30 1234567"));
        Customer withPhone2 = mueller2.withPhones(List.of("030 1234567"));
        MatchResult twoDomains = scorer.score(TestCustomers.withWebsite(withPhone, "mueller-bau.de"),
                TestCustomers.withWebsite(withPhone2, "mueller-logistik.de"));
        assertThat(twoDomains.field("website").agreement()).isEqualTo(Agreement.DIFFERENT);
        assertThat(twoDomains.field("website").weight()).isNegative();
        assertThat(twoDomains.score()).isLessThan(scorer.score(withPhone, withPhone2).score());

        // Social networks and free hosting are no one's own domain; one name under two top-level domains (a chain's
        // national firms, or one firm's second domain) says nothing either way.
        for (List<String> sites : List.of(List.of("https://www.facebook.com/mueller.berlin", "facebook.com/mueller"),
                List.of("linkedin.com/company/mueller-gmbh", "https://www.linkedin.com/company/mueller-bau"),
                List.of("sites.google.com/view/mueller", "https://sites.google.com/view/mueller-berlin"),
                List.of("mueller.wixsite.com/home", "mueller-bau.wixsite.com/home"),
                List.of("mueller-haustechnik.de", "mueller-haustechnik.at"))) {
            MatchResult r = scorer.score(TestCustomers.withWebsite(mueller, sites.get(0)),
                    TestCustomers.withWebsite(mueller2, sites.get(1)));
            assertThat(r.field("website").weight()).as("%s", sites).isZero();
            assertThat(r.decision()).as("%s", sites).isEqualTo(MatchDecision.POSSIBLE);
        }

        // People: weighed for people at a company (its website), not for a person's own page; colleagues share it.
        Customer anna = TestCustomers.customer("p1", Kind.PERSON, "Anna", "Schmidt", null, List.of(), List.of(),
                berlin, null);
        assertThat(scorer.score(TestCustomers.withWebsite(anna, "anna-schmidt.de"),
                TestCustomers.withWebsite(anna.withId("p2"), "anna-schmidt.de")).field("website").weight()).isZero();
        Customer atFirm = TestCustomers.withWebsite(anna.withCompany("Schmidt & Partner GmbH"), "schmidt-partner.de");
        assertThat(scorer.score(atFirm, atFirm.withId("p2")).field("website").weight()).isPositive();
        Customer colleague = TestCustomers.customer("p3", Kind.PERSON, "Jonas", "Becker", "Schmidt & Partner GmbH",
                List.of(), List.of(), berlin, null);
        MatchResult colleagues = scorer.score(atFirm, TestCustomers.withWebsite(colleague, "www.schmidt-partner.de"));
        assertThat(colleagues.field("website").weight()).isZero();
        assertThat(colleagues.decision()).isEqualTo(MatchDecision.DISTINCT);
    }

    @Test
    void one_firm_written_with_its_legal_form_spelled_out_or_a_joining_word_as_ampersand_is_likely_with_one_phone() {
        for (List<String> names : List.of(List.of("Kovács és Társa Kft.", "Kovács & Társa Kft."),
                List.of("Béta Korlátolt Felelősségű Társaság", "BÉTA Kft."),
                List.of("ПАО «Северсталь»", "Severstal PJSC"))) {
            Customer a = TestCustomers.customer(null, Kind.COMPANY, null, null, names.get(0), List.of(),
                    List.of("+36 1 555 7788"), null, null);
            Customer b = TestCustomers.customer(null, Kind.COMPANY, null, null, names.get(1), List.of(),
                    List.of("06 1 555 7788"), null, null);
            MatchResult r = scorer.score(a, b);
            assertThat(r.decision()).as("%s", names).isEqualTo(MatchDecision.LIKELY);
            assertThat(r.field("company").agreement()).as("%s", names).isIn(Agreement.EXACT,
                    Agreement.TRANSLITERATION);
        }
    }

    @Test
    void company_records_whose_names_differ_only_in_numbers_are_not_likely_duplicates() {
        var office = new dev.clientele.customer.Address("Hauptstraße 5", "Berlin", null, "10115", "DE");
        for (List<String> names : List.of(List.of("Studio54", "Studio45"), List.of("Unit 2 Ltd", "Unit 3 Ltd"),
                List.of("Autohaus Meier Berlin Filiale 12", "Autohaus Meier Berlin Filiale 13"))) {
            Customer a = TestCustomers.customer(null, Kind.COMPANY, null, null, names.get(0), List.of(),
                    List.of("+49 30 1234567"), office, null);
            Customer b = TestCustomers.customer(null, Kind.COMPANY, null, null, names.get(1), List.of(),
                    List.of("030 1234567"), office, null);
            MatchResult r = scorer.score(a, b);
            assertThat(r.decision()).as("%s", names).isNotEqualTo(MatchDecision.LIKELY);
            assertThat(r.field("company").agreement()).as("%s", names).isEqualTo(Agreement.DIFFERENT);
        }
    }

    @Test
    void missing_fields_are_no_evidence() {
        MatchResult r = scorer.score(person("Anna", null, null, null, null), person(null, "Weber", null, null, null));
        assertThat(r.score()).isCloseTo(0.5, within(1e-9));
        assertThat(r.fields()).allSatisfy(f -> {
            assertThat(f.agreement()).isEqualTo(Agreement.MISSING);
            assertThat(f.weight()).isZero();
        });
        assertThat(r.decision()).isEqualTo(MatchDecision.DISTINCT);
    }

    @Test
    void nickname_with_same_email_is_likely_and_explained() {
        MatchResult r = scorer.score(person("Rob", "Smith", "rob.smith@example.com", null, null),
                person("Robert", "Smith", "Rob.Smith@Example.com", null, null));
        assertThat(r.decision()).isEqualTo(MatchDecision.LIKELY);
        assertThat(r.field("first_name").agreement()).isEqualTo(Agreement.NICKNAME);
        assertThat(r.field("emails").agreement()).isEqualTo(Agreement.EXACT);
        assertThat(r.field("emails").weight()).isGreaterThan(r.field("first_name").weight());
        assertThat(r.fields().get(0).field()).as("strongest evidence first").isEqualTo("emails");
    }

    @Test
    void a_different_birthday_outweighs_a_shared_name() {
        MatchResult r = scorer.score(person("Peter", "Müller", null, null, LocalDate.of(1955, 2, 11)),
                person("Peter", "Müller", null, null, LocalDate.of(1985, 9, 30)));
        assertThat(r.decision()).isNotEqualTo(MatchDecision.LIKELY);
        assertThat(r.field("birthday").weight()).isNegative();
    }

    @Test
    void shared_household_data_is_no_evidence_when_first_names_differ() {
        var flat = new dev.clientele.customer.Address("Gartenweg 7", "Köln", null, "50667", "DE");
        Customer anna = TestCustomers.customer(null, Kind.PERSON, "Anna", "Weber", null, List.of(),
                List.of("0221 123456"), flat, null);
        Customer klaus = TestCustomers.customer(null, Kind.PERSON, "Klaus", "Weber", null, List.of(),
                List.of("+49 221 123456"), flat, null);
        MatchResult r = scorer.score(anna, klaus);
        assertThat(r.field("phones").agreement()).isEqualTo(Agreement.EXACT);
        assertThat(r.field("phones").weight()).isZero();
        assertThat(r.field("address").weight()).isZero();
        assertThat(r.decision()).isEqualTo(MatchDecision.DISTINCT);

        Customer annaMarried = TestCustomers.customer(null, Kind.PERSON, "Anna", "Becker", null, List.of(),
                List.of("+49 221 123456"), flat, null);
        assertThat(scorer.score(anna, annaMarried).field("phones").weight()).isPositive();
    }

    @Test
    void colleagues_couples_and_a_company_and_its_employee_are_not_duplicates_through_shared_contact_data() {
        var office = new dev.clientele.customer.Address("Marienplatz 1", "München", null, "80331", "DE");
        Customer lisa = TestCustomers.customer(null, Kind.PERSON, "Lisa", "Wagner", "Schmidt & Partner GmbH",
                List.of("info@schmidt-partner.de"), List.of("+49 89 123400"), office, null);
        Customer jonas = TestCustomers.customer(null, Kind.PERSON, "Jonas", "Becker", "Schmidt & Partner GmbH",
                List.of("info@schmidt-partner.de"), List.of("089 123400"), office, null);
        MatchResult colleagues = scorer.score(lisa, jonas);
        assertThat(colleagues.field("company").agreement()).isEqualTo(Agreement.EXACT);
        assertThat(colleagues.field("company").weight()).isZero();
        assertThat(colleagues.field("phones").weight()).isZero();
        assertThat(colleagues.field("emails").weight()).isZero();
        assertThat(colleagues.decision()).isEqualTo(MatchDecision.DISTINCT);
        assertThat(scorer.scoreIfMatch(lisa, jonas)).isNull();

        Customer firm = TestCustomers.customer(null, Kind.COMPANY, null, null, "Schmidt & Partner GmbH",
                List.of("info@schmidt-partner.de"), List.of("+49 89 123400"), office, null);
        assertThat(scorer.score(firm, lisa).decision()).isEqualTo(MatchDecision.DISTINCT);
        assertThat(scorer.scoreIfMatch(lisa, firm)).isNull();
        Customer sameFirm = TestCustomers.customer(null, Kind.COMPANY, null, null, "Schmidt & Partner",
                List.of(), List.of("089 123400"), null, null);
        assertThat(scorer.score(firm, sameFirm).decision()).isEqualTo(MatchDecision.LIKELY);

        var flat = new dev.clientele.customer.Address("Gartenweg 12", "Köln", null, "50667", "DE");
        Customer maria = TestCustomers.customer(null, Kind.PERSON, "Maria", "Schneider", null, List.of(),
                List.of("0221 998877"), flat, null);
        Customer thomas = TestCustomers.customer(null, Kind.PERSON, "Thomas", "Fischer", null, List.of(),
                List.of("+49 221 998877"), flat, null);
        assertThat(scorer.score(maria, thomas).decision()).isEqualTo(MatchDecision.DISTINCT);
        // One person whose names were both entered wrongly is still found through the birthday.
        LocalDate born = LocalDate.of(1970, 3, 4);
        Customer mariaBorn = TestCustomers.customer(null, Kind.PERSON, "Maria", "Schneider", null, List.of(),
                List.of("0221 998877"), flat, born);
        Customer garbled = TestCustomers.customer(null, Kind.PERSON, "Gartenweg", "Köln", null, List.of(),
                List.of("+49 221 998877"), flat, born);
        assertThat(scorer.score(mariaBorn, garbled).field("phones").weight()).isPositive();
    }

    @Test
    void score_is_symmetric() {
        Customer a = person("Bob", "Smith", "bob@example.com", "+1 212 555 0101", LocalDate.of(1970, 1, 2));
        Customer b = person("Robert", "Smyth", "rsmith@example.com", "212-555-0101", LocalDate.of(1970, 2, 1));
        assertThat(scorer.score(a, b).score()).isCloseTo(scorer.score(b, a).score(), within(1e-12));
    }

    @Test
    void decisions_follow_the_configured_thresholds() {
        MatchScorer strict = new MatchScorer(new MatchConfig(0.99, 0.95, MatchConfig.DEFAULTS.firstName(),
                MatchConfig.DEFAULTS.lastName(), MatchConfig.DEFAULTS.emails(), MatchConfig.DEFAULTS.phones(),
                MatchConfig.DEFAULTS.address(), MatchConfig.DEFAULTS.birthday(), MatchConfig.DEFAULTS.company(),
                MatchConfig.DEFAULTS.householdFactor()),
                Nicknames.load());
        assertThat(strict.decide(0.99)).isEqualTo(MatchDecision.LIKELY);
        assertThat(strict.decide(0.96)).isEqualTo(MatchDecision.POSSIBLE);
        assertThat(strict.decide(0.9)).isEqualTo(MatchDecision.DISTINCT);
        assertThat(scorer.decide(0.9)).isEqualTo(MatchDecision.LIKELY);
        assertThat(scorer.decide(0.7)).isEqualTo(MatchDecision.POSSIBLE);
        assertThat(scorer.decide(0.69)).isEqualTo(MatchDecision.DISTINCT);
    }

    @Test
    void config_rejects_impossible_numbers() {
        assertThatThrownBy(() -> new MatchConfig.FieldWeight(0.6, 0.9)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MatchConfig.FieldWeight(0.2, 1.0)).isInstanceOf(IllegalArgumentException.class);
        var w = MatchConfig.DEFAULTS.firstName();
        assertThatThrownBy(() -> new MatchConfig(0.7, 0.9, w, w, w, w, w, w, w, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decisions_have_lower_case_wire_names() {
        assertThat(MatchDecision.LIKELY.wire()).isEqualTo("likely");
        assertThat(MatchDecision.POSSIBLE.wire()).isEqualTo("possible");
        assertThat(MatchDecision.DISTINCT.wire()).isEqualTo("distinct");
        assertThat(Agreement.TRANSLITERATION.wire()).isEqualTo("transliteration");
    }

    @Test
    void score_if_match_counts_what_a_shared_website_can_add() {
        // Two records of one firm under two contacts of one family name (so address, phones and e-mails count for
        // nothing), one without the firm's name: the shared domain is what makes them a possible duplicate.
        Customer a = TestCustomers.withWebsite(TestCustomers.customer(null, Kind.COMPANY, "Hans", "Müller",
                "Müller Haustechnik GmbH", List.of(), List.of(), null, null), "mueller-haustechnik.de");
        Customer b = TestCustomers.withWebsite(TestCustomers.customer(null, Kind.COMPANY, "Petra", "Müller",
                null, List.of(), List.of(), null, null), "www.mueller-haustechnik.de");
        MatchResult full = scorer.score(a, b);
        assertThat(full.decision()).isEqualTo(MatchDecision.POSSIBLE);
        assertThat(scorer.scoreIfMatch(a, b)).isNotNull();
        assertThat(scorer.scoreIfMatch(a, b).score()).isEqualTo(full.score());
    }

    @Test
    void score_if_match_agrees_with_score_on_every_pair_a_scan_would_compare() {
        dev.clientele.demo.CustomerGenerator gen = new dev.clientele.demo.CustomerGenerator(7,
                List.of("hu", "ru", "de", "en"), 0.2, LocalDate.of(2026, 1, 1));
        java.util.Map<String, java.util.List<Customer>> blocks = new java.util.HashMap<>();
        for (int i = 0; i < 3000; i++) {
            Customer c = gen.next();
            for (String key : dev.clientele.text.BlockingKeys.keysFor(c)) {
                blocks.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(c);
            }
        }
        int matches = 0;
        int others = 0;
        for (java.util.List<Customer> block : blocks.values()) {
            for (int i = 0; i < block.size() && i < 40; i++) {
                for (int j = i + 1; j < block.size() && j < 40; j++) {
                    MatchResult full = scorer.score(block.get(i), block.get(j));
                    MatchResult quick = scorer.scoreIfMatch(block.get(i), block.get(j));
                    if (full.decision().isMatch()) {
                        matches++;
                        assertThat(quick).isNotNull();
                        assertThat(quick.score()).isEqualTo(full.score());
                    } else {
                        others++;
                        assertThat(quick).isNull();
                    }
                }
            }
        }
        assertThat(matches).isGreaterThan(100);
        assertThat(others).isGreaterThan(1000);
    }
}
