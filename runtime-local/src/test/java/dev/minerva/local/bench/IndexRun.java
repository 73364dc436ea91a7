package dev.minerva.local.bench;

import static java.util.Objects.requireNonNull;

/**
 * One engine turning raw log files into Parquet.
 *
 * @param rawBytes uncompressed input bytes, the unit of every throughput figure
 * @param parquetBytes bytes of Parquet written (terms and messages for Minerva)
 */
public record IndexRun(String engine, String input, long rawBytes, long records, long parquetBytes, Measured cost) {
    public IndexRun {
        requireNonNull(engine, "engine is null");
        requireNonNull(input, "input is null");
        requireNonNull(cost, "cost is null");
    }

    /** Raw MB (10^6 bytes) per wall second. */
    public double megabytesPerSecond() {
        return rawBytes / 1e6 / cost.wallSeconds();
    }

    /** Raw MB per CPU second: throughput per fully used core. */
    public double megabytesPerCoreSecond() {
        return rawBytes / 1e6 / cost.cpuSeconds();
    }

    public double parquetPerRawByte() {
        return (double) parquetBytes / rawBytes;
    }
}
