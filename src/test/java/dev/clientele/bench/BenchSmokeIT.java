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
        // every workload, then the search box again on the index merged into one segment
        assertThat(r.results()).hasSize(Bench.workloads().size() + Bench.SEARCH_BOX.size());
        assertThat(r.workloads()).extracting(Bench.Workload::name).contains("search_exact_one_segment",
                "suggest_one_segment");
        assertThat(r.merge()).endsWith(" s").contains("into 1");
        assertThat(r.shares()).hasSameSizeAs(r.results());
        assertThat(r.workloadWarmUpSeconds()).hasSameSizeAs(r.results())
                .allSatisfy(sec -> assertThat(sec).isBetween(1, Bench.MAX_WARM_UP_ROUNDS));
        assertThat(r.shares()).allSatisfy(sh -> assertThat(sh.cpuMsPerRequest()).isPositive());
        for (Wrk.Result x : r.results()) {
            assertThat(x.requests()).as(x.workload()).isPositive();
            assertThat(x.errors()).as(x.workload() + " errors").isZero();
        }
        assertThat(r.exportRows()).isGreaterThanOrEqualTo(2_000);
        assertThat(r.dedupCounts()).startsWith("succeeded");
        // Every customer (the generated ones and those write_single added) comes back in through the CLI's import
        // path, and the scratch files are gone after. The HTTP export above may miss the last writes, which the
        // server had acknowledged but not yet made visible to searches, so it is not the exact count to compare.
        assertThat(r.csvImport().rows()).isGreaterThanOrEqualTo(r.exportRows()).isGreaterThan(2_000);
        assertThat(r.csvImport().stored()).isEqualTo(r.csvImport().rows());
        assertThat(r.csvImport().heapPeakBytes()).isPositive();
        assertThat(dir.resolve("data/bench-export.csv")).doesNotExist();
        assertThat(dir.resolve("data/csv-import")).doesNotExist();
        String md = Bench.markdown(r, s);
        assertThat(md).contains("get_by_id", "durable import", "as `clientele import` does it", "server CPU ms/req", "warm-up s");
    }
}
