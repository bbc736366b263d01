package dev.clientele.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny run of the benchmark harness, so it cannot rot. Checks it works and reports, not how fast. */
class BenchSmokeIT {
    @TempDir
    Path dir;

    @Test
    void the_harness_imports_measures_every_workload_and_reports() throws Exception {
        Bench.Settings s = new Bench.Settings(2_000, dir.resolve("data"), 1, 1, 7, 0.02, List.of());
        Bench.Report r = Bench.run(s);
        assertThat(r.customers()).isEqualTo(2_000);
        assertThat(r.indexBytes()).isPositive();
        assertThat(r.results()).hasSameSizeAs(Bench.workloads());
        for (Wrk.Result x : r.results()) {
            assertThat(x.requests()).as(x.workload()).isPositive();
            assertThat(x.errors()).as(x.workload() + " errors").isZero();
        }
        assertThat(r.exportRows()).isGreaterThanOrEqualTo(2_000);
        assertThat(r.dedupCounts()).startsWith("succeeded");
        String md = Bench.markdown(r, s);
        assertThat(md).contains("get_by_id", "durable import");
    }
}
