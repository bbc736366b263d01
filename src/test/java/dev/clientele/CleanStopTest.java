package dev.clientele;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clientele.cli.ClienteleCommand;
import dev.clientele.config.AppConfig;
import dev.clientele.customer.Customer;
import dev.clientele.index.CustomerIndex;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up check of the pending review pairs' record versions (seconds at 1M customers) is skipped after a clean
 * stop, and runs after anything else: a crash, or customers changed by {@code clientele import} meanwhile.
 */
class CleanStopTest {
    @TempDir
    Path dir;

    private AppConfig config() {
        return TestServer.config(dir.resolve("data"));
    }

    private Path review() {
        return dir.resolve("data").resolve("dedup").resolve("review.ndjson");
    }

    /** Starts, waits for the start's work to end (as a server that has run a while), and returns the app. */
    private App start() {
        App app = App.start(config());
        app.warmedUp().join();
        return app;
    }

    /** Two records of one person in the review queue; returns the second (external id {@code b-1}). */
    private Customer pendingPair(App app) {
        Customer a = app.store().create(Customer.person("Annamária", "Kovács")
                .withEmails(List.of("anna.kovacs@example.com")).withPhones(List.of("+36 1 234 5678"))).customer();
        Customer b = app.store().create(Customer.person("Annamaria", "Kovacs").withExternalId("b-1")
                .withEmails(List.of("anna.kovacs@example.com")).withPhones(List.of("+36 1 234 5678"))).customer();
        app.duplicates().recordCandidates(List.of(a, b));
        assertThat(app.duplicates().queue(dev.clientele.dedup.DuplicatePairs.Status.PENDING, 0, null, 10).total()).isEqualTo(1);
        return b;
    }

    @Test
    void after_a_clean_stop_the_next_starts_skip_the_check_and_the_queue_is_as_it_was() {
        try (App app = start()) {
            pendingPair(app);
            assertThat(app.duplicates().rescorer().staleChecks()).isEqualTo(1); // the first start: no mark
        }
        for (int i = 0; i < 2; i++) { // each clean stop leaves the mark again
            try (App app = start()) {
                assertThat(app.duplicates().rescorer().staleChecks()).as("start %d", i + 2).isZero();
                assertThat(app.duplicates().queue(dev.clientele.dedup.DuplicatePairs.Status.PENDING, 0, null, 10).total()).isEqualTo(1);
            }
        }
    }

    @Test
    void a_customer_changed_by_clientele_import_while_the_server_was_down_makes_the_next_start_check() throws Exception {
        try (App app = start()) {
            pendingPair(app);
        }
        Path csv = Files.writeString(dir.resolve("change.csv"), "external_id,city\nb-1,Debrecen\n",
                StandardCharsets.UTF_8);
        assertThat(ClienteleCommand.commandLine().execute("import", csv.toString(), "--data",
                dir.resolve("data").toString())).isZero();

        try (App app = start()) {
            assertThat(app.duplicates().rescorer().staleChecks()).isEqualTo(1);
        }
    }

    @Test
    void a_change_committed_without_its_rescore_as_before_a_crash_is_caught_at_the_next_start() throws Exception {
        Customer b;
        try (App app = start()) {
            b = pendingPair(app);
        }
        int before = Files.readAllLines(review()).size();
        // What a crash between a change's commit and its pairs' rescore leaves: the change alone, no mark.
        try (CustomerIndex index = CustomerIndex.open(dir.resolve("data").resolve("index"))) {
            Customer changed = b.withEmails(List.of("someone.else@example.org")).withPhones(List.of())
                    .withIdentity(b.id(), b.createdAt(), b.updatedAt(), b.version() + 1);
            index.awaitDurable(index.put(changed, b.externalId()));
        }

        try (App app = start()) {
            assertThat(app.duplicates().rescorer().staleChecks()).isEqualTo(1);
            assertThat(Files.readAllLines(review()).size()).as("the pair scored again (or dropped)")
                    .isGreaterThan(before);
        }
    }

    @Test
    void a_review_journal_other_than_the_one_the_clean_stop_left_makes_the_next_start_check() throws Exception {
        try (App app = start()) {
            pendingPair(app);
        }
        // A journal restored or copied in by hand, here the same with one blank line more: not what the mark names.
        Files.writeString(review(), "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);

        try (App app = start()) {
            assertThat(app.duplicates().rescorer().staleChecks()).isEqualTo(1);
        }
    }
}
