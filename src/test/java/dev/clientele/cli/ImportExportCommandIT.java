package dev.clientele.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clientele.ServerProcess;
import dev.clientele.customer.Customer;
import dev.clientele.json.Json;
import dev.clientele.testing.TestCsv;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportExportCommandIT {
    @TempDir
    Path dir;

    private static String run(int expectedExit, String... args) throws Exception {
        Process p = ServerProcess.java(args).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isEqualTo(expectedExit);
        return out;
    }

    @Test
    void generated_customers_round_trip_through_import_and_csv_export_without_losing_a_field() throws Exception {
        Path gen = dir.resolve("gen.ndjson");
        run(0, "generate", "--count", "400", "--seed", "9", "-o", gen.toString());
        Path data = dir.resolve("data");
        String out = run(0, "import", gen.toString(), "--data", data.toString());
        assertThat(out).contains("400 rows read, 400 stored, 0 rejected");

        Path csv = dir.resolve("all.csv");
        run(0, "export", "--data", data.toString(), "--format", "csv", "-o", csv.toString());
        Path data2 = dir.resolve("data2");
        assertThat(run(0, "import", csv.toString(), "--data", data2.toString()))
                .contains("400 rows read, 400 stored, 0 rejected");

        assertSameCustomers(data, data2);
    }

    @Test
    void an_export_to_standard_output_holds_only_the_customers_and_its_log_lines_go_to_standard_error()
            throws Exception {
        Path gen = dir.resolve("gen.ndjson");
        run(0, "generate", "--count", "20", "--seed", "3", "-o", gen.toString());
        Path data = dir.resolve("data");
        run(0, "import", gen.toString(), "--data", data.toString());

        // `clientele export > file` as a user redirects it: a fresh JVM's first Lucene use logs a warning about
        // the vector module, which used to land on the first line of the file.
        Process p = ServerProcess.java("export", "--data", data.toString(), "--format", "ndjson")
                .redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        List<String> lines = out.lines().toList();
        assertThat(lines).as(out).hasSize(20).allSatisfy(line -> assertThat(line).startsWith("{\"id\""));
        Files.writeString(dir.resolve("out.ndjson"), out);
        assertThat(byExternalId(dir.resolve("out.ndjson"))).hasSize(20);
    }

    @Test
    void a_stopped_import_commits_the_rows_it_read_says_how_many_and_a_re_run_finishes_it() throws Exception {
        Path csv = dir.resolve("many.csv");
        int rows = 20_000; // far more than is imported in the time it takes to see the first progress line
        Files.writeString(csv, TestCsv.numbered("E", rows));
        Path data = dir.resolve("data");
        Process p = ServerProcess.java("import", csv.toString(), "--data", data.toString(), "--batch-size", "1000")
                .start();
        StringBuilder seen = new StringBuilder();
        String text;
        try (var in = new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)) {
            char[] buf = new char[4096];
            int n;
            while (seen.indexOf(" rows ") < 0 && (n = in.read(buf)) > 0) { // until the progress bar runs
                seen.append(buf, 0, n);
            }
            // SIGTERM, as Ctrl+C's SIGINT: the same shutdown path. Through the handle: Process.destroy() also
            // closes the pipe the summary comes through.
            p.toHandle().destroy();
            StringWriter rest = new StringWriter();
            in.transferTo(rest);
            text = seen.append(rest).toString();
        }
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("interrupted: (\\d+) rows read, (\\d+) stored")
                .matcher(text);
        assertThat(m.find()).as(text).isTrue();
        int stored = Integer.parseInt(m.group(2));
        assertThat(stored).isEqualTo(Integer.parseInt(m.group(1))).isLessThan(rows);
        assertThat(text).contains("re-run the same command");
        assertThat(p.exitValue()).isNotZero();

        Path export = dir.resolve("after-stop.ndjson");
        run(0, "export", "--data", data.toString(), "--format", "ndjson", "-o", export.toString());
        assertThat(Files.readAllLines(export).stream().filter(l -> l.startsWith("{")).count()).isEqualTo(stored);
        assertKeptThenReRunFinishes(csv, data, stored, rows);
    }

    @Test
    void generated_customers_round_trip_through_a_vcard_export_without_losing_a_field() throws Exception {
        Path gen = dir.resolve("gen.ndjson");
        run(0, "generate", "--count", "300", "--seed", "5", "-o", gen.toString());
        Path data = dir.resolve("data");
        run(0, "import", gen.toString(), "--data", data.toString());
        Path vcf = dir.resolve("all.vcf");
        run(0, "export", "--data", data.toString(), "--format", "vcf", "-o", vcf.toString());
        Path data2 = dir.resolve("data2");
        assertThat(run(0, "import", vcf.toString(), "--data", data2.toString()))
                .contains("300 rows read, 300 stored, 0 rejected");
        // Before, consent, opt-out, purchases, rep, industry, … did not survive a vCard export.
        assertSameCustomers(data, data2);
    }

    /** Both data dirs hold the same customers (by external id), field for field, as their NDJSON exports show. */
    private void assertSameCustomers(Path data, Path data2) throws Exception {
        Path a = dir.resolve("a.ndjson");
        Path b = dir.resolve("b.ndjson");
        run(0, "export", "--data", data.toString(), "--format", "ndjson", "-o", a.toString());
        run(0, "export", "--data", data2.toString(), "--format", "ndjson", "-o", b.toString());
        Map<String, Customer> first = byExternalId(a);
        Map<String, Customer> second = byExternalId(b);
        assertThat(second.keySet()).isEqualTo(first.keySet());
        for (String key : first.keySet()) {
            assertThat(second.get(key).sameDataAs(first.get(key))).as(key).isTrue();
        }
    }

    @Test
    void an_import_prints_its_warnings() throws Exception {
        Path vcf = dir.resolve("cards.vcf");
        Files.writeString(vcf, "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Kovács;Anna;;;\r\nBDAY:--12-31\r\nEND:VCARD\r\n");
        String out = run(0, "import", vcf.toString(), "--data", dir.resolve("d").toString());
        assertThat(out).contains("1 rows read, 1 stored, 0 rejected").contains("warning: row 1 [BDAY]");
    }

    @Test
    void small_batches_store_every_row_once_and_a_batch_size_below_one_is_refused() throws Exception {
        Path gen = dir.resolve("gen.ndjson");
        run(0, "generate", "--count", "150", "--seed", "3", "-o", gen.toString());
        Path data = dir.resolve("data");
        // 150 rows in batches of 7: 22 commits, the last one partial.
        assertThat(run(0, "import", gen.toString(), "--data", data.toString(), "--batch-size", "7"))
                .contains("150 rows read, 150 stored, 0 rejected");
        Path all = dir.resolve("all.ndjson");
        run(0, "export", "--data", data.toString(), "--format", "ndjson", "-o", all.toString());
        assertThat(byExternalId(all)).hasSize(150);
        run(2, "import", gen.toString(), "--data", dir.resolve("other").toString(), "--batch-size", "0");
    }

    @Test
    void a_file_with_bad_rows_exits_3_and_lists_them() throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "first_name,email\nAnna,anna@example.hu\nBob,not-an-email\n");
        String out = run(3, "import", csv.toString(), "--data", dir.resolve("d").toString());
        assertThat(out).contains("2 rows read, 1 stored, 1 rejected").contains("row 3");
    }

    @Test
    void an_import_onto_a_disk_with_less_room_than_kept_free_exits_4_and_a_dry_run_still_reads() throws Exception {
        Path csv = dir.resolve("two.csv");
        Files.writeString(csv, "first_name,email\nAnna,anna@example.hu\nBéla,bela@example.hu\n");
        Path config = dir.resolve("petabyte.yaml"); // keep a petabyte free: no test machine has that
        Files.writeString(config, "index:\n  min_free_disk_mb: 1073741824\n");
        Path data = dir.resolve("data");
        String out = run(4, "import", csv.toString(), "--data", data.toString(), "--config", config.toString());
        assertThat(out).contains("MB free").contains("0 rows were stored");
        assertThat(run(0, "import", csv.toString(), "--data", data.toString(), "--config", config.toString(),
                "--dry-run")).contains("dry run: 2 rows read, 2 valid");
        assertThat(run(0, "import", csv.toString(), "--data", data.toString()))
                .contains("2 rows read, 2 stored, 0 rejected");
    }

    @Test
    void an_import_killed_midway_keeps_every_row_it_reported_stored_and_a_re_run_finishes_it() throws Exception {
        int rows = 40_000;
        Path file = dir.resolve("big.csv");
        Files.writeString(file, TestCsv.numbered("E", rows));
        Path data = dir.resolve("data");

        // The progress bar reports rows stored (durable); kill -9 once it has reported some but far from all.
        Process p = ServerProcess.java("import", file.toString(), "--data", data.toString(), "--batch-size", "1000")
                .start();
        java.util.regex.Pattern storedFigure = java.util.regex.Pattern.compile("([0-9,]+) stored");
        long reported = 0;
        StringBuilder seen = new StringBuilder();
        try (var in = new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)) {
            char[] buf = new char[4096];
            int n;
            while (reported < 3_000 && (n = in.read(buf)) > 0) {
                seen.append(buf, 0, n);
                java.util.regex.Matcher m = storedFigure.matcher(seen);
                while (m.find()) {
                    reported = Math.max(reported, Long.parseLong(m.group(1).replace(",", "")));
                }
            }
            p.destroyForcibly();
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(reported).as("killed before the end: %s", seen).isBetween(3_000L, rows - 1L);

        assertKeptThenReRunFinishes(file, data, reported, rows);
    }

    /**
     * After an import stopped midway: rows E1 … E{@code reported} (reported stored) are in the index, and importing
     * the file again ends with exactly one customer per row.
     */
    private void assertKeptThenReRunFinishes(Path file, Path data, long reported, int rows) throws Exception {
        Path kept = dir.resolve("kept.ndjson");
        run(0, "export", "--data", data.toString(), "--format", "ndjson", "-o", kept.toString());
        Map<String, Customer> byExternal = byExternalId(kept);
        for (int i = 1; i <= reported; i++) {
            assertThat(byExternal).as("row E%d was reported stored", i).containsKey("E" + i);
        }
        assertThat(run(0, "import", file.toString(), "--data", data.toString()))
                .contains(String.format("%d rows read, %d stored, 0 rejected", rows, rows));
        Path all = dir.resolve("all.ndjson");
        run(0, "export", "--data", data.toString(), "--format", "ndjson", "-o", all.toString());
        assertThat(Files.readAllLines(all)).hasSize(rows); // nothing twice
        assertThat(byExternalId(all)).hasSize(rows);
    }

    @Test
    void an_import_the_disk_refuses_midway_exits_4_keeps_what_it_reported_and_a_re_run_finishes_it()
            throws Exception {
        int rows = 40_000;
        Path file = dir.resolve("big.csv");
        Files.writeString(file, TestCsv.numbered("E", rows));
        Path data = dir.resolve("data");

        // `ulimit -f`: the kernel refuses to grow any file of the process past 500 KB (EFBIG), as a full disk
        // refuses a write; segment files pass that size once merges have joined a few batches.
        StringBuilder command = new StringBuilder("ulimit -f 500; exec");
        for (String arg : ServerProcess.java("import", file.toString(), "--data", data.toString(), "--batch-size",
                "1000").command()) {
            command.append(" '").append(arg.replace("'", "'\\''")).append('\'');
        }
        Process p = new ProcessBuilder("bash", "-c", command.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isEqualTo(4);
        assertThat(out).contains("the import stopped").contains("stopped accepting writes");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9,]+) rows were stored before that")
                .matcher(out);
        assertThat(m.find()).as(out).isTrue();
        long reported = Long.parseLong(m.group(1).replace(",", ""));

        assertKeptThenReRunFinishes(file, data, reported, rows);
    }

    @Test
    void a_damaged_index_is_refused_by_every_command_and_left_as_it_is() throws Exception {
        Path gen = dir.resolve("gen.ndjson");
        run(0, "generate", "--count", "50", "--seed", "5", "-o", gen.toString());
        Path data = dir.resolve("data");
        run(0, "import", gen.toString(), "--data", data.toString());
        Path index = data.resolve("index");
        try (var files = Files.list(index)) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith("segments_")).toList()) {
                Files.delete(p); // the commit point is lost, the segment files are still there
            }
        }
        long segmentFiles = countFiles(index, "_");

        assertThat(run(2, "export", "--data", data.toString())).contains("damaged").contains("clientele restore")
                .doesNotContain("Exception");
        assertThat(run(2, "serve", "--port", "0", "--data", data.toString(), "--demo", "10"))
                .contains("cannot start").contains("damaged");
        assertThat(countFiles(index, "_"))
                .as("no segment file deleted, no empty index or demo customers put in its place")
                .isEqualTo(segmentFiles);
        assertThat(countFiles(index, "segments_")).isZero();
    }

    @Test
    void a_review_journal_with_a_corrupt_line_stops_the_server_naming_the_line_and_keeps_the_file() throws Exception {
        Path data = dir.resolve("data");
        Path journal = data.resolve("dedup").resolve("review.ndjson");
        Files.createDirectories(journal.getParent());
        String content = "this is not JSON\n";
        Files.writeString(journal, content);

        assertThat(run(2, "serve", "--port", "0", "--data", data.toString(), "--demo", "0"))
                .contains("cannot start").contains("corrupt record at line 1");
        assertThat(Files.readString(journal)).isEqualTo(content);
    }

    private static long countFiles(Path dir, String prefix) throws Exception {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)).count();
        }
    }

    private static Map<String, Customer> byExternalId(Path ndjson) throws Exception {
        Map<String, Customer> out = new HashMap<>();
        List<String> lines = Files.readAllLines(ndjson);
        for (String line : lines) {
            Customer c = Json.MAPPER.readValue(line, Customer.class);
            out.put(c.externalId(), c);
        }
        return out;
    }
}
