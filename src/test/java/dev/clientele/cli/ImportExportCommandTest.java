package dev.clientele.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code clientele import} and {@code export} in-process: a wrong option or a file that cannot be read or written is
 * one line on stderr and exit 2, never a stack trace (the slow end-to-end runs are in {@link ImportExportCommandIT}).
 */
class ImportExportCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String err) {
    }

    static Run run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cmd = ClienteleCommand.commandLine();
        cmd.setOut(new PrintWriter(new StringWriter(), true));
        cmd.setErr(new PrintWriter(err, true));
        return new Run(cmd.execute(args), err.toString());
    }

    /**
     * As {@link #run}, with what the command prints on {@code System.out} (the import's report and progress) written
     * to {@code out}.
     */
    static Run runPrinting(java.io.ByteArrayOutputStream out, String... args) {
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            return run(args);
        } finally {
            System.setOut(stdout);
        }
    }

    private void assertOneLineExit2(Run r, String... says) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().lines().toList()).as(r.err()).hasSize(1);
        assertThat(r.err()).contains(says).doesNotContain("Exception", "\tat ");
    }

    @Test
    void an_import_of_a_missing_file_or_with_a_bad_option_says_so_in_one_line_and_exits_2() throws Exception {
        String data = dir.resolve("data").toString();
        Path csv = Files.writeString(dir.resolve("people.csv"), "first_name,last_name\nAnna,Kovács\n",
                StandardCharsets.UTF_8);
        assertOneLineExit2(run("import", dir.resolve("missing.csv").toString(), "--data", data), "missing.csv",
                "no such file");
        assertOneLineExit2(run("import", dir.toString(), "--data", data, "--format", "csv"), "is a directory");
        assertOneLineExit2(run("import", csv.toString(), "--data", data, "--format", "pdf"), "--format", "pdf");
        Path odd = Files.writeString(dir.resolve("people.pdf"), "x");
        assertOneLineExit2(run("import", odd.toString(), "--data", data), "people.pdf");
        Path fake = Files.writeString(dir.resolve("people.xlsx"), "x"); // named a workbook, but is none
        assertOneLineExit2(run("import", fake.toString(), "--data", data), "people.xlsx", "not an Excel workbook");
        assertOneLineExit2(run("import", csv.toString(), "--data", data, "--name-order", "sideways"),
                "--name-order");
        assertOneLineExit2(run("import", csv.toString(), "--data", data, "--mapping", "first_name=shoe"), "shoe");
        assertThat(dir.resolve("data").resolve("index")).doesNotExist();

        Run ok = run("import", csv.toString(), "--data", data, "--format", "CSV");
        assertThat(ok.code()).as(ok.err()).isZero();
    }

    @Test
    void an_import_with_a_row_rejected_as_a_whole_lists_it_and_exits_3_without_a_stack_trace() throws Exception {
        String data = dir.resolve("data").toString();
        // Row 3 has an external id but neither a name nor a contact: its error names no column, which the list printed
        // used to crash on (after the good row was stored), ending with exit 1 and a stack trace instead of the report.
        Path csv = Files.writeString(dir.resolve("people.csv"),
                "external_id,first_name,last_name,city\nk-1,Anna,Kovács,Pécs\nk-2,,,Győr\nk-3,Béla,Nagy,Frankfurt,Main\n",
                StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Run r = runPrinting(out, "import", csv.toString(), "--data", data);
        assertThat(r.code()).as(r.err()).isEqualTo(3);
        assertThat(r.err()).doesNotContain("Exception", "\tat ");
        // Row 4, rejected by the reader (more cells than the header), is listed as a whole row just the same.
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("3 rows read, 1 stored, 2 rejected")
                .contains("  row 3: a person needs at least", "  row 4: has 5 cells");
    }

    @Test
    void an_import_refuses_a_row_of_an_erased_person_naming_the_column_that_matched() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        try (dev.clientele.privacy.Tombstones t = dev.clientele.privacy.Tombstones.open(
                data.resolve("tombstones.ndjson"))) {
            t.record(dev.clientele.customer.Customer.person("Erika", "Gone").withId("01m8ahftmh1p47rnx7g21p3tdp")
                            .withEmails(List.of("erika@example.org")),
                    List.of(), java.time.Instant.parse("2026-01-02T03:04:05Z"));
        }
        Path csv = Files.writeString(dir.resolve("people.csv"),
                "Vorname,Nachname,E-Mail\nErika,Gone,ERIKA@example.org\nAnna,Kovács,anna@example.org\n",
                StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Run r = runPrinting(out, "import", csv.toString(), "--data", data.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(3);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("2 rows read, 1 stored, 1 rejected")
                .contains("  row 2 [E-Mail]: this customer matches an erased person");
    }

    @Test
    void a_bad_configuration_says_so_in_one_line_and_exits_2_for_every_command() throws Exception {
        String data = dir.resolve("data").toString();
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "security:\n  enabled: maybe\n");
        for (String[] args : List.of(new String[] {"serve", "--port", "0"}, new String[] {"export"},
                new String[] {"keys", "list"}, new String[] {"backup", dir.resolve("b").toString()})) {
            List<String> all = new java.util.ArrayList<>(List.of(args));
            all.addAll(List.of("--data", data, "--config", bad.toString()));
            assertOneLineExit2(run(all.toArray(String[]::new)), "bad.yaml", "security.enabled", "maybe");
        }
        // An admin key too short for a first start is a configuration error too, not a stack trace.
        Path shortKey = Files.writeString(dir.resolve("short.yaml"), "security:\n  admin_key: tooshort\n"
                + "demo:\n  count: 0\n");
        assertOneLineExit2(run("serve", "--port", "0", "--data", data, "--config", shortKey.toString()),
                "security.admin_key", "20 characters");
    }

    @Test
    void a_review_journal_written_by_a_newer_server_stops_serve_and_import_in_one_line_naming_it_and_both_formats()
            throws Exception {
        Path data = dir.resolve("data");
        Path csv = Files.writeString(dir.resolve("people.csv"), "first_name,last_name\nAnna,Kovács\n",
                StandardCharsets.UTF_8);
        assertThat(run("import", csv.toString(), "--data", data.toString()).code()).isZero();
        Path review = data.resolve("dedup").resolve("review.ndjson");
        Files.createDirectories(review.getParent());
        // An event this version does not know, as a downgrade finds it; before formats it failed to parse.
        Files.writeString(review, "{\"journal_format\":2,\"type\":\"SPLIT\",\"at\":\"2026-11-27T10:00:00Z\"}\n");

        assertOneLineExit2(run("serve", "--port", "0", "--data", data.toString(), "--demo", "0"),
                review.toString(), "format 2", "format 1");
        assertOneLineExit2(run("import", csv.toString(), "--data", data.toString()), review.toString(), "format 2",
                "format 1");
    }

    @Test
    void an_export_with_a_bad_format_or_an_unwritable_output_says_so_in_one_line_and_exits_2() throws Exception {
        String data = dir.resolve("data").toString();
        Path csv = Files.writeString(dir.resolve("people.csv"), "first_name,last_name\nAnna,Kovács\n",
                StandardCharsets.UTF_8);
        assertThat(run("import", csv.toString(), "--data", data).code()).isZero();

        Path out = dir.resolve("out.pdf");
        assertOneLineExit2(run("export", "--data", data, "--format", "pdf", "-o", out.toString()), "pdf");
        assertThat(out).doesNotExist();
        assertOneLineExit2(run("export", "--data", data, "--columns", "first_name,shoe_size"), "shoe_size");
        assertOneLineExit2(run("export", "--data", data, "-o", dir.resolve("no/such/dir/out.csv").toString()),
                "cannot write", "out.csv");
        assertOneLineExit2(run("export", "--data", data, "-o", dir.toString()), "cannot write");

        Run ok = run("export", "--data", data, "-o", dir.resolve("out.csv").toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(Files.readString(dir.resolve("out.csv"))).contains("Kovács");
    }

    @Test
    void an_export_of_a_data_directory_without_an_index_says_so_exits_2_and_creates_no_index() throws Exception {
        // A mistyped --data used to open (so create) an empty index there and export nobody, exit 0: a backup
        // script's CSV of no customers, reported as done.
        Path data = dir.resolve("mistyped");
        Path out = dir.resolve("out.csv");
        assertOneLineExit2(run("export", "--data", data.toString(), "-o", out.toString()), "no index at",
                data.resolve("index").toString());
        assertThat(data.resolve("index")).doesNotExist();
        assertThat(out).doesNotExist();
    }
}
