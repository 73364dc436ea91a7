package dev.minerva.local.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * Wall and process CPU time of one measured step, and the time the JIT spent compiling meanwhile. CPU time covers
 * every thread of this JVM (GC, JIT and DuckDB's native threads included), so "per core" figures divide by what the
 * step really burnt, not by what it was given: on a shared, noisy machine that is steadier than wall time. The JIT
 * time (summed over the compiler threads, as the JVM reports it) tells whether the step ran on warm code.
 */
public record Measured(long wallNanos, long cpuNanos, long jitMillis) {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

    /** A step that may throw. */
    @FunctionalInterface
    public interface Step<T> {
        T run() throws Exception;
    }

    /** A result and what it cost. */
    public record Timed<T>(T value, Measured cost) {}

    public static <T> Timed<T> of(Step<T> step) throws Exception {
        long jit = jitMillisSoFar();
        long cpu = OS.getProcessCpuTime();
        long wall = System.nanoTime();
        T value = step.run();
        return new Timed<>(value, new Measured(System.nanoTime() - wall, OS.getProcessCpuTime() - cpu,
                jitMillisSoFar() - jit));
    }

    private static long jitMillisSoFar() {
        return JIT != null && JIT.isCompilationTimeMonitoringSupported() ? JIT.getTotalCompilationTime() : 0;
    }

    /** Both steps' costs added up. */
    public Measured plus(Measured other) {
        return new Measured(wallNanos + other.wallNanos, cpuNanos + other.cpuNanos, jitMillis + other.jitMillis);
    }

    /** The share of the step's CPU time the JIT spent compiling. */
    public double jitShare() {
        return cpuNanos == 0 ? 0 : jitMillis * 1e6 / cpuNanos;
    }

    public double wallSeconds() {
        return wallNanos / 1e9;
    }

    public double cpuSeconds() {
        return cpuNanos / 1e9;
    }

    /** Cores kept busy on average while the step ran. */
    public double coresUsed() {
        return wallNanos == 0 ? 0 : (double) cpuNanos / wallNanos;
    }
}
