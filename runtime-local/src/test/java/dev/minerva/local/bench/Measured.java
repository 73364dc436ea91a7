package dev.minerva.local.bench;

import java.lang.management.ManagementFactory;

/**
 * Wall and process CPU time of one measured step. CPU time covers every thread of this JVM (GC, JIT and DuckDB's
 * native threads included), so "per core" figures divide by what the step really burnt, not by what it was given:
 * on a shared, noisy machine that is steadier than wall time.
 */
public record Measured(long wallNanos, long cpuNanos) {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** A step that may throw. */
    @FunctionalInterface
    public interface Step<T> {
        T run() throws Exception;
    }

    /** A result and what it cost. */
    public record Timed<T>(T value, Measured cost) {}

    public static <T> Timed<T> of(Step<T> step) throws Exception {
        long cpu = OS.getProcessCpuTime();
        long wall = System.nanoTime();
        T value = step.run();
        return new Timed<>(value, new Measured(System.nanoTime() - wall, OS.getProcessCpuTime() - cpu));
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
