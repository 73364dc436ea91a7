package dev.minerva.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cold-start step of the harness without the shaded JAR (runtime-local's tests run before it is packaged): a
 * missing JAR is a row that says so, and measured figures become one row per handler plus the JAR's size.
 */
class ColdStartBenchTest {
    @TempDir
    Path temp;

    @Test
    void aMissingJarIsReportedInTheTableInsteadOfFailingTheRun() throws Exception {
        Path jar = temp.resolve("minerva-lambda-indexer.jar");
        Map<String, Path> jars = new HashMap<>();
        ColdStartBench.HANDLERS.forEach(handler -> jars.put(handler, jar));

        ColdStartBench.Result result = ColdStartBench.measure(jars, 5,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(result.problem()).contains("no shaded JAR at " + jar);
        assertThat(ColdStartBench.rows(result)).startsWith("| 5 | cold start").contains("not measured: no shaded JAR",
                "mvn -pl runtime-lambda -am package -DskipTests");
        assertThat(ColdStartBench.note(result)).isEmpty();
    }

    @Test
    void measuredRunsBecomeOneRowPerHandlerWithMediansBestAndBothClocks() {
        List<ColdStartBench.HandlerRun> runs = new ArrayList<>();
        for (String handler : ColdStartBench.HANDLERS) {
            long invocation = handler.equals("CompactorHandler") ? -1 : 40;
            runs.add(new ColdStartBench.HandlerRun(handler, "default flags", List.of(
                    new ColdStartBench.Sample(3000, 60, 2900, invocation), new ColdStartBench.Sample(2000, 50, 1900, invocation),
                    new ColdStartBench.Sample(2500, 55, 2400, invocation)), ""));
            runs.add(new ColdStartBench.HandlerRun(handler, "-XX:TieredStopAtLevel=1",
                    List.of(new ColdStartBench.Sample(1500, 50, 1400, invocation)), ""));
        }
        ColdStartBench.Result result = new ColdStartBench.Result(List.of(
                new ColdStartBench.Artifact(Path.of("minerva-lambda-indexer.jar"), 40_000_000, 97_000_000),
                new ColdStartBench.Artifact(Path.of("minerva-lambda-search.jar"), 20_000_000, 120_000_000)), 3, runs, "");

        List<String> rows = ColdStartBench.rows(result).lines().toList();

        assertThat(rows).hasSize(5);
        assertThat(rows.get(0)).isEqualTo("| 5 | cold start, fresh JVM to handler ready: default flags vs -XX:TieredStopAtLevel=1 "
                + "| IndexerHandler | 2500 ms (2000); JVM 2400 ms (1900); first call 40 ms "
                + "| 1500 ms (1500); JVM 1400 ms (1400); first call 40 ms | 0.60× | report | |");
        assertThat(rows.get(1)).contains("| CompactorHandler | 2500 ms (2000); JVM 2400 ms (1900) |");
        assertThat(rows.get(3)).contains("shaded Lambda JAR", "minerva-lambda-indexer.jar",
                "38.1 MiB (40000000 bytes), 92.5 MiB (97000000 bytes)", "≤ 50 MB zipped, ≤ 100 MB unpacked | yes |");
        assertThat(rows.get(4)).contains("minerva-lambda-search.jar", "| **no** |");
        assertThat(ColdStartBench.note(result)).contains("median of 3 fresh JVMs");
    }

    @Test
    void theChildGetsTheTemplatesVariablesAndOnlyTheFlagsAsked() {
        Map<String, String> env = new HashMap<>(Map.of("JAVA_TOOL_OPTIONS", "-Xmx64m", "_JAVA_OPTIONS", "-Xint"));

        ColdStartBench.lambdaEnvironment(env, "");

        assertThat(env).doesNotContainKeys("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS")
                .containsEntry("MINERVA_WAREHOUSE", "s3://minerva-coldstart/warehouse/")
                .containsKeys("AWS_REGION", "MINERVA_ATHENA_WORKGROUP", "MINERVA_ATHENA_OUTPUT", "MINERVA_ATHENA_DATABASE");
        ColdStartBench.lambdaEnvironment(env, ColdStartBench.FLAGS.get("-XX:TieredStopAtLevel=1"));
        assertThat(env).containsEntry("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
    }
}
