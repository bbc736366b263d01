package dev.clientele.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerShareTest {
    @Test
    void g1s_three_collectors_report_pauses_and_concurrent_cycles_are_not_pauses() {
        assertThat(ServerShare.isPause("G1 Young Generation")).isTrue();
        assertThat(ServerShare.isPause("G1 Old Generation")).isTrue();
        assertThat(ServerShare.isPause("G1 Concurrent GC")).isTrue(); // remark and clean-up
        assertThat(ServerShare.isPause("ZGC Pauses")).isTrue();
        assertThat(ServerShare.isPause("ZGC Cycles")).isFalse();
        assertThat(ServerShare.isPause("Shenandoah Cycles")).isFalse();
    }

    @Test
    void pauses_are_counted_summed_and_the_longest_kept_and_cpu_is_shared_over_the_requests() {
        ServerShare.Watch w = ServerShare.watch();
        w.record(2_500);
        w.record(7_000);
        w.record(1_000);
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long spin = threads.getCurrentThreadCpuTime();
        long x = 0;
        while (threads.getCurrentThreadCpuTime() - spin < 50_000_000L) { // 50 ms of this thread's CPU
            x += spin ^ x;
        }
        ServerShare s = w.stop(10);
        assertThat(x).isNotZero();
        assertThat(s.pauses()).isGreaterThanOrEqualTo(3); // a real collection may end meanwhile too
        assertThat(s.pauseMs()).isGreaterThanOrEqualTo(10.5);
        assertThat(s.maxPauseMs()).isGreaterThanOrEqualTo(7.0);
        // 50 ms of CPU over 10 requests: at least 5 ms each (the process's other threads only add)
        assertThat(s.cpuMsPerRequest()).isGreaterThanOrEqualTo(4.0);
    }

    @Test
    void a_warm_up_round_is_quiet_below_twenty_ms_of_jit_per_second_of_it() {
        assertThat(Bench.jitQuiet(199, 10)).isTrue();
        assertThat(Bench.jitQuiet(200, 10)).isFalse();
        assertThat(Bench.jitQuiet(2_700, 10)).isFalse(); // the first search workload of the 1M run of 2026-11-27
        assertThat(Bench.jitQuiet(19, 1)).isTrue();
    }
}
