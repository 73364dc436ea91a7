package dev.minerva.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small run of the benchmark harness: it checks the harness works and that every route finds exactly the planted
 * records, not how fast anything is (speed is measured by {@code bin/bench}, never by a timed test).
 */
class BenchHarnessTest {
    @TempDir
    Path temp;

    @Test
    void smallRunFindsEveryPlantedNeedleByEveryRouteAndPrintsTheTable() throws Exception {
        // Smaller than --size SMALL, with a token warm-up of one round: the test checks counts and that every step runs, not speed.
        BenchSize size = new BenchSize("TEST", 1_200_000);
        Bench.Options options = new Bench.Options(size,
                EnumSet.of(Bench.Part.INDEXING, Bench.Part.BYTES, Bench.Part.STORAGE), temp, size, 6, 0, 1);
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        Bench.Results results = Bench.run(options, new PrintStream(log, true, StandardCharsets.UTF_8));

        assertThat(results.hits()).hasSize(3);
        assertThat(results.hits().values()).allSatisfy(h -> {
            assertThat(h.planted()).as("planted %s", h.needle().name()).isPositive();
            assertThat(h.minerva()).as("Minerva hits for %s", h.needle().query()).isEqualTo(h.planted());
            assertThat(h.originalLayout()).as("original-layout hits for %s", h.needle().query()).isEqualTo(h.planted());
            assertThat(h.rawGrep()).as("grep count of %s", h.needle().rawText()).isEqualTo(h.planted());
        });
        assertThat(results.originalIp().bytesRead()).as("the original layout's bytes come from DuckDB's profile").isPositive();
        assertThat(results.minervaIp().bytesRead()).isPositive();
        assertThat(results.minervaIpAsIndexed().hits()).as("the same needle before compaction")
                .isEqualTo(results.minervaIp().hits());
        assertThat(results.compaction().cpuNanos()).isPositive();
        assertThat(results.indexRuns()).extracting(IndexRun::engine).contains("minerva", "duckdb");
        assertThat(results.indexRuns()).allSatisfy(run -> assertThat(run.records()).isPositive());
        assertThat(results.table()).contains("cores", "bytes read", "per gzip byte", "indexing throughput",
                "| ip | `203.0.113.77` |", "| skewed | CLOUDTRAIL | terms | term |");
        assertThat(results.storage()).as("every kind on both days").hasSize(2 * LogKind.values().length);
        assertThat(results.storage()).allSatisfy(kind -> {
            assertThat(kind.after().get("terms")).as("terms of %s %s", kind.skew(), kind.kind()).isPositive();
            assertThat(kind.after().get("messages")).as("messages of %s %s", kind.skew(), kind.kind()).isPositive();
            assertThat(kind.after().get("objects")).as("manifests of %s %s", kind.skew(), kind.kind()).isPositive();
        });
    }

    @Test
    void sameSeedWritesTheSameBytes(@TempDir Path other) throws Exception {
        BenchDataSet first = new LogGenerator(9).generate(temp.resolve("a"), 300_000);
        BenchDataSet second = new LogGenerator(9).generate(other.resolve("b"), 300_000);

        assertThat(second.needleRecords()).isEqualTo(first.needleRecords());
        assertThat(second.rawBytes()).isEqualTo(first.rawBytes());
        for (int i = 0; i < first.allFiles().size(); i++) {
            assertThat(java.nio.file.Files.mismatch(first.allFiles().get(i), second.allFiles().get(i))).isEqualTo(-1L);
        }
    }

    @Test
    void theSkewedDayRepeatsItsPrincipalsAndAddressesSoItCompressesBetterThanTheUniformOne(@TempDir Path other)
            throws Exception {
        BenchDataSet uniform = new LogGenerator(9).generate(temp.resolve("u"), 600_000);
        BenchDataSet skewed = new LogGenerator(9, Skew.SKEWED).generate(other.resolve("s"), 600_000);

        assertThat(skewed.needleRecords().keySet()).isEqualTo(uniform.needleRecords().keySet());
        assertThat(skewed.needleRecords().values()).allSatisfy(count -> assertThat(count).isPositive());
        for (LogKind kind : LogKind.values()) {
            double uniformRatio = (double) uniform.kinds().get(kind).gzipBytes() / uniform.kinds().get(kind).rawBytes();
            double skewedRatio = (double) skewed.kinds().get(kind).gzipBytes() / skewed.kinds().get(kind).rawBytes();
            assertThat(skewedRatio).as("gzip bytes per raw byte of %s", kind).isLessThan(uniformRatio);
        }
    }

    @Test
    void aSecondRunReusesTheDataOnlyWhileSeedSizeAndFilesMatch() throws Exception {
        Path logs = temp.resolve("logs");
        DataSetCache.Reused first = DataSetCache.generateOrReuse(logs, 9, 300_000);
        DataSetCache.Reused again = DataSetCache.generateOrReuse(logs, 9, 300_000);

        assertThat(first.reused()).isFalse();
        assertThat(again.reused()).isTrue();
        assertThat(again.data()).isEqualTo(first.data());

        assertThat(DataSetCache.generateOrReuse(logs, 10, 300_000).reused()).as("another seed").isFalse();
        assertThat(DataSetCache.generateOrReuse(logs, 10, 300_000).reused()).isTrue();
        java.nio.file.Files.writeString(first.data().allFiles().get(0), "truncated");
        assertThat(DataSetCache.generateOrReuse(logs, 10, 300_000).reused()).as("a file changed size").isFalse();
        assertThat(DataSetCache.generateOrReuse(logs, 10, 300_000, Skew.SKEWED).reused()).as("another skew").isFalse();
    }
}
