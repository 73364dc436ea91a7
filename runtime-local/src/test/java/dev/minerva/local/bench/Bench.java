package dev.minerva.local.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark of issue 6: generates a seeded day of mixed logs, runs each measurement against its peer in the same
 * run, and prints one Markdown table with the machine, the inputs, every figure and every ratio.
 *
 * <p>{@code bin/bench [--size SMALL|200MB|1GB…] [--only indexing,bytes,latency,memory,coldstart,storage]
 * [--data DIR] [--memory-object SIZE] [--seed N]}; the cold start runs the shaded Lambda JAR, see {@link ColdStartBench}.
 */
public final class Bench {
    /** Fresh JVMs per handler and flag set in the cold-start measurement; the table shows the median and the best. */
    static final int COLD_START_RUNS = 5;
    /** The warm-up ends after a round whose JIT time is under this share of its CPU time, or after the last round. */
    static final double QUIET_JIT_SHARE = 0.05;

    /** The measurements that can be picked with --only. */
    public enum Part { INDEXING, BYTES, LATENCY, MEMORY, COLDSTART, STORAGE }

    /** What to run. */
    public record Options(BenchSize size, Set<Part> parts, Path data, BenchSize memoryObject, long seed, int warmRuns,
            int maxWarmUpRounds, Set<Skew> days) {
        /** The warm-up stops after this many rounds even if the JIT is still busy; 0 skips it. */
        static final int MAX_WARM_UP_ROUNDS = 4;

        public Options {
            days = Set.copyOf(days);
            if (days.isEmpty()) {
                throw new IllegalArgumentException("at least one day (uniform, skewed) is needed");
            }
        }

        public Options(BenchSize size, Set<Part> parts, Path data, BenchSize memoryObject, long seed, int warmRuns) {
            this(size, parts, data, memoryObject, seed, warmRuns, MAX_WARM_UP_ROUNDS);
        }

        public Options(BenchSize size, Set<Part> parts, Path data, BenchSize memoryObject, long seed, int warmRuns,
                int maxWarmUpRounds) {
            this(size, parts, data, memoryObject, seed, warmRuns, maxWarmUpRounds, EnumSet.allOf(Skew.class));
        }

        /**
         * The day indexing, bytes and latency are measured on: the uniform one when it is asked for (the day every
         * earlier table was measured on), else the skewed one. Storage is measured on every day asked for.
         */
        public Skew mainDay() {
            return days.contains(Skew.UNIFORM) ? Skew.UNIFORM : Skew.SKEWED;
        }

        public static Options parse(String[] args) {
            BenchSize size = BenchSize.SMALL;
            Set<Part> parts = EnumSet.allOf(Part.class);
            Path data = Path.of("target", "bench-data");
            BenchSize memory = null;
            long seed = 6;
            Set<Skew> days = EnumSet.allOf(Skew.class);
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : "";
                switch (args[i]) {
                    case "--size" -> { size = BenchSize.parse(value); i++; }
                    case "--data" -> { data = Path.of(value); i++; }
                    case "--memory-object" -> { memory = BenchSize.parse(value); i++; }
                    case "--seed" -> { seed = Long.parseLong(value); i++; }
                    case "--skew" -> {
                        days = switch (value) {
                            case "uniform" -> EnumSet.of(Skew.UNIFORM);
                            case "skewed" -> EnumSet.of(Skew.SKEWED);
                            case "both" -> EnumSet.allOf(Skew.class);
                            default -> throw new IllegalArgumentException(
                                    "Unknown --skew '" + value + "'. Valid: uniform, skewed, both");
                        };
                        i++;
                    }
                    case "--only" -> {
                        parts = EnumSet.noneOf(Part.class);
                        for (String part : value.split(",")) {
                            parts.add(Part.valueOf(part.trim().toUpperCase(Locale.ROOT)));
                        }
                        i++;
                    }
                    default -> throw new IllegalArgumentException("Unknown argument '" + args[i]
                            + "'. Usage: bench [--size SMALL|200MB|1GB] [--only indexing,bytes,latency,memory,coldstart,storage] "
                            + "[--data DIR] [--memory-object SIZE] [--seed N] [--skew uniform|skewed|both]");
                }
            }
            // The memory object defaults to the whole size in one object, capped where a run would take too long.
            BenchSize memoryObject = memory != null ? memory
                    : new BenchSize(size.label(), Math.min(size.rawBytes(), 1_000_000_000L));
            return new Options(size, parts, data, memoryObject, seed, 3, MAX_WARM_UP_ROUNDS, days);
        }
    }

    /** Everything measured, for the table and for the test that checks the harness. */
    public record Results(BenchDataSet data, List<IndexRun> indexRuns, Map<Needle, HitCounts> hits, SearchRun minervaIp,
            SearchRun originalIp, SearchRun zgrepIp, long peakRssKb, int memoryStatus, long memoryObjectRawBytes,
            long memoryObjectGzipBytes, SearchRun minervaIpAsIndexed, Measured compaction,
            ColdStartBench.Result coldStart, List<StorageBench.KindStorage> storage, String table) {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Results results = run(options, System.out);
        Path latest = options.data().resolve("latest-table.md");
        Files.writeString(latest, results.table());
        System.out.println("(also written to " + latest + ")");
        boolean agree = results.hits().values().stream().allMatch(HitCounts::agree);
        System.exit(agree && results.memoryStatus() <= 0 ? 0 : 1);
    }

    public static Results run(Options options, PrintStream log) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        Path root = options.data().toAbsolutePath();
        boolean needIndex = options.parts().stream()
                .anyMatch(EnumSet.of(Part.INDEXING, Part.BYTES, Part.LATENCY)::contains);
        // The memory and cold-start runs need no day of logs; the rest reuse the last run's if it is the same data.
        BenchDataSet data = null;
        if (needIndex) {
            data = day(options, options.mainDay(), root, log);
        }

        Path warehouse = root.resolve("warehouse");
        LogGenerator.deleteTree(warehouse);
        MinervaBench minerva = new MinervaBench(warehouse);
        DuckDbBench duckdb = new DuckDbBench(cores);
        List<IndexRun> runs = new ArrayList<>();
        int warmUpRounds = 0;
        if (options.parts().contains(Part.INDEXING) && options.maxWarmUpRounds() > 0) {
            warmUpRounds = warmUp(options, data, root, duckdb, log);
        }
        if (needIndex) {
            // Minerva indexes every kind (the searches need the whole day); DuckDB copies only when compared.
            for (LogKind kind : List.of(LogKind.CLOUDTRAIL, LogKind.VPC_FLOW_V2, LogKind.VPC_FLOW_V5, LogKind.SYSLOG_JSON)) {
                BenchDataSet.KindFiles files = data.kinds().get(kind);
                log.printf("Indexing %s with Minerva …%n", kind);
                runs.add(minerva.index(kind.name(), data, files.files(), files.rawBytes()));
                log.println("  " + runs.get(runs.size() - 1));
                if (options.parts().contains(Part.INDEXING)) {
                    log.printf("Copying %s to Parquet with DuckDB …%n", kind);
                    runs.add(duckdb.copyToParquet(files, root.resolve("duckdb-copy")));
                    log.println("  " + runs.get(runs.size() - 1));
                }
            }
        }

        Map<Needle, HitCounts> hits = new LinkedHashMap<>();
        SearchRun minervaIp = null;
        SearchRun originalIp = null;
        SearchRun zgrepIp = null;
        SearchRun minervaIpAsIndexed = null;
        Measured compaction = null;
        if (options.parts().contains(Part.BYTES) || options.parts().contains(Part.LATENCY)) {
            Path original = root.resolve("original-layout");
            log.println("Rebuilding the original layout with DuckDB …");
            duckdb.buildOriginalLayout(warehouse, original);
            Instant from = data.dayStart();
            Instant to = data.dayEnd();
            log.printf("Searching %s in the files as indexed (one set per object and hour) …%n", Needle.IP.query());
            minervaIpAsIndexed = minerva.search(Needle.IP.query(), from, to, options.warmRuns());
            log.println("Compacting every hour, as the hourly compactor does once an hour has closed …");
            Measured.Timed<Integer> compacted = minerva.compact();
            compaction = compacted.cost();
            log.printf("  %d files published in %.1f s (%.1f CPU-s)%n", compacted.value(), compaction.wallSeconds(),
                    compaction.cpuSeconds());
            for (Needle needle : List.of(Needle.IP, Needle.ACCESS_KEY, Needle.USER)) {
                log.printf("Searching %s …%n", needle.query());
                SearchRun ours = minerva.search(needle.query(), from, to, options.warmRuns());
                SearchRun theirs = duckdb.searchOriginalLayout(original, needle, from, to, needle == Needle.IP ? options.warmRuns() : 0);
                long grep = RawGrep.count(data.allFiles(), needle.rawText());
                hits.put(needle, new HitCounts(needle, data.needleRecords().get(needle), ours.hits(), theirs.hits(), grep));
                if (needle == Needle.IP) {
                    minervaIp = ours;
                    originalIp = theirs;
                }
            }
            if (options.parts().contains(Part.LATENCY)) {
                log.println("zgrep over the raw files …");
                zgrepIp = RawGrep.zgrep(data.allFiles(), Needle.IP.rawText(), Math.min(2, options.warmRuns()));
            }
        }

        long peakRss = -1;
        int memoryStatus = -1;
        long memoryRaw = 0;
        long memoryGzip = 0;
        if (options.parts().contains(Part.MEMORY)) {
            Path object = root.resolve("memory").resolve("one-object.log.gz");
            log.printf("Writing one %s VPC Flow Log object for the memory run …%n", options.memoryObject().label());
            memoryRaw = new LogGenerator(options.seed()).writeOneObject(object, options.memoryObject().rawBytes());
            memoryGzip = Files.size(object);
            Path memoryWarehouse = root.resolve("memory").resolve("warehouse");
            LogGenerator.deleteTree(memoryWarehouse);
            long[] probe = probeMemory(memoryWarehouse, object, log);
            memoryStatus = (int) probe[0];
            peakRss = probe[1];
        }

        ColdStartBench.Result coldStart = null;
        if (options.parts().contains(Part.COLDSTART)) {
            coldStart = ColdStartBench.measure(ColdStartBench.locateJars(), COLD_START_RUNS, log);
        }

        List<StorageBench.KindStorage> storage = new ArrayList<>();
        if (options.parts().contains(Part.STORAGE)) {
            for (Skew skew : EnumSet.copyOf(options.days())) {
                BenchDataSet day = day(options, skew, root, log);
                for (LogKind kind : LogKind.values()) {
                    log.printf("Storage of %s, %s day: indexing and compacting it alone …%n", kind, skew.label());
                    storage.add(StorageBench.measure(skew, day, kind,
                            root.resolve("storage").resolve(skew.label()).resolve(kind.name()), duckdb));
                }
            }
            LogGenerator.deleteTree(root.resolve("storage"));
        }

        String table = BenchTable.render(options, data, runs, hits, minervaIp, originalIp, zgrepIp, memoryStatus, peakRss,
                memoryRaw, memoryGzip, minervaIpAsIndexed, compaction, coldStart, cores, warmUpRounds, storage);
        log.println();
        log.println(table);
        return new Results(data, runs, hits, minervaIp, originalIp, zgrepIp, peakRss, memoryStatus, memoryRaw, memoryGzip,
                minervaIpAsIndexed, compaction, coldStart, storage, table);
    }

    /** The day of the given skew, generated or reused; the uniform day keeps the folder every earlier run used. */
    private static BenchDataSet day(Options options, Skew skew, Path root, PrintStream log) throws Exception {
        Path folder = root.resolve(skew == Skew.UNIFORM ? "logs" : "logs-" + skew.label());
        log.printf("Generating %s of raw logs (%s day) under %s …%n", options.size().label(), skew.label(), folder);
        Measured.Timed<DataSetCache.Reused> generated = Measured.of(
                () -> DataSetCache.generateOrReuse(folder, options.seed(), options.size().rawBytes(), skew));
        BenchDataSet data = generated.value().data();
        log.printf("  %.1f MB raw, %.1f MB gzip, %s in %.1f s%n", data.rawBytes() / 1e6, data.gzipBytes() / 1e6,
                generated.value().reused() ? "reused from the last run with the same seed, size, skew and generator"
                        : "generated", generated.cost().wallSeconds());
        return data;
    }

    /**
     * Indexes every kind of the measured day, unmeasured, into a throwaway warehouse, in rounds until the JIT is
     * quiet (DuckDB, which has no JIT, copies in the first round only): the throughput figures are for a warm
     * process, as an indexer container's are after its first objects, not for whichever kind runs while C2 still
     * compiles. A smaller warm-up day was not enough: each kind, and the sizes of its objects, take the code down
     * paths the others did not. After rounds over a 20 MB day had gone quiet, C2 still compiled for 3–5 s while
     * 90 MB of CloudTrail was measured, and CloudTrail indexed at 8.7–10 MB/s/core where a third pass over the same
     * files ran at 13.
     *
     * @return the rounds run
     */
    private static int warmUp(Options options, BenchDataSet data, Path root, DuckDbBench duckdb, PrintStream log)
            throws Exception {
        Path folder = root.resolve("warm-up");
        log.printf(Locale.ROOT, "Warming up: indexing the day, not measured, in rounds until the JIT spends under %.0f%% "
                + "of a round's CPU (at most %d) …%n", 100 * QUIET_JIT_SHARE, options.maxWarmUpRounds());
        Path warehouse = folder.resolve("warehouse");
        for (int round = 1; ; round++) {
            LogGenerator.deleteTree(warehouse);
            MinervaBench minerva = new MinervaBench(warehouse);
            boolean copy = round == 1;
            Measured.Timed<Void> cost = Measured.of(() -> {
                for (BenchDataSet.KindFiles files : data.kinds().values()) {
                    minerva.index(files.kind().name(), data, files.files(), files.rawBytes());
                    if (copy) {
                        duckdb.copyToParquet(files, folder.resolve("duckdb-copy"));
                    }
                }
                return null;
            });
            log.printf(Locale.ROOT, "  round %d: %.1f CPU-s, the JIT compiled for %.1f s (%.0f%%)%n", round,
                    cost.cost().cpuSeconds(), cost.cost().jitMillis() / 1e3, 100 * cost.cost().jitShare());
            if (cost.cost().jitShare() < QUIET_JIT_SHARE || round >= options.maxWarmUpRounds()) {
                LogGenerator.deleteTree(folder);
                return round;
            }
        }
    }

    /** Indexes the object in a child JVM with -Xmx512m; returns {exit status, peak RSS in KB}. */
    private static long[] probeMemory(Path warehouse, Path object, PrintStream log) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                MemoryProbe.class.getName(), warehouse.toString(), object.toString()).redirectErrorStream(true);
        Process process = builder.start();
        long status = -1;
        long rss = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                log.println("  [memory] " + line);
                if (line.startsWith("STATUS=")) {
                    status = Long.parseLong(line.substring(7));
                } else if (line.startsWith("PEAK_RSS_KB=")) {
                    rss = Long.parseLong(line.substring(12));
                }
            }
        }
        int exit = process.waitFor();
        return new long[] {exit != 0 ? exit : status, rss};
    }
}
