package dev.clientele.dedup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes measured matching quality to {@code target/dedup-quality.txt} (one section per data set, regenerated from
 * {@code target/dedup-quality/*.txt}) so the figures can be copied into BENCHMARKS.md.
 */
final class QualityReport {

    private static final Path DIR = Path.of(System.getProperty("user.dir"), "target", "dedup-quality");
    private static final Path FILE = Path.of(System.getProperty("user.dir"), "target", "dedup-quality.txt");

    private QualityReport() {
    }

    static synchronized void write(String section, List<String> lines) {
        try {
            Files.createDirectories(DIR);
            Files.write(DIR.resolve(section + ".txt"), lines, StandardCharsets.UTF_8);
            StringBuilder all = new StringBuilder();
            try (Stream<Path> files = Files.list(DIR)) {
                for (Path p : files.sorted().toList()) {
                    all.append(Files.readString(p, StandardCharsets.UTF_8)).append(System.lineSeparator());
                }
            }
            Files.writeString(FILE, all.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + FILE, e);
        }
        lines.forEach(System.out::println);
    }
}
