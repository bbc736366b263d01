package dev.clientele.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clientele.customer.Address;
import dev.clientele.customer.Customer;
import dev.clientele.customer.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuplicatePairsTest {
    @TempDir
    Path dir;

    private final MatchScorer scorer = MatchScorer.withDefaults();

    private static Customer customer(String id, String first, String email, String phone) {
        return TestCustomers.customer(id, Kind.PERSON, first, "Szabó", null, List.of(email), List.of(phone),
                new Address(null, "Pécs", null, null, "HU"), null);
    }

    private DuplicatePairs.Found found(Customer a, Customer b) {
        return new DuplicatePairs.Found(a, b, scorer.score(a, b));
    }

    @Test
    void a_value_written_another_way_is_no_material_change() {
        Customer a = customer("a1", "Márta", "marta.szabo@example.hu", "+36 30 111 2233");
        Customer b = customer("b1", "Marta", "marta.szabo@example.hu", "06 30 111 2233");
        Customer rewritten = customer("a1", "marta", "Marta.Szabo@Example.HU", "0036 30 111 2233");
        assertThat(DuplicatePairs.fingerprint(rewritten, b)).isEqualTo(DuplicatePairs.fingerprint(a, b));
        Customer changed = customer("a1", "Márta", "marta.szabo@example.hu", "+36 30 111 2234");
        assertThat(DuplicatePairs.fingerprint(changed, b)).isNotEqualTo(DuplicatePairs.fingerprint(a, b));
    }

    @Test
    void an_extension_added_changed_or_dropped_is_no_material_change() {
        Customer a = customer("a1", "Márta", "marta.szabo@example.hu", "+36 1 234 5678");
        Customer b = customer("b1", "Marta", "marta.szabo@example.hu", "06 30 111 2233");
        String dismissed = DuplicatePairs.fingerprint(a, b);
        for (String phone : List.of("+36 1 234 5678 ext. 12", "06 1 234 5678 x 40", "+36 1 234 5678 доб. 3")) {
            assertThat(DuplicatePairs.fingerprint(customer("a1", "Márta", "marta.szabo@example.hu", phone), b))
                    .as(phone).isEqualTo(dismissed);
        }
    }

    /**
     * A journal in which the pair a–b was dismissed, written as an older release wrote it: with {@code fingerprint}
     * where the current code writes its own.
     */
    private Path dismissedUnder(Customer a, Customer b, String fingerprint) throws Exception {
        Path file = dir.resolve("review.ndjson");
        try (DuplicatePairs pairs = DuplicatePairs.open(file, Clock.systemUTC())) {
            pairs.record(List.of(found(a, b)));
            assertThat(pairs.dismiss(DuplicatePairs.pairId("a1", "b1"))).isTrue();
        }
        String journal = Files.readString(file, StandardCharsets.UTF_8);
        String current = DuplicatePairs.fingerprint(a, b);
        assertThat(journal).contains(current);
        Files.writeString(file, journal.replace(current, fingerprint), StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void a_pair_dismissed_when_extensions_were_read_as_digits_stays_dismissed_while_unchanged() throws Exception {
        Customer a = customer("a1", "Márta", "marta.szabo@example.hu", "+36 1 234 5678 ext. 12");
        Customer b = customer("b1", "Marta", "marta.szabo@example.hu", "06 30 111 2233");
        assertThat(DuplicatePairs.extensionFingerprint(a, b)).isNotEqualTo(DuplicatePairs.fingerprint(a, b));
        // A journal written before the extension was left out holds the fingerprint with its digits.
        Path file = dismissedUnder(a, b, DuplicatePairs.extensionFingerprint(a, b));
        try (DuplicatePairs pairs = DuplicatePairs.open(file, Clock.systemUTC())) {
            assertThat(pairs.record(List.of(found(a, b))).keptDismissed()).isEqualTo(1);
            assertThat(pairs.statusOf(a, b)).isEqualTo(DuplicatePairs.Status.DISMISSED);
            Customer moved = customer("a1", "Márta", "marta.szabo@example.hu", "+36 1 999 8877 ext. 12");
            assertThat(pairs.statusOf(moved, b)).isNull();
        }
    }

    @Test
    void a_direct_dial_ending_is_an_extension_and_a_pair_dismissed_when_it_was_read_as_digits_stays_dismissed()
            throws Exception {
        Customer a = customer("a1", "Márta", "marta.szabo@example.hu", "+36 1 2345678");
        Customer b = customer("b1", "Marta", "marta.szabo@example.hu", "06 30 111 2233");
        Customer direct = customer("a1", "Márta", "marta.szabo@example.hu", "06 1 2345678-12");
        // Before, 06 1 2345678-12 was read as 0612345678 with 12 after it: another number than +36 1 2345678.
        assertThat(DuplicatePairs.fingerprint(direct, b)).isEqualTo(DuplicatePairs.fingerprint(a, b));
        // A journal written then holds the digits as written, as the fingerprint of extensions as digits reads them.
        Path file = dismissedUnder(direct, b, DuplicatePairs.extensionFingerprint(direct, b));
        try (DuplicatePairs pairs = DuplicatePairs.open(file, Clock.systemUTC())) {
            assertThat(pairs.statusOf(direct, b)).isEqualTo(DuplicatePairs.Status.DISMISSED);
        }
    }

    @Test
    void rescored_and_dropped_pending_pairs_are_replayed_so_and_a_decided_pair_is_left_as_decided() throws Exception {
        Customer a = customer("a1", "Márta", "marta.szabo@example.hu", "+36 30 111 2233");
        Customer b = customer("b1", "Marta", "marta.szabo@example.hu", "06 30 111 2299");
        Customer c = customer("c1", "Márta", "marta.szabo@example.hu", "+36 30 111 2233");
        Customer d = customer("d1", "Márta", "marta.szabo@example.hu", "+36 30 111 2233");
        Path file = dir.resolve("review.ndjson");
        String ab = DuplicatePairs.pairId("a1", "b1");
        String ac = DuplicatePairs.pairId("a1", "c1");
        String ad = DuplicatePairs.pairId("a1", "d1");
        Customer bNow = customer("b1", "Marta", "marta.szabo@example.hu", "06 30 111 2233");
        DuplicatePairs.Pair before;
        try (DuplicatePairs pairs = DuplicatePairs.open(file, Clock.systemUTC())) {
            pairs.record(List.of(found(a, b), found(a, c), found(a, d)));
            assertThat(pairs.dismiss(ad)).isTrue();
            assertThat(pairs.hasPending("a1")).isTrue();
            assertThat(pairs.hasPending("d1")).isFalse();
            assertThat(pairs.pendingOf(List.of("a1"))).extracting(DuplicatePairs.Pair::pairId)
                    .containsExactly(ab, ac);
            before = pairs.get(ab).orElseThrow();
            DuplicatePairs.Rescored r = pairs.rescored(List.of(found(bNow, a), found(a, c), found(a, d)),
                    List.of(ac, ad));
            // a~c dropped; a~d dismissed, so neither rescored nor dropped; a~b rescored once
            assertThat(r).isEqualTo(new DuplicatePairs.Rescored(1, 1));
            assertThat(pairs.hasPending("c1")).isFalse();
        }
        MatchResult expected = scorer.score(a, bNow);
        try (DuplicatePairs pairs = DuplicatePairs.open(file, Clock.systemUTC())) {
            DuplicatePairs.Pair after = pairs.get(ab).orElseThrow();
            assertThat(after.score()).isEqualTo(expected.score()).isNotEqualTo(before.score());
            assertThat(after.fields()).isEqualTo(expected.fields());
            assertThat(after.fingerprint()).isEqualTo(DuplicatePairs.fingerprint(a, bNow));
            assertThat(after.foundAt()).isEqualTo(before.foundAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
            assertThat(after.status()).isEqualTo(DuplicatePairs.Status.PENDING);
            assertThat(pairs.get(ac)).isEmpty();
            assertThat(pairs.get(ad).orElseThrow().status()).isEqualTo(DuplicatePairs.Status.DISMISSED);
            assertThat(pairs.pendingOf(List.of("a1", "b1", "c1", "d1"))).extracting(DuplicatePairs.Pair::pairId)
                    .containsExactly(ab);
        }
    }

    @Test
    void a_pair_dismissed_under_the_earlier_fingerprint_stays_dismissed_while_unchanged() throws Exception {
        Customer a = customer("a1", "Márta", "marta.szabo@example.hu", "+36 30 111 2233");
        Customer b = customer("b1", "Marta", "marta.szabo@example.hu", "06 30 111 2233");
        // A journal written before fingerprints compared normalised values holds the raw values' fingerprint.
        Path file = dismissedUnder(a, b, DuplicatePairs.legacyFingerprint(a, b));
        try (DuplicatePairs pairs = DuplicatePairs.open(file, Clock.systemUTC())) {
            DuplicatePairs.Recorded r = pairs.record(List.of(found(a, b)));
            assertThat(r.keptDismissed()).isEqualTo(1);
            assertThat(pairs.get(DuplicatePairs.pairId("a1", "b1")).orElseThrow().status())
                    .isEqualTo(DuplicatePairs.Status.DISMISSED);
            Customer changed = customer("a1", "Márta", "marta.szabo@example.hu", "+36 30 999 8877");
            assertThat(pairs.record(List.of(found(changed, b))).keptDismissed()).isZero();
        }
    }

    @Test
    void an_erasure_overwrites_the_erased_lines_in_place_once_and_only_when_the_journal_mentions_them() throws Exception {
        Customer a = customer("a1", "Márta", "marta.szabo@example.hu", "+36 30 111 2233");
        Customer b = customer("b1", "Marta", "marta.szabo@example.hu", "06 30 111 2233");
        Customer c = customer("c1", "Kati", "kati.szabo@example.hu", "+36 30 444 5566");
        Customer d = customer("d1", "Katalin", "kati.szabo@example.hu", "06 30 444 5566");
        Path file = dir.resolve("review.ndjson");
        try (DuplicatePairs pairs = DuplicatePairs.open(file, Clock.systemUTC())) {
            pairs.record(List.of(found(a, b), found(c, d)));
            Object before = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            byte[] bytes = Files.readAllBytes(file);

            // Someone without any review decision: the file stays as it is (it was rewritten whole before).
            assertThat(pairs.forget(List.of("x1", "y1"))).isFalse();
            assertThat(Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
                    .isEqualTo(before);
            assertThat(Files.readAllBytes(file)).isEqualTo(bytes);

            // Two erased at once (a person and the record merged into it): one rewrite, neither left in the file.
            Customer e = customer("e1", "Éva", "eva.szabo@example.hu", "+36 30 777 8899");
            Customer f = customer("f1", "Eva", "eva.szabo@example.hu", "06 30 777 8899");
            pairs.record(List.of(found(e, f)));
            assertThat(pairs.dismiss(DuplicatePairs.pairId("e1", "f1"))).isTrue();
            long size = Files.size(file);
            assertThat(pairs.forget(List.of("a1", "c1"))).isTrue();
            String journal = Files.readString(file, StandardCharsets.UTF_8);
            assertThat(journal).doesNotContain("a1").doesNotContain("c1").contains("e1_f1");
            // Their lines were overwritten where they lie (with spaces), not the file copied without them.
            assertThat(Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
                    .isEqualTo(before);
            assertThat(Files.size(file)).isEqualTo(size);
            assertThat(journal.lines().filter(String::isBlank).count()).isEqualTo(2);
            assertThat(pairs.all()).extracting(DuplicatePairs.Pair::pairId, DuplicatePairs.Pair::status)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("e1_f1", DuplicatePairs.Status.DISMISSED));
        }
        try (DuplicatePairs again = DuplicatePairs.open(file, Clock.systemUTC())) {
            assertThat(again.all()).extracting(DuplicatePairs.Pair::pairId, DuplicatePairs.Pair::status)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("e1_f1", DuplicatePairs.Status.DISMISSED));
        }
    }

    @Test
    void an_erasure_after_pairs_were_rescored_and_dropped_blanks_exactly_the_lines_of_the_erased() throws Exception {
        Customer a = customer("a1", "Márta", "marta.szabo@example.hu", "+36 30 111 2233");
        Customer b = customer("b1", "Marta", "marta.szabo@example.hu", "06 30 111 2299");
        Customer c = customer("c1", "Kati", "kati.szabo@example.hu", "+36 30 444 5566");
        Customer d = customer("d1", "Katalin", "kati.szabo@example.hu", "06 30 444 5566");
        Customer e = customer("e1", "Éva", "eva.szabo@example.hu", "+36 30 777 8899");
        Customer f = customer("f1", "Eva", "eva.szabo@example.hu", "06 30 777 8899");
        Path file = dir.resolve("review.ndjson");
        try (DuplicatePairs pairs = DuplicatePairs.open(file, Clock.systemUTC())) {
            pairs.record(List.of(found(a, b), found(c, d), found(e, f)));
            // RESCORED and DROPPED lines between the others: each event must keep its own place in the file.
            Customer bNow = customer("b1", "Marta", "marta.szabo@example.hu", "06 30 111 2233");
            assertThat(pairs.rescored(List.of(found(a, bNow)), List.of(DuplicatePairs.pairId("c1", "d1"))))
                    .isEqualTo(new DuplicatePairs.Rescored(1, 1));
            assertThat(pairs.dismiss(DuplicatePairs.pairId("e1", "f1"))).isTrue();
            assertThat(pairs.forget(List.of("a1"))).isTrue();
            String journal = Files.readString(file, StandardCharsets.UTF_8);
            assertThat(journal).doesNotContain("a1").contains("c1_d1", "e1_f1");
            // The found and the rescored line of a~b, nothing else.
            assertThat(journal.lines().filter(String::isBlank).count()).isEqualTo(2);
        }
        try (DuplicatePairs again = DuplicatePairs.open(file, Clock.systemUTC())) {
            assertThat(again.get(DuplicatePairs.pairId("a1", "b1"))).isEmpty();
            assertThat(again.get(DuplicatePairs.pairId("c1", "d1"))).isEmpty();
            assertThat(again.get(DuplicatePairs.pairId("e1", "f1")).orElseThrow().status())
                    .isEqualTo(DuplicatePairs.Status.DISMISSED);
        }
    }

    private static Customer versioned(Customer c, long version) {
        return c.withIdentity(c.id(), java.time.Instant.parse("2026-01-01T00:00:00Z"),
                java.time.Instant.parse("2026-01-01T00:00:00Z"), version);
    }

    @Test
    void the_journal_is_compacted_at_open_to_the_last_score_of_each_pair_and_replays_to_the_same_state()
            throws Exception {
        Customer a = versioned(customer("a1", "Márta", "marta.szabo@example.hu", "+36 30 111 2233"), 1);
        Customer b = versioned(customer("b1", "Marta", "marta.szabo@example.hu", "06 30 111 2299"), 1);
        Customer c = versioned(customer("c1", "Kati", "kati.szabo@example.hu", "+36 30 444 5566"), 1);
        Customer d = versioned(customer("d1", "Katalin", "kati.szabo@example.hu", "06 30 444 5566"), 1);
        Customer e = versioned(customer("e1", "Éva", "eva.szabo@example.hu", "+36 30 777 8899"), 1);
        Customer f = versioned(customer("f1", "Eva", "eva.szabo@example.hu", "06 30 777 8899"), 1);
        Customer g = versioned(customer("g1", "Ilona", "ilona.szabo@example.hu", "+36 30 222 3344"), 1);
        Customer h = versioned(customer("h1", "Ica", "ilona.szabo@example.hu", "06 30 222 3344"), 1);
        String ab = DuplicatePairs.pairId("a1", "b1");
        String cd = DuplicatePairs.pairId("c1", "d1");
        String gh = DuplicatePairs.pairId("g1", "h1");
        Path file = dir.resolve("review.ndjson");
        List<DuplicatePairs.Pair> before;
        List<DuplicatePairs.ScoredVersions> scoredBefore;
        try (DuplicatePairs pairs = DuplicatePairs.open(file, Clock.systemUTC(), Integer.MAX_VALUE)) {
            pairs.record(List.of(found(a, b), found(c, d), found(e, f), found(g, h)));      // 4 found
            for (long v = 2; v <= 4; v++) {                                                  // a~b rescored 3 times
                Customer bNow = versioned(customer("b1", "Marta", "marta.szabo@example.hu", "06 30 111 22" + (30 + v)),
                        v);
                assertThat(pairs.rescored(List.of(found(a, bNow)), List.of()).rescored()).isEqualTo(1);
            }
            Customer dNow = versioned(customer("d1", "Katalin", "kati.szabo@example.hu", "06 30 444 5567"), 2);
            assertThat(pairs.rescored(List.of(found(c, dNow)), List.of()).rescored()).isEqualTo(1);
            assertThat(pairs.dismiss(cd)).isTrue();                                          // c~d decided
            Customer fNow = versioned(customer("f1", "Eva", "eva.szabo@example.hu", "06 30 777 8890"), 2);
            assertThat(pairs.record(List.of(found(e, fNow))).updated()).isEqualTo(1);       // e~f found again
            assertThat(pairs.dismiss(gh)).isTrue();
            Customer hNow = versioned(customer("h1", "Ica", "ilona.szabo@example.hu", "06 30 222 3345"), 2);
            assertThat(pairs.record(List.of(found(g, hNow))).updated()).isEqualTo(1);       // g~h found after dismissal
            Customer hLater = versioned(customer("h1", "Ica", "ilona.szabo@example.hu", "06 30 222 3346"), 3);
            assertThat(pairs.rescored(List.of(found(g, hLater)), List.of()).rescored()).isEqualTo(1);
        }
        assertThat(Files.readAllLines(file).size()).isEqualTo(13);
        try (DuplicatePairs pairs = DuplicatePairs.open(file, Clock.systemUTC(), Integer.MAX_VALUE)) {
            before = pairs.all(); // as replayed (times in milliseconds, as the journal writes them)
            scoredBefore = pairs.pendingScoredVersions();
            assertThat(before).hasSize(4);
            assertThat(scoredBefore).hasSize(3);
        }
        assertThat(Files.readAllLines(file).size()).isEqualTo(13);
        try (DuplicatePairs pairs = DuplicatePairs.open(file, Clock.systemUTC(), 1)) {
            assertThat(pairs.all()).isEqualTo(before);
            assertThat(pairs.pendingScoredVersions()).isEqualTo(scoredBefore);
        }
        // Left out: a~b's three rescores and c~d's one (each found line takes the last score before anything else
        // happened to its pair), e~f's second found (its first takes it, keeping the pair's place in the queue),
        // g~h's rescore (its second found takes it; the first found and the dismissal stay): 13 - 6 = 7 lines.
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.size()).isEqualTo(7);
        assertThat(lines.stream().filter(l -> l.contains("\"pair_id\":\"" + ab)))
                .singleElement().asString().contains("\"type\":\"FOUND\"", "\"right_version\":4");
        byte[] compacted = Files.readAllBytes(file);
        try (DuplicatePairs pairs = DuplicatePairs.open(file, Clock.systemUTC(), 1)) {
            assertThat(pairs.all()).isEqualTo(before);
            assertThat(Files.readAllBytes(file)).isEqualTo(compacted); // nothing left to leave out
            // An erasure after compaction still blanks exactly its own lines (their places were taken anew).
            assertThat(pairs.forget(List.of("g1"))).isTrue();
            List<String> after = Files.readAllLines(file);
            assertThat(after.stream().filter(String::isBlank).count()).isEqualTo(3);
            assertThat(String.join("\n", after)).doesNotContain("g1").contains(ab, cd);
        }
        try (DuplicatePairs pairs = DuplicatePairs.open(file, Clock.systemUTC(), 1)) {
            assertThat(pairs.all()).isEqualTo(before.stream().filter(p -> !p.pairId().equals(gh)).toList());
        }
    }

    /** A clock that stands still at a whole millisecond, so the state in memory is what the journal replays. */
    private static final Clock STILL = Clock.fixed(java.time.Instant.parse("2026-03-01T10:00:00Z"),
            java.time.ZoneOffset.UTC);

    /**
     * Four pairs found, then a~b rescored three times, c~d once and dismissed, e~f found again: 5 scores superseded,
     * with a~b's phone ending in 2233 after the last.
     */
    private void supersedeScores(DuplicatePairs pairs) {
        Customer a = versioned(customer("a1", "Márta", "marta.szabo@example.hu", "+36 30 111 2233"), 1);
        Customer c = versioned(customer("c1", "Kati", "kati.szabo@example.hu", "+36 30 444 5566"), 1);
        Customer e = versioned(customer("e1", "Éva", "eva.szabo@example.hu", "+36 30 777 8899"), 1);
        Customer g = versioned(customer("g1", "Ilona", "ilona.szabo@example.hu", "+36 30 222 3344"), 1);
        Customer b = versioned(customer("b1", "Marta", "marta.szabo@example.hu", "06 30 111 2299"), 1);
        pairs.record(List.of(found(a, b),
                found(c, versioned(customer("d1", "Katalin", "kati.szabo@example.hu", "06 30 444 5566"), 1)),
                found(e, versioned(customer("f1", "Eva", "eva.szabo@example.hu", "06 30 777 8899"), 1)),
                found(g, versioned(customer("h1", "Ica", "ilona.szabo@example.hu", "06 30 222 3344"), 1))));
        for (long v = 2; v <= 4; v++) {
            Customer bNow = versioned(customer("b1", "Marta", "marta.szabo@example.hu", "06 30 111 22" + (29 + v)), v);
            assertThat(pairs.rescored(List.of(found(a, bNow)), List.of()).rescored()).isEqualTo(1);
        }
        Customer dNow = versioned(customer("d1", "Katalin", "kati.szabo@example.hu", "06 30 444 5567"), 2);
        assertThat(pairs.rescored(List.of(found(c, dNow)), List.of()).rescored()).isEqualTo(1);
        assertThat(pairs.dismiss(DuplicatePairs.pairId("c1", "d1"))).isTrue();
        Customer fNow = versioned(customer("f1", "Eva", "eva.szabo@example.hu", "06 30 777 8890"), 2);
        assertThat(pairs.record(List.of(found(e, fNow))).updated()).isEqualTo(1);
    }

    @Test
    void the_journal_is_compacted_while_running_off_the_writers_thread_and_replays_to_the_same_state()
            throws Exception {
        Path file = dir.resolve("review.ndjson");
        List<Runnable> compactions = new java.util.ArrayList<>();
        List<DuplicatePairs.Pair> before;
        try (DuplicatePairs pairs = DuplicatePairs.open(file, STILL, 5, compactions::add)) {
            supersedeScores(pairs);
            // Handed to the compactor once (not run by the thread that recorded the score), the file as it was.
            assertThat(compactions).hasSize(1);
            assertThat(Files.readAllLines(file)).hasSize(10);
            before = pairs.all();
            List<DuplicatePairs.ScoredVersions> scoredBefore = pairs.pendingScoredVersions();

            compactions.get(0).run();
            // Left out: a~b's three rescores and c~d's one (its found line takes the last), e~f's second found.
            assertThat(Files.readAllLines(file)).hasSize(5);
            assertThat(pairs.all()).isEqualTo(before); // queue order included
            assertThat(pairs.pendingScoredVersions()).isEqualTo(scoredBefore);

            // Appended to the new file afterwards; an erasure blanks exactly its lines where they lie now.
            Customer g = versioned(customer("g1", "Ilona", "ilona.szabo@example.hu", "+36 30 222 3344"), 1);
            Customer hNow = versioned(customer("h1", "Ica", "ilona.szabo@example.hu", "06 30 222 3345"), 2);
            assertThat(pairs.rescored(List.of(found(g, hNow)), List.of()).rescored()).isEqualTo(1);
            assertThat(pairs.forget(List.of("a1"))).isTrue();
            List<String> lines = Files.readAllLines(file);
            assertThat(lines).hasSize(6);
            assertThat(lines.stream().filter(String::isBlank).count()).isEqualTo(1);
            assertThat(String.join("\n", lines)).doesNotContain("a1").contains("c1_d1", "e1_f1", "g1_h1");
            before = pairs.all();
            assertThat(before).hasSize(3);
        }
        try (DuplicatePairs again = DuplicatePairs.open(file, STILL, Integer.MAX_VALUE)) {
            assertThat(again.all()).isEqualTo(before);
        }
    }

    /** The pairs a journal replays to, read from a copy (so the journal itself is not compacted by reading it). */
    private List<DuplicatePairs.Pair> pairsReplayed(Path file) throws Exception {
        Path copy = Files.copy(file, dir.resolve("copy-" + System.nanoTime() + ".ndjson"));
        try (DuplicatePairs p = DuplicatePairs.open(copy, STILL, Integer.MAX_VALUE)) {
            return p.all();
        }
    }

    @Test
    void a_crash_during_a_compaction_while_running_leaves_the_old_journal_or_the_new_one_with_the_same_state()
            throws Exception {
        Path file = dir.resolve("review.ndjson");
        List<Runnable> compactions = new java.util.ArrayList<>();
        try (DuplicatePairs pairs = DuplicatePairs.open(file, STILL, 5, compactions::add)) {
            supersedeScores(pairs);
            List<DuplicatePairs.Pair> state = pairs.all();
            Path old = Files.copy(file, dir.resolve("old.ndjson"));
            compactions.get(0).run();
            Path compacted = Files.copy(file, dir.resolve("new.ndjson"));
            assertThat(Files.size(compacted)).isLessThan(Files.size(old));

            // Before the rename: the old journal, beside a new one written halfway. After it: the new journal.
            Path beforeRename = Files.createDirectories(dir.resolve("before")).resolve("review.ndjson");
            Files.copy(old, beforeRename);
            byte[] half = java.util.Arrays.copyOf(Files.readAllBytes(compacted), (int) Files.size(compacted) / 2);
            Files.write(beforeRename.resolveSibling("review.ndjson.compact.tmp"), half);
            try (DuplicatePairs p = DuplicatePairs.open(beforeRename, STILL, Integer.MAX_VALUE)) {
                assertThat(p.all()).isEqualTo(state);
            }
            assertThat(pairsReplayed(compacted)).isEqualTo(state);
            // The half-written file is no obstacle to the next compaction, which writes it anew.
            try (DuplicatePairs p = DuplicatePairs.open(beforeRename, STILL, 1)) {
                assertThat(p.all()).isEqualTo(state);
                assertThat(Files.readAllBytes(beforeRename)).isEqualTo(Files.readAllBytes(compacted));
            }
            assertThat(beforeRename.resolveSibling("review.ndjson.compact.tmp")).doesNotExist();
        }
    }

    @Test
    void a_compaction_that_cannot_write_its_new_file_leaves_the_journal_as_it_was_and_appends_go_on()
            throws Exception {
        Path file = dir.resolve("review.ndjson");
        List<Runnable> compactions = new java.util.ArrayList<>();
        // Where the new file would be written, a directory: the compaction fails as on a full disk.
        Files.createDirectories(dir.resolve("review.ndjson.compact.tmp").resolve("blocked"));
        try (DuplicatePairs pairs = DuplicatePairs.open(file, STILL, 5, compactions::add)) {
            supersedeScores(pairs);
            byte[] bytes = Files.readAllBytes(file);
            List<DuplicatePairs.Pair> state = pairs.all();
            compactions.get(0).run();
            assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
            assertThat(pairs.all()).isEqualTo(state);
            assertThat(pairs.dismiss(DuplicatePairs.pairId("a1", "b1"))).isTrue();
            assertThat(pairs.forget(List.of("e1"))).isTrue(); // the places read at open still hold
        }
        try (DuplicatePairs again = DuplicatePairs.open(file, STILL, Integer.MAX_VALUE)) {
            assertThat(again.get(DuplicatePairs.pairId("a1", "b1")).orElseThrow().status())
                    .isEqualTo(DuplicatePairs.Status.DISMISSED);
            assertThat(again.get(DuplicatePairs.pairId("e1", "f1"))).isEmpty();
            assertThat(Files.readString(file)).doesNotContain("e1");
        }
    }

    @Test
    void a_compaction_at_open_that_cannot_write_leaves_the_journal_as_it_was_and_the_review_opens() throws Exception {
        Path file = dir.resolve("review.ndjson");
        List<DuplicatePairs.Pair> state;
        try (DuplicatePairs pairs = DuplicatePairs.open(file, STILL, Integer.MAX_VALUE)) {
            supersedeScores(pairs);
            state = pairs.all();
        }
        byte[] bytes = Files.readAllBytes(file);
        Files.createDirectories(dir.resolve("review.ndjson.compact.tmp").resolve("blocked")); // as a full disk
        try (DuplicatePairs pairs = DuplicatePairs.open(file, STILL, 5)) {
            assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
            assertThat(pairs.all()).isEqualTo(state);
            assertThat(pairs.dismiss(DuplicatePairs.pairId("a1", "b1"))).isTrue();
        }
        try (DuplicatePairs again = DuplicatePairs.open(file, STILL, Integer.MAX_VALUE)) {
            assertThat(again.get(DuplicatePairs.pairId("a1", "b1")).orElseThrow().status())
                    .isEqualTo(DuplicatePairs.Status.DISMISSED);
        }
    }

    @Test
    void what_is_recorded_while_a_compaction_copies_the_journal_is_kept_and_an_erasure_meanwhile_abandons_the_copy()
            throws Exception {
        Path file = dir.resolve("review.ndjson");
        List<Runnable> compactions = new java.util.ArrayList<>();
        List<DuplicatePairs.Pair> state;
        try (DuplicatePairs pairs = DuplicatePairs.open(file, STILL, 5, compactions::add)) {
            supersedeScores(pairs);
            Customer g = versioned(customer("g1", "Ilona", "ilona.szabo@example.hu", "+36 30 222 3344"), 1);
            Customer hNow = versioned(customer("h1", "Ica", "ilona.szabo@example.hu", "06 30 222 3345"), 2);
            String gh = DuplicatePairs.pairId("g1", "h1");
            // While the journal is copied (no lock held): a rescore, a dismissal and a merge claim are recorded.
            pairs.afterCopy = () -> {
                assertThat(pairs.rescored(List.of(found(g, hNow)), List.of()).rescored()).isEqualTo(1);
                assertThat(pairs.dismiss(DuplicatePairs.pairId("e1", "f1"))).isTrue();
            };
            compactions.get(0).run();
            List<String> lines = Files.readAllLines(file);
            assertThat(lines).hasSize(5 + 2);
            assertThat(lines.get(6)).contains("\"DISMISSED\"", "e1_f1");
            assertThat(pairs.get(gh).orElseThrow().score()).isEqualTo(scorer.score(g, hNow).score());
            state = pairs.all();
            // The places of the lines recorded meanwhile moved with the file: an erasure blanks exactly them.
            assertThat(pairs.forget(List.of("g1"))).isTrue();
            assertThat(Files.readAllLines(file).stream().filter(String::isBlank).count()).isEqualTo(2);
            assertThat(Files.readString(file)).doesNotContain("g1").contains("e1_f1");
            state = state.stream().filter(p -> !p.pairId().equals(gh)).toList();
        }
        try (DuplicatePairs again = DuplicatePairs.open(file, STILL, Integer.MAX_VALUE)) {
            assertThat(again.all()).isEqualTo(state);
        }

        // An erasure while a compaction copies: the copy may hold the erased lines, so it is dropped.
        Path other = dir.resolve("other").resolve("review.ndjson");
        List<Runnable> more = new java.util.ArrayList<>();
        try (DuplicatePairs pairs = DuplicatePairs.open(other, STILL, 5, more::add)) {
            supersedeScores(pairs);
            pairs.afterCopy = () -> assertThat(pairs.forget(List.of("a1"))).isTrue();
            long size = Files.size(other);
            more.get(0).run();
            assertThat(Files.size(other)).isEqualTo(size); // blanked where they lay, not compacted
            assertThat(Files.readString(other)).doesNotContain("a1");
            assertThat(other.resolveSibling("review.ndjson.compact.tmp")).doesNotExist();
        }
    }
}
