package dev.clientele.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.clientele.demo.CustomerGenerator;
import dev.clientele.json.Json;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code clientele generate}: writes realistic synthetic customers as NDJSON. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write synthetic customers (with purchases) as NDJSON, for demos and benchmarks.")
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--count", required = true, description = "how many customers")
    long count;

    @Option(names = "--seed", defaultValue = "42", description = "random seed (same seed, same customers)")
    long seed;

    @Option(names = "--locales", split = ",", defaultValue = "hu,ru,de,en",
            description = "locales to mix: hu, ru, de, en, us, at (default ${DEFAULT-VALUE})")
    List<String> locales;

    @Option(names = "--duplicates", defaultValue = "0",
            description = "share of near-duplicate records, 0..0.5 (default ${DEFAULT-VALUE})")
    double duplicates;

    @Option(names = {"-o", "--output"}, description = "output file (default: standard output)")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (count < 0) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--count must be >= 0");
        }
        // A bad option or an output that cannot be written is one line on stderr and exit 2, as for import and
        // export, not a stack trace.
        // The options are checked here, each naming its own option, rather than told apart by the words of the
        // generator's exception.
        PrintWriter err = spec.commandLine().getErr();
        for (String locale : locales) {
            if (!CustomerGenerator.LOCALES.containsKey(locale)) {
                err.println("--locales: unknown locale '" + locale + "', known: "
                        + new java.util.TreeSet<>(CustomerGenerator.LOCALES.keySet()));
                return 2;
            }
        }
        if (!(duplicates >= 0 && duplicates <= 0.5)) { // NaN too
            err.println("--duplicates: a share within 0..0.5, was " + duplicates);
            return 2;
        }
        CustomerGenerator gen = new CustomerGenerator(seed, locales, duplicates, LocalDate.now());
        try (DataStdout stdout = output == null ? new DataStdout() : null) {
            OutputStream target;
            try {
                target = stdout != null ? stdout.stream() : Files.newOutputStream(output);
            } catch (IOException e) {
                err.println("cannot write " + output + ": " + (e instanceof java.nio.file.NoSuchFileException
                        ? "no such directory" : e.getMessage()));
                return 2;
            }
            ObjectWriter writer = Json.MAPPER.copy().setSerializationInclusion(JsonInclude.Include.NON_EMPTY)
                    .writer();
            // Standard output is not closed after the data: flushed, and left to the JVM.
            OutputStream out = new BufferedOutputStream(target, 1 << 16);
            try {
                for (long i = 0; i < count; i++) {
                    out.write(writer.writeValueAsBytes(gen.next()));
                    out.write('\n');
                }
            } finally {
                if (stdout != null) {
                    out.flush();
                } else {
                    out.close();
                }
            }
        }
        return 0;
    }
}
