package dev.clientele.cli;

import dev.clientele.bench.Bench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clientele bench}: the benchmark harness. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Generate, import durably and measure every workload with wrk on a fresh data dir.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--count", defaultValue = "1000000", description = "customers (default ${DEFAULT-VALUE})")
    long count;

    @Option(names = "--data", description = "fresh data directory (default: a new temp dir)")
    Path data;

    @Option(names = "--seconds", defaultValue = "10", description = "seconds per workload (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--connections", defaultValue = "1", description = "wrk connections (default ${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Option(names = "--duplicates", defaultValue = "0.02", description = "share of injected near-duplicates")
    double duplicates;

    @Option(names = "--only", split = ",", description = "run only these workloads")
    List<String> only = List.of();

    @Option(names = "--scan-minutes", defaultValue = "20",
            description = "stop waiting for the duplicate scan after this many minutes and report it as not finished "
                    + "(default ${DEFAULT-VALUE})")
    int scanMinutes;

    @Option(names = "--report", description = "also write the Markdown report to this file")
    Path report;

    @Override
    public Integer call() throws Exception {
        Path dir = data != null ? data : Files.createTempDirectory("clientele-bench");
        Bench.Settings s = new Bench.Settings(count, dir, seconds, connections, seed, duplicates, only,
                scanMinutes);
        Bench.Report r = Bench.run(s);
        String md = Bench.markdown(r, s);
        System.out.println(md);
        if (report != null) {
            Files.writeString(report, md);
        }
        return 0;
    }
}
