package dev.clientele.dedup;

import dev.clientele.App;
import dev.clientele.config.AppConfig;
import dev.clientele.jobs.Job;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Times a full duplicate scan of an existing data directory (not a test: surefire does not run it). Argument: the
 * data directory; work on a copy, the scan writes its pairs into {@code <dir>/dedup}. Run from the repository root:
 * <pre>
 *   ./mvnw -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 *   java -Xmx1g -cp target/classes:target/test-classes:$(cat target/cp.txt) dev.clientele.dedup.ScanBench DIR
 * </pre>
 */
public final class ScanBench {
    private ScanBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        AppConfig config = AppConfig.DEFAULTS.withPort(0).withDataDir(dir).withDemoCount(0);
        try (App app = App.start(config)) {
            long t0 = System.nanoTime();
            Job job = app.duplicates().startScan();
            Job done = app.duplicates().job(job.id()).orElseThrow();
            while (done.state() == Job.State.RUNNING) {
                Thread.sleep(200);
                done = app.duplicates().job(job.id()).orElseThrow();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("scan of %d customers: %.1f s, %s %s%s%n", done.total(), seconds, done.state(),
                    done.counts(), done.error() == null ? "" : " " + done.error());
        }
    }
}
