package dev.minerva.local.bench;

import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Renders one run as Markdown: the machine, the inputs, each figure, each ratio against its target. */
final class BenchTable {
    private BenchTable() {}

    static String render(Bench.Options options, BenchDataSet data, List<IndexRun> runs, Map<Needle, HitCounts> hits,
            SearchRun minervaIp, SearchRun originalIp, SearchRun zgrepIp, int memoryStatus, long peakRssKb,
            long memoryRaw, long memoryGzip, SearchRun minervaIpAsIndexed, Measured compaction,
            ColdStartBench.Result coldStart, int cores, int warmUpRounds, List<StorageBench.KindStorage> storage) {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "Run %s — machine: %d cores, %s %s (%s), %s %s, max heap %d MiB%n%n",
                ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'")), cores,
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.vendor"), System.getProperty("os.name"), System.getProperty("os.arch"),
                Runtime.getRuntime().maxMemory() >> 20));
        if (data != null) {
            t.append(String.format(Locale.ROOT, "Inputs (--size %s, seed %d, %s day, one UTC day from %s): %.1f MB raw, %.1f MB gzip%n%n",
                    options.size().label(), options.seed(), options.mainDay().label(), data.dayStart(), data.rawBytes() / 1e6,
                    data.gzipBytes() / 1e6));
            t.append("| input | files | records | raw MB | gzip MB |\n|---|---:|---:|---:|---:|\n");
            for (LogKind kind : LogKind.values()) {
                BenchDataSet.KindFiles k = data.kinds().get(kind);
                t.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.1f |%n", kind, k.files().size(), k.records(),
                        k.rawBytes() / 1e6, k.gzipBytes() / 1e6));
            }
            t.append('\n');
        }

        t.append("| # | measure | input | Minerva | peer | ratio | target | met |\n|---|---|---|---:|---:|---:|---|---|\n");
        if (options.parts().contains(Bench.Part.INDEXING)) {
            indexingRow(t, "CloudTrail", runs, List.of(LogKind.CLOUDTRAIL));
            indexingRow(t, "VPC Flow v2+v5", runs, List.of(LogKind.VPC_FLOW_V2, LogKind.VPC_FLOW_V5));
            indexingRow(t, "JSON syslog", runs, List.of(LogKind.SYSLOG_JSON));
        }
        if (options.parts().contains(Bench.Part.BYTES) && minervaIp != null) {
            double ratio = (double) minervaIp.bytesRead() / originalIp.bytesRead();
            t.append(String.format(Locale.ROOT,
                    "| 2 | bytes read, needle `%s` over the day (row groups read) | all | %s (%d) | original layout %s (%d) | 1/%.0f | ≤ 1/50 | %s |%n",
                    Needle.IP.query(), mb(minervaIp.bytesRead()), minervaIp.rowGroupsRead(), mb(originalIp.bytesRead()),
                    originalIp.rowGroupsRead(), 1 / ratio, yes(ratio <= 1.0 / 50)));
            if (minervaIpAsIndexed != null) {
                double before = (double) minervaIpAsIndexed.bytesRead() / originalIp.bytesRead();
                t.append(String.format(Locale.ROOT,
                        "| 2 | (before compaction: files as indexed, per object and hour) | all | %s (%d) | | 1/%.0f | | |%n",
                        mb(minervaIpAsIndexed.bytesRead()), minervaIpAsIndexed.rowGroupsRead(), 1 / before));
            }
        }
        if (options.parts().contains(Bench.Part.LATENCY) && zgrepIp != null) {
            double speedup = zgrepIp.nanos() / (double) minervaIp.nanos();
            t.append(String.format(Locale.ROOT,
                    "| 3 | warm needle search latency, `%s` (hits) | all | %.0f ms (%d) | zgrep %.0f ms (%d) | %.1f× faster | ≥ 50× faster, same hits | %s |%n",
                    Needle.IP.query(), minervaIp.millis(), minervaIp.hits(), zgrepIp.millis(), zgrepIp.hits(), speedup,
                    yes(speedup >= 50 && minervaIp.hits() == zgrepIp.hits())));
            t.append(String.format(Locale.ROOT,
                    "| 3 | (for reference) original-layout SQL, warm | all | | %.0f ms (%d) | | | |%n",
                    originalIp.millis(), originalIp.hits()));
            if (minervaIpAsIndexed != null) {
                t.append(String.format(Locale.ROOT,
                        "| 3 | (before compaction) warm latency | all | %.0f ms (%d) | | %.1f× faster | | |%n",
                        minervaIpAsIndexed.millis(), minervaIpAsIndexed.hits(),
                        zgrepIp.nanos() / (double) minervaIpAsIndexed.nanos()));
            }
            if (compaction != null) {
                t.append(String.format(Locale.ROOT,
                        "| 3 | (cost of that compaction: every hour of the day) | all | %.1f CPU-s (%.1f s wall) | | | | |%n",
                        compaction.cpuSeconds(), compaction.wallSeconds()));
            }
        }
        if (options.parts().contains(Bench.Part.MEMORY)) {
            t.append(String.format(Locale.ROOT,
                    "| 4 | index one %.0f MB gzip object (%.0f MB raw VPC v5) with -Xmx512m: peak RSS | one object | %s, %s | | | completes | %s |%n",
                    memoryGzip / 1e6, memoryRaw / 1e6, memoryStatus == 0 ? "completed" : "FAILED (status " + memoryStatus + ")",
                    peakRssKb < 0 ? "RSS n/a" : String.format(Locale.ROOT, "%.0f MiB", peakRssKb / 1024.0), yes(memoryStatus == 0)));
        }
        if (coldStart != null) {
            t.append(ColdStartBench.rows(coldStart));
        }
        if (!hits.isEmpty()) {
            t.append("\n| needle | query | planted | Minerva | original layout | grep of raw files | agree |\n|---|---|---:|---:|---:|---:|---|\n");
            for (HitCounts h : hits.values()) {
                t.append(String.format(Locale.ROOT, "| %s | `%s` | %d | %d | %d | %d | %s |%n", h.needle().name(),
                        h.needle().query(), h.planted(), h.minerva(), h.originalLayout(), h.rawGrep(), yes(h.agree())));
            }
        }
        if (options.parts().contains(Bench.Part.INDEXING)) {
            t.append("\nIndexing figures: MB = 10^6 raw (uncompressed) bytes; per core = raw MB per CPU second of the whole "
                    + "process (all threads, GC, JIT and DuckDB's native threads included); wall MB/s and cores used in brackets. "
                    + "Measured after an unmeasured warm-up that indexed the same day " + warmUpRounds + " time(s), until "
                    + "the JIT spent under " + Math.round(100 * Bench.QUIET_JIT_SHARE) + "% of a round's CPU (at most "
                    + options.maxWarmUpRounds() + " rounds)" + jitDuringIndexing(runs) + ".\n");
        }
        if (!storage.isEmpty()) {
            t.append(StorageBench.render(storage));
        }
        if (coldStart != null) {
            t.append(ColdStartBench.note(coldStart));
        }
        return t.toString();
    }

    private static void indexingRow(StringBuilder t, String label, List<IndexRun> runs, List<LogKind> kinds) {
        IndexRun ours = sum(runs, "minerva", kinds);
        IndexRun theirs = sum(runs, "duckdb", kinds);
        if (ours == null) {
            return;
        }
        boolean targeted = !kinds.contains(LogKind.SYSLOG_JSON);
        String peer = theirs == null ? "" : String.format(Locale.ROOT, "DuckDB %.1f MB/s/core (%.1f MB/s, %.1f cores)",
                theirs.megabytesPerCoreSecond(), theirs.megabytesPerSecond(), theirs.cost().coresUsed());
        double ratio = theirs == null ? Double.NaN : ours.megabytesPerCoreSecond() / theirs.megabytesPerCoreSecond();
        boolean met = ours.megabytesPerCoreSecond() >= 30 && ratio >= 0.5;
        t.append(String.format(Locale.ROOT, "| 1 | indexing throughput with term index | %s | %.1f MB/s/core (%.1f MB/s, %.1f cores) | %s | %.2f× | %s | %s |%n",
                label, ours.megabytesPerCoreSecond(), ours.megabytesPerSecond(), ours.cost().coresUsed(), peer, ratio,
                targeted ? "≥ 30 MB/s/core and ≥ 0.5× DuckDB" : "report", targeted ? yes(met) : ""));
    }

    private static String jitDuringIndexing(List<IndexRun> runs) {
        Measured minerva = null;
        Measured duckdb = null;
        for (IndexRun run : runs) {
            if (run.engine().equals("minerva")) {
                minerva = minerva == null ? run.cost() : minerva.plus(run.cost());
            } else {
                duckdb = duckdb == null ? run.cost() : duckdb.plus(run.cost());
            }
        }
        if (minerva == null) {
            return "";
        }
        return String.format(Locale.ROOT, "; during the measured steps the JIT compiled for %.1f s while Minerva "
                + "indexed (%.0f%% of its CPU)%s", minerva.jitMillis() / 1e3, 100 * minerva.jitShare(),
                duckdb == null ? "" : String.format(Locale.ROOT, " and %.1f s while DuckDB copied", duckdb.jitMillis() / 1e3));
    }

    private static IndexRun sum(List<IndexRun> runs, String engine, List<LogKind> kinds) {
        IndexRun total = null;
        for (LogKind kind : kinds) {
            Optional<IndexRun> run = find(runs, engine, kind);
            if (run.isEmpty()) {
                return null;
            }
            IndexRun r = run.get();
            total = total == null ? r : new IndexRun(engine, total.input() + "+" + r.input(), total.rawBytes() + r.rawBytes(),
                    total.records() + r.records(), total.parquetBytes() + r.parquetBytes(),
                    total.cost().plus(r.cost()));
        }
        return total;
    }

    private static Optional<IndexRun> find(List<IndexRun> runs, String engine, LogKind kind) {
        return runs.stream().filter(r -> r.engine().equals(engine) && r.input().equals(kind.name())).findFirst();
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.2f MB", bytes / 1e6);
    }

    private static String yes(boolean met) {
        return met ? "yes" : "**no**";
    }
}
