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
        PrintWriter err = spec.commandLine().getErr();
        CustomerGenerator gen;
        try {
            gen = new CustomerGenerator(seed, locales, duplicates, LocalDate.now());
        } catch (IllegalArgumentException e) {
            err.println((e.getMessage().contains("locale") ? "--locales: " : "--duplicates: ")
                    + e.getMessage());
            return 2;
        }
        OutputStream target;
        try {
            target = output == null ? System.out : Files.newOutputStream(output);
        } catch (IOException e) {
            err.println("cannot write " + output + ": " + (e instanceof java.nio.file.NoSuchFileException
                    ? "no such directory" : e.getMessage()));
            return 2;
        }
        ObjectWriter writer = Json.MAPPER.copy().setSerializationInclusion(JsonInclude.Include.NON_EMPTY).writer();
        try (OutputStream out = new BufferedOutputStream(target, 1 << 16)) {
            for (long i = 0; i < count; i++) {
                out.write(writer.writeValueAsBytes(gen.next()));
                out.write('\n');
            }
        }
        return 0;
    }
}
