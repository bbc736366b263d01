package dev.clientele.bench;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the server's JVM did while one workload was measured: CPU time per request, the garbage collector's pauses,
 * and time the JIT compiler spent. The harness runs the server in its own JVM and waits for {@code wrk} meanwhile,
 * so the process's CPU is the server's. These explain a latency tail: a p99 far above the CPU per request with few
 * pauses points at the two cores being shared (wrk, background threads), many or long pauses at the heap.
 *
 * @param cpuMsPerRequest process CPU time over the run divided by the requests served
 * @param pauses          stop-the-world collections that ended during the run (young, mixed and full)
 * @param pauseMs         their total duration
 * @param maxPauseMs      the longest of them
 * @param jitMs           time the JIT compilers spent compiling during the run (summed over compiler threads)
 */
public record ServerShare(double cpuMsPerRequest, long pauses, double pauseMs, double maxPauseMs, long jitMs) {

    /** Starts watching; {@link Watch#stop} gives the figures. */
    public static Watch watch() {
        return new Watch();
    }

    /** An open measurement: collections are counted from its start until {@link #stop}. */
    public static final class Watch {
        private final AtomicLong pauses = new AtomicLong();
        private final AtomicLong pauseMicros = new AtomicLong();
        private final AtomicLong maxPauseMicros = new AtomicLong();
        private final Runnable stopListening;
        private final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private final long cpu0;
        private final long jit0;

        private Watch() {
            stopListening = GcNotifications.listen(info -> {
                if (isPause(info.getGcName())) {
                    record(info.getGcInfo().getDuration() * 1000);
                }
            });
            cpu0 = os.getProcessCpuTime();
            jit0 = jitMillis();
        }

        void record(long micros) {
            pauses.incrementAndGet();
            pauseMicros.addAndGet(micros);
            maxPauseMicros.accumulateAndGet(micros, Math::max);
        }

        /** Stops watching; the figures of the time since {@link ServerShare#watch}, over this many requests. */
        public ServerShare stop(long requests) {
            long cpu = os.getProcessCpuTime() - cpu0;
            stopListening.run();
            return new ServerShare(cpu / 1e6 / Math.max(1, requests), pauses.get(), pauseMicros.get() / 1000.0,
                    maxPauseMicros.get() / 1000.0, jitMillis() - jit0);
        }
    }

    /**
     * Whether a collector's notifications are pauses of the application. G1's three beans all report pauses ("G1
     * Concurrent GC" reports the remark and clean-up pauses of its concurrent cycle, not the cycle); ZGC and
     * Shenandoah report their concurrent cycles under "… Cycles" beside their "… Pauses".
     */
    static boolean isPause(String gcName) {
        return !gcName.endsWith("Cycles");
    }

    private static long jitMillis() {
        var jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }
}
