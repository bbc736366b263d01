package dev.clientele.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code clientele generate} in-process: a wrong option is one line on stderr and exit 2, never a stack trace. */
class GenerateCommandTest {
    @TempDir
    Path dir;

    private static void assertOneLineExit2(ImportExportCommandTest.Run r, String... says) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().lines().toList()).as(r.err()).hasSize(1);
        assertThat(r.err()).contains(says).doesNotContain("Exception", "\tat ");
    }

    @Test
    void an_unknown_locale_a_share_of_duplicates_out_of_range_or_an_unwritable_output_is_one_line_and_exit_2() {
        assertOneLineExit2(ImportExportCommandTest.run("generate", "--count", "2", "--locales", "hu,xx"),
                "--locales", "xx");
        assertOneLineExit2(ImportExportCommandTest.run("generate", "--count", "2", "--duplicates", "0.9"),
                "--duplicates", "0.9");
        // NaN passed the generator's range check (neither below 0 nor above 0.5) and generated
        assertOneLineExit2(ImportExportCommandTest.run("generate", "--count", "2", "--duplicates", "NaN"),
                "--duplicates", "NaN");
        // the option is named by the check, not guessed from the words of the generator's message
        assertOneLineExit2(ImportExportCommandTest.run("generate", "--count", "2", "--locales", "duplicates"),
                "--locales: unknown locale 'duplicates'");
        Path out = dir.resolve("no/such/dir/gen.ndjson");
        assertOneLineExit2(ImportExportCommandTest.run("generate", "--count", "2", "-o", out.toString()),
                "cannot write", "gen.ndjson");
    }

    @Test
    void without_an_output_file_the_customers_are_written_to_standard_output_which_stays_open() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stdout = System.out;
        ImportExportCommandTest.Run r = ImportExportCommandTest.runPrinting(out, "generate", "--count", "3");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList()).hasSize(3)
                .allSatisfy(line -> assertThat(line).startsWith("{\"").endsWith("}"));
        assertThat(System.out).isSameAs(stdout);
    }

    @Test
    void good_options_write_the_customers() {
        Path out = dir.resolve("gen.ndjson");
        ImportExportCommandTest.Run r = ImportExportCommandTest.run("generate", "--count", "3", "--seed", "7",
                "--locales", "hu,de", "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(out).content().hasLineCount(3);
    }
}
