package dev.clientele.http;

import static dev.clientele.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clientele.TestServer;
import dev.clientele.testing.HeldJob;
import dev.clientele.config.AppConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportApiTest {
    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        // Three rows per commit: every import here runs over several batches, as a large file does.
        server = new TestServer(AppConfig.DEFAULTS.withPort(0).withDataDir(dir).withDemoCount(0)
                .withImportBatchSize(3));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = ImportApiTest.class.getResourceAsStream("/fixtures/import/" + name)) {
            return in.readAllBytes();
        }
    }


    private HttpResponse<String> post(String query, String contentType, byte[] body) {
        return server.send(server.request("/api/import" + query).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private long count() {
        server.app().store().index().refresh();
        return server.app().store().index().count();
    }

    @Test
    void mixed_good_and_bad_rows_store_the_good_ones_and_report_exact_rows() throws Exception {
        // A dry run rejects the same rows, row 7 too (an external id and a note: nothing to create a customer from).
        JsonNode dry = json(post("?dry_run=true", "text/csv", fixture("mixed_rows.csv"))).path("report");
        assertThat(dry.path("imported").asInt()).isEqualTo(2);
        assertThat(dry.path("rejected").asInt()).isEqualTo(5);
        List<Integer> dryRows = new ArrayList<>();
        dry.path("errors").forEach(e -> dryRows.add(e.path("row").asInt()));
        assertThat(dryRows).containsOnly(3, 5, 6, 7, 8).contains(7);

        HttpResponse<String> r = post("?wait=true", "text/csv", fixture("mixed_rows.csv"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode report = json(r).path("result").path("report");
        assertThat(report.path("rows").asInt()).isEqualTo(7);
        assertThat(report.path("imported").asInt()).isEqualTo(2);
        assertThat(report.path("rejected").asInt()).isEqualTo(5);
        List<Integer> rows = new ArrayList<>();
        report.path("errors").forEach(e -> rows.add(e.path("row").asInt()));
        assertThat(rows).containsOnly(3, 5, 6, 7, 8).contains(3, 5, 6, 7, 8);
        assertThat(json(r).path("job").path("state").asText()).isEqualTo("succeeded");
        assertThat(json(r).path("job").path("counts").path("rows_stored").asInt()).isEqualTo(2);
        assertThat(count()).isEqualTo(2);

        // Re-running the same file duplicates nothing (upsert by external_id).
        post("?wait=true", "text/csv", fixture("mixed_rows.csv"));
        assertThat(count()).isEqualTo(2);
    }

    @Test
    void an_error_about_a_whole_row_has_a_null_column_whether_the_reader_or_the_store_found_it() throws Exception {
        // Row 3: more cells than the header (the CSV reader's finding); row 4: an external id with nothing to create
        // a customer from (the store's); row 5: the reader's check of a row without a name or a contact.
        String csv = "external_id,first_name,city\nk-1,Anna,Pécs\nk-2,Béla,Frankfurt,Main\nk-3,,Győr\n,,Szeged\n";
        JsonNode dry = json(post("?dry_run=true", "text/csv", csv.getBytes(StandardCharsets.UTF_8))).path("report");
        HttpResponse<String> done = post("?wait=true", "text/csv", csv.getBytes(StandardCharsets.UTF_8));
        for (JsonNode report : List.of(dry, json(done).path("result").path("report"))) {
            assertThat(report.path("errors")).extracting(e -> e.path("row").asInt()).containsExactlyInAnyOrder(3, 4, 5);
            assertThat(report.path("errors")).allSatisfy(e -> {
                assertThat(e.has("column")).as(e.toString()).isTrue();
                assertThat(e.path("column").isNull()).as(e.toString()).isTrue();
            });
        }
        HttpResponse<String> nd = post("?wait=true&format=ndjson", "application/x-ndjson",
                "{\"first_name\":\"Eve\"}\nnot json\n".getBytes(StandardCharsets.UTF_8));
        JsonNode error = json(nd).path("result").path("report").path("errors").get(0);
        assertThat(error.path("row").asInt()).isEqualTo(2);
        assertThat(error.path("column").isNull()).as(error.toString()).isTrue();
    }

    @Test
    void an_import_is_read_and_cancelled_only_by_the_key_that_started_it_or_an_admin() {
        int port = server.app().port();
        dev.clientele.testing.TestHttp anna = new dev.clientele.testing.TestHttp(port,
                dev.clientele.testing.TestKeys.create(port, "editor", "anna"));
        dev.clientele.testing.TestHttp boris = anna.withKey(dev.clientele.testing.TestKeys.create(port, "editor", "b"));
        try (HeldJob held = new HeldJob(server.app().jobs(), "import")) {
            HttpResponse<String> started = anna.post("/api/import?format=ndjson", "{\"first_name\":\"Anna\"}");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            String id = json(started).path("job").path("id").asText();
            for (HttpResponse<String> r : List.of(boris.get("/api/import/jobs/" + id),
                    boris.delete("/api/import/jobs/" + id))) {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
                assertThat(json(r).path("type").asText()).endsWith("forbidden");
            }
            assertThat(json(anna.get("/api/import/jobs/" + id)).path("job").path("queued").asBoolean()).isTrue();
            HttpResponse<String> cancel = server.delete("/api/import/jobs/" + id);
            assertThat(cancel.statusCode()).as("an admin cancels anyone's import: " + cancel.body()).isEqualTo(200);
            assertThat(json(anna.get("/api/import/jobs/" + id)).path("job").path("state").asText())
                    .isEqualTo("cancelled");
        }
        assertThat(count()).isZero();
    }

    @Test
    void a_dry_run_reports_mapping_and_preview_and_writes_nothing() throws Exception {
        HttpResponse<String> r = post("?dry_run=true", "text/csv", fixture("de.csv"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("dry_run").asBoolean()).isTrue();
        assertThat(body.path("mapping").path("Vorname").asText()).isEqualTo("first_name");
        assertThat(body.path("preview").size()).isPositive();
        assertThat(count()).isZero();
    }

    @Test
    void a_multipart_upload_runs_as_a_job_with_progress() throws Exception {
        String boundary = "----clientele" + System.nanoTime();
        byte[] file = fixture("apple.vcf");
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"contacts.vcf\"\r\n"
                + "Content-Type: text/vcard\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + file.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(file, 0, body, head.length, file.length);
        System.arraycopy(tail, 0, body, head.length + file.length, tail.length);
        HttpResponse<String> r = post("", "multipart/form-data; boundary=" + boundary, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String location = r.headers().firstValue("Location").orElseThrow();
        JsonNode job;
        long deadline = System.nanoTime() + 30_000_000_000L;
        do {
            Thread.sleep(20);
            job = json(server.get(location));
        } while (job.path("job").path("state").asText().equals("running") && System.nanoTime() < deadline);
        assertThat(job.path("job").path("state").asText()).isEqualTo("succeeded");
        assertThat(job.path("job").path("done").asLong()).isEqualTo(file.length);
        assertThat(job.path("result").path("report").path("imported").asInt()).isPositive();
        assertThat(count()).isEqualTo(job.path("result").path("report").path("imported").asLong());
    }

    @Test
    void a_second_import_waits_for_the_first_reads_queued_and_a_cancelled_one_never_runs() throws Exception {
        HeldJob held = new HeldJob(server.app().jobs(), "import"); // a job ahead, as a long one is
        HttpResponse<String> r = post("", "text/csv", dev.clientele.testing.TestCsv.numbered("Q", 5)
                .getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String location = r.headers().firstValue("Location").orElseThrow();
        JsonNode queued = json(server.get(location)).path("job");
        assertThat(queued.path("state").asText()).isEqualTo("running");
        assertThat(queued.path("queued").asBoolean()).isTrue();
        assertThat(queued.path("running_since").isNull()).isTrue();

        HttpResponse<String> cancel = server.send(server.request(location).DELETE());
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
        assertThat(json(cancel).path("job").path("state").asText()).isEqualTo("cancelled");
        held.release();
        HttpResponse<String> next = post("?wait=true", "text/csv", dev.clientele.testing.TestCsv.numbered("N", 2)
                .getBytes(StandardCharsets.UTF_8));
        assertThat(json(next).path("job").path("state").asText()).isEqualTo("succeeded");
        assertThat(json(server.get(location)).path("job").path("state").asText()).isEqualTo("cancelled");
        assertThat(count()).isEqualTo(2); // N1, N2; no Q row was imported
        assertThat(server.send(server.request("/api/import/jobs/nope").DELETE()).statusCode()).isEqualTo(404);
    }

    @Test
    void a_running_import_cancelled_stops_and_reports_exactly_the_rows_it_stored() throws Exception {
        int rows = 20_000; // several seconds of work: the cancel arrives while it runs (or before it began)
        HttpResponse<String> r = post("", "text/csv", dev.clientele.testing.TestCsv.numbered("C", rows)
                .getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String location = r.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> cancel = server.send(server.request(location).DELETE());
        assertThat(cancel.statusCode()).as(cancel.body()).isIn(200, 202);
        JsonNode job;
        long deadline = System.nanoTime() + 60_000_000_000L;
        do {
            Thread.sleep(20);
            job = json(server.get(location));
        } while (job.path("job").path("state").asText().equals("running") && System.nanoTime() < deadline);
        assertThat(job.path("job").path("state").asText()).as(job.toString()).isEqualTo("cancelled");
        long stored = job.path("job").path("counts").path("rows_stored").asLong();
        assertThat(stored).isLessThan(rows);
        assertThat(count()).isEqualTo(stored); // every row it says it stored is there, and no other
        if (!job.path("result").isMissingNode() && !job.path("result").isNull()) {
            assertThat(job.path("result").path("cancelled").asBoolean()).isTrue();
            assertThat(job.path("result").path("report").path("imported").asLong()).isEqualTo(stored);
        }
    }

    @Test
    void a_job_reports_its_rate_in_rows_and_its_bytes_per_second_apart() throws Exception {
        HttpResponse<String> r = post("?wait=true", "text/csv", dev.clientele.testing.TestCsv.numbered("R", 50)
                .getBytes(StandardCharsets.UTF_8));
        JsonNode job = json(r).path("job");
        assertThat(job.path("rate_of").asText()).isEqualTo("rows_read");
        double seconds = java.time.Duration.between(java.time.Instant.parse(job.path("running_since").asText()),
                java.time.Instant.parse(job.path("finished_at").asText())).toMillis() / 1000.0;
        double expectedRows = 50 / Math.max(0.001, seconds);
        double expectedBytes = job.path("done").asLong() / Math.max(0.001, seconds);
        assertThat(job.path("rate").asDouble()).isCloseTo(expectedRows, org.assertj.core.data.Offset.offset(
                expectedRows * 0.01 + 0.1));
        assertThat(job.path("done_per_second").asDouble()).isCloseTo(expectedBytes,
                org.assertj.core.data.Offset.offset(expectedBytes * 0.01 + 0.1));
        assertThat(job.path("done_per_second").asDouble()).isGreaterThan(job.path("rate").asDouble());
    }

    @Test
    void a_dry_run_keeps_the_file_so_the_import_and_a_second_check_name_it_instead_of_sending_it_again()
            throws Exception {
        String csv = "Vorname;Nachname;Ort;Farbe\nAnna;Kovács;Győr;vip\nBoris;Iwanow;Wien;x\n";
        HttpResponse<String> dry = post("?dry_run=true", "text/csv", csv.getBytes(StandardCharsets.UTF_8));
        assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
        String upload = json(dry).path("upload_id").asText();
        assertThat(upload).isNotBlank();
        assertThat(json(dry).path("unmapped_columns").toString()).contains("Farbe");

        // A second check with a mapping: no body, the kept file is read again, and stays kept.
        String mapping = java.net.URLEncoder.encode("{\"Farbe\":\"notes\"}", StandardCharsets.UTF_8);
        HttpResponse<String> again = server.send(server.request("/api/import?dry_run=true&upload=" + upload
                + "&mapping=" + mapping).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(json(again).path("upload_id").asText()).isEqualTo(upload);
        assertThat(json(again).path("mapping").path("Farbe").asText()).isEqualTo("notes");
        assertThat(count()).isZero();

        HttpResponse<String> run = server.send(server.request("/api/import?wait=true&upload=" + upload
                + "&mapping=" + mapping).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        assertThat(json(run).path("result").path("report").path("imported").asInt()).isEqualTo(2);
        assertThat(count()).isEqualTo(2);
        String anna = json(server.get("/api/search?q=kovacs")).path("hits").get(0).path("id").asText();
        assertThat(json(server.get("/api/customers/" + anna)).path("notes").asText()).isEqualTo("vip"); // mapped

        // An upload is imported once: naming it again is a 404 saying what to do, and nothing is imported twice.
        HttpResponse<String> twice = server.send(server.request("/api/import?wait=true&upload=" + upload)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(twice.statusCode()).isEqualTo(404);
        assertThat(json(twice).path("type").asText()).endsWith("upload-not-found");
        assertThat(json(twice).path("detail").asText()).contains("send the file again");
        assertThat(count()).isEqualTo(2);
        try (var files = java.nio.file.Files.list(dir.resolve("spool"))) {
            assertThat(files.toList()).isEmpty(); // the imported file is gone from the spool
        }
    }

    @Test
    void a_kept_upload_is_only_for_the_key_that_sent_it() throws Exception {
        HttpResponse<String> dry = post("?dry_run=true", "text/csv", "first_name\nAnna\n".getBytes(StandardCharsets.UTF_8));
        String upload = json(dry).path("upload_id").asText();
        HttpResponse<String> key = server.postJson("/api/admin/keys", "{\"role\":\"editor\",\"name\":\"other\"}");
        assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
        HttpResponse<String> other = server.send(HttpRequest.newBuilder(server.uri("/api/import?wait=true&upload="
                + upload)).header("Authorization", "Bearer " + json(key).path("key").asText())
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(count()).isZero();
    }

    @Test
    void files_of_imports_a_stop_interrupted_are_removed_at_the_next_start() throws Exception {
        HttpResponse<String> dry = post("?dry_run=true", "text/csv", "first_name\nAnna\n".getBytes(StandardCharsets.UTF_8));
        String upload = json(dry).path("upload_id").asText();
        Path stale = dir.resolve("spool").resolve("import-123.tmp");
        java.nio.file.Files.writeString(stale, "first_name\nLeft over\n");
        server.close();
        server = new TestServer(AppConfig.DEFAULTS.withPort(0).withDataDir(dir).withDemoCount(0));
        try (var files = java.nio.file.Files.list(dir.resolve("spool"))) {
            assertThat(files.toList()).isEmpty();
        }
        HttpResponse<String> run = server.send(server.request("/api/import?wait=true&upload=" + upload)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(run.statusCode()).isEqualTo(404);
    }

    @Test
    void an_excel_workbook_imports_by_its_content_type_or_name_and_a_fake_one_is_a_400() throws Exception {
        byte[] xlsx;
        try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook();
             var out = new java.io.ByteArrayOutputStream()) {
            var sheet = wb.createSheet();
            String[][] cells = {{"Név", "Telefonszám", "Város"}, {"Kovács Péter", "06 30 123 4567", "Győr"},
                {"Nagy Éva", "", "Pécs"}};
            for (int r = 0; r < cells.length; r++) {
                var row = sheet.createRow(r);
                for (int c = 0; c < cells[r].length; c++) {
                    row.createCell(c).setCellValue(cells[r][c]);
                }
            }
            wb.write(out);
            xlsx = out.toByteArray();
        }
        HttpResponse<String> r = post("?wait=true&name_order=family_first",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).path("result").path("report").path("imported").asInt()).as(r.body()).isEqualTo(2);
        // Progress in rows (the workbook says how many it holds), not in bytes, which were all read at once.
        assertThat(json(r).path("job").path("total").asLong()).as(r.body()).isEqualTo(2);
        assertThat(json(r).path("job").path("done").asLong()).as(r.body()).isEqualTo(2);
        String peter = json(server.get("/api/search?q=kovacs")).path("hits").get(0).path("id").asText();
        JsonNode stored = json(server.get("/api/customers/" + peter));
        assertThat(stored.path("first_name").asText()).isEqualTo("Péter");
        assertThat(stored.path("last_name").asText()).isEqualTo("Kovács");

        HttpResponse<String> fake = post("?format=xlsx", "application/octet-stream",
                "first_name\nAnna\n".getBytes(StandardCharsets.UTF_8));
        assertThat(fake.statusCode()).as(fake.body()).isEqualTo(400);
        assertThat(fake.body()).contains("not an Excel workbook");
        assertThat(count()).isEqualTo(2);
    }

    @Test
    void a_list_exports_as_an_excel_workbook_with_phones_as_text() throws Exception {
        post("?wait=true", "text/csv", ("first_name,last_name,phone,city\nAnna,Kovács,0036 30 123 4567,Győr\n"
                + "Boris,Iwanow,=cmd|' /C calc'!A0,Wien\nCarl,Meyer,,Győr\n").getBytes(StandardCharsets.UTF_8));
        server.app().store().index().refresh();
        HttpResponse<byte[]> r = java.net.http.HttpClient.newHttpClient().send(server.request(
                "/api/export?format=xlsx&city=Győr&sort=name&columns=first_name,last_name,phones,city").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("spreadsheetml");
        assertThat(r.headers().firstValue("Content-Disposition").orElse("")).contains("customers.xlsx");
        try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(r.body()))) {
            var sheet = wb.getSheetAt(0);
            assertThat(sheet.getRow(0).getCell(2).getStringCellValue()).isEqualTo("phones");
            assertThat(sheet.getLastRowNum()).isEqualTo(2); // Anna and Carl: the list's filter
            assertThat(sheet.getRow(1).getCell(0).getStringCellValue()).isEqualTo("Anna");
            assertThat(sheet.getRow(1).getCell(2).getCellType())
                    .isEqualTo(org.apache.poi.ss.usermodel.CellType.STRING);
        }
        assertThat(server.get("/api/export?format=xls").statusCode()).isEqualTo(400);
    }

    @Test
    void an_unclosed_quote_is_a_400_naming_the_row_and_nothing_is_lost() throws Exception {
        String csv = "first_name,last_name\nAnna,Kovács\n\"Bob,Smith\nCarl,Meyer\n";
        HttpResponse<String> dry = post("?dry_run=true", "text/csv", csv.getBytes(StandardCharsets.UTF_8));
        assertThat(dry.statusCode()).as(dry.body()).isEqualTo(400);
        assertThat(json(dry).path("errors").get(0).path("row").asInt()).isEqualTo(3);
        // the keys of a row error, each present ("column" was missing here): the quote opened in the first column
        JsonNode entry = json(dry).path("errors").get(0);
        assertThat(entry.fieldNames()).toIterable().containsExactly("row", "column", "message");
        assertThat(entry.path("column").asText()).isEqualTo("first_name");
        HttpResponse<String> header = post("?dry_run=true", "text/csv",
                "first_name,\"last_name\nAnna,Kovács\n".getBytes(StandardCharsets.UTF_8));
        assertThat(header.statusCode()).as(header.body()).isEqualTo(400);
        assertThat(json(header).path("errors").get(0).path("column").asText()).isEqualTo("column 2");
        HttpResponse<String> empty = post("?dry_run=true", "text/csv", "colour,size\nred,9\n".getBytes(
                StandardCharsets.UTF_8)); // no usable header: no one column to blame
        assertThat(empty.statusCode()).as(empty.body()).isEqualTo(400);
        JsonNode unknown = json(empty).path("errors").get(0);
        assertThat(unknown.fieldNames()).toIterable().containsExactly("row", "column", "message");
        assertThat(unknown.path("column").isNull()).isTrue();
        HttpResponse<String> real = post("?wait=true", "text/csv", csv.getBytes(StandardCharsets.UTF_8));
        assertThat(json(real).path("job").path("state").asText()).isEqualTo("failed");
        assertThat(json(real).path("error").asText()).contains("row 3").contains("1 row is stored");
        // Anna, read before the open quote, was written but neither committed nor reported: a later commit made her
        // durable behind the failed job's back, and a re-run of the fixed file created her twice. Now she is
        // committed and counted, and the job's result lists what was read.
        assertThat(json(real).path("result").path("report").path("imported").asInt()).as(real.body()).isEqualTo(1);
        assertThat(json(real).path("job").path("counts").path("rows_stored").asInt()).isEqualTo(1);
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void the_customers_an_import_stored_are_listed_by_updated_from_and_to_its_running_since_and_finished_at()
            throws Exception {
        String before = json(server.postJson("/api/customers",
                "{\"first_name\":\"Earlier\",\"last_name\":\"Customer\"}")).path("updated_at").asText();
        // The import starts in a later millisecond than the customer stored before it (the clock's, not a wait).
        while (!java.time.Instant.now().isAfter(java.time.Instant.parse(before))) {
            Thread.onSpinWait();
        }
        HttpResponse<String> r = post("?wait=true", "text/csv", "first_name,last_name\nAnna,Import\nBela,Import\n"
                .concat("Csilla,Import\nDora,Import\n").getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode job = json(r).path("job");
        String query = "/api/search?limit=100&updated_from=" + job.path("running_since").asText() + "&updated_to="
                + job.path("finished_at").asText();
        server.app().store().index().refresh();
        JsonNode listed = json(server.get(query));
        assertThat(listed.path("total").asInt()).as(listed.toString()).isEqualTo(4);
        listed.path("customers").forEach(c -> assertThat(c.path("last_name").asText()).isEqualTo("Import"));
        // A day alone would hold the customer stored before too.
        String day = before.substring(0, 10);
        assertThat(json(server.get("/api/search?limit=0&updated_from=" + day)).path("total").asInt()).isEqualTo(5);
    }

    @Test
    void bad_parameters_are_400() throws Exception {
        assertThat(post("", "application/octet-stream", "a,b".getBytes()).statusCode()).isEqualTo(400);
        assertThat(post("?format=xls", "text/csv", "a,b".getBytes()).statusCode()).isEqualTo(400);
        assertThat(post("?charset=klingon", "text/csv", "a,b".getBytes()).statusCode()).isEqualTo(400);
        assertThat(post("?mapping=nope", "text/csv", "a,b".getBytes()).statusCode()).isEqualTo(400);
        assertThat(post("", "text/csv", new byte[0]).statusCode()).isEqualTo(400);
        assertThat(post("?dry_run=true&mapping=%7B%22a%22%3A%22shoe%22%7D", "text/csv", "a,b\n1,2\n".getBytes())
                .statusCode()).isEqualTo(400);
        assertThat(server.get("/api/import/jobs/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void a_misspelt_parameter_or_a_yes_no_value_that_is_neither_is_400_and_writes_nothing() throws Exception {
        // Each used to be ignored or read as false, so a check the user asked for became a real import.
        byte[] csv = "first_name,last_name\nDry,Typo\n".getBytes(StandardCharsets.UTF_8);
        for (String query : List.of("?dryrun=true", "?dry_run=ture", "?dry_run=true&check_duplicate=true",
                "?wait=true&dry_run=on")) {
            HttpResponse<String> r = post(query, "text/csv", csv);
            assertThat(r.statusCode()).as(query + " " + r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                    .startsWith("application/problem+json"));
        }
        assertThat(json(post("?dryrun=true", "text/csv", csv)).path("errors").get(0).path("field").asText())
                .isEqualTo("dryrun");
        assertThat(json(post("?dry_run=ture", "text/csv", csv)).path("errors").get(0).path("field").asText())
                .isEqualTo("dry_run");
        assertThat(count()).isZero();
        assertThat(post("?dry_run=yes&wait=1&check_duplicates=false", "text/csv", csv).statusCode()).isEqualTo(200);
    }

    @Test
    void a_column_mapped_to_null_is_left_out_rather_than_taken_for_a_field_named_null() throws Exception {
        // {"Vorname":"first_name","Bemerkung":null}, as the web UI's mapping table sends a column it leaves out.
        String mapping = java.net.URLEncoder.encode("{\"Vorname\":\"first_name\",\"Bemerkung\":null}",
                StandardCharsets.UTF_8);
        HttpResponse<String> dry = post("?dry_run=true&mapping=" + mapping, "text/csv",
                "Vorname,Bemerkung\nJutta,=1+1\n".getBytes(StandardCharsets.UTF_8));
        assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
        JsonNode body = json(dry);
        assertThat(body.path("report").path("rejected").asInt()).as(dry.body()).isZero();
        assertThat(body.path("preview").get(0).path("first_name").asText()).isEqualTo("Jutta");
        assertThat(body.path("preview").get(0).path("notes").isMissingNode() || body.path("preview").get(0)
                .path("notes").isNull()).as(dry.body()).isTrue();
    }

    @Test
    void a_file_whose_header_cannot_be_read_or_a_bad_mapping_is_a_400_at_once_not_a_job() throws Exception {
        // These were 202 with a job that failed later: after the imports queued before it, and a bad mapping as
        // "IllegalArgumentException".
        HttpResponse<String> noHeader = post("", "text/csv", "shoe,size\n42,EU\n".getBytes(StandardCharsets.UTF_8));
        assertThat(noHeader.statusCode()).as(noHeader.body()).isEqualTo(400);
        assertThat(json(noHeader).path("detail").asText()).contains("no usable header");
        HttpResponse<String> notVcard = post("?format=vcard", "text/plain", "first_name\nAnna\n".getBytes());
        assertThat(notVcard.statusCode()).as(notVcard.body()).isEqualTo(400);
        assertThat(json(notVcard).path("detail").asText()).contains("BEGIN:VCARD");
        HttpResponse<String> badMapping = post("?mapping=%7B%22a%22%3A%22shoe%22%7D", "text/csv",
                "a,b\n1,2\n".getBytes());
        assertThat(badMapping.statusCode()).as(badMapping.body()).isEqualTo(400);
        assertThat(json(badMapping).path("detail").asText()).contains("shoe");
        assertThat(count()).isZero();
    }

    @Test
    void windows_1250_files_import_with_the_charset_parameter() {
        byte[] csv = "Vezetéknév;Keresztnév;Település\nKovács;Márton;Győr\n"
                .getBytes(java.nio.charset.Charset.forName("windows-1250"));
        HttpResponse<String> r = post("?wait=true&charset=windows-1250", "text/csv", csv);
        assertThat(json(r).path("result").path("report").path("imported").asInt()).as(r.body()).isEqualTo(1);
        server.app().store().index().refresh();
        List<String> names = new ArrayList<>();
        server.app().store().index().forEach(c -> names.add(c.lastName() + " " + c.firstName() + " "
                + c.address().city()));
        assertThat(names).containsExactly("Kovács Márton Győr");
    }

    @Test
    void one_customer_exports_as_csv_ndjson_and_vcard() throws Exception {
        HttpResponse<String> created = server.postJson("/api/customers",
                "{\"first_name\":\"=cmd\",\"last_name\":\"Петров\",\"phones\":[\"+7 495 123-45-67\"]}");
        String id = json(created).path("id").asText();
        HttpResponse<String> csv = server.get("/api/customers/" + id + "/export?format=csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body()).contains("'=cmd", "Петров", "'+7 495 123-45-67");
        // the id column, first, as in a list's export; a byte-order mark unless bom=false (it always had one)
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).startsWith("\uFEFFid,external_id,kind,first_name,");
        assertThat(lines.get(1)).startsWith(id + ",");
        HttpResponse<String> noBom = server.get("/api/customers/" + id + "/export?format=csv&bom=false");
        assertThat(noBom.body()).startsWith("id,external_id,").isEqualTo(csv.body().substring(1));
        for (String bad : List.of("format=vcf&bom=true", "format=csv&bom=maybe", "format=csv&columns=id")) {
            HttpResponse<String> r = server.get("/api/customers/" + id + "/export?" + bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(json(r).path("errors").get(0).path("field").asText()).as(bad)
                    .isEqualTo(bad.substring(bad.indexOf('&') + 1, bad.lastIndexOf('=')));
        }
        assertThat(server.get("/api/customers/" + id + "/export?format=vcf").body()).contains("BEGIN:VCARD",
                "Петров");
        assertThat(server.get("/api/customers/" + id + "/export").body()).contains("\"last_name\":\"Петров\"");
        assertThat(server.get("/api/customers/" + id + "/export?format=pdf").statusCode()).isEqualTo(400);
    }

    @Test
    void an_import_with_duplicate_check_fills_the_review_queue() {
        server.postJson("/api/customers", "{\"first_name\":\"Anna\",\"last_name\":\"Kovács\","
                + "\"emails\":[\"anna@example.hu\"]}");
        server.app().store().index().refresh();
        String csv = "first_name,last_name,email,phone,country\nAnna,Kovacs,ANNA@example.hu,,\n"
                + "Zoltán,Szabó,z@szabo.hu,+36 1 999 0000,HU\nZoltan,Szabo,,06-1-999-0000,HU\n";
        HttpResponse<String> r = post("?wait=true&check_duplicates=true", "text/csv",
                csv.getBytes(StandardCharsets.UTF_8));
        // Anna with the stored Anna, and the two Zoltáns of the file with each other: one pair each.
        assertThat(json(r).path("job").path("counts").path("duplicate_pairs").asInt()).as(r.body()).isEqualTo(2);
        assertThat(json(server.get("/api/duplicates")).path("groups")).hasSize(2);
    }
}
