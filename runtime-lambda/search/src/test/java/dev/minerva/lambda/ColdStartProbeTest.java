package dev.minerva.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The cold-start probe builds the search handler without reaching any service (every endpoint is a closed local port) and
 * prints the lines the benchmark harness parses, ready first.
 */
class ColdStartProbeTest {
    private static final String CLOSED = "http://127.0.0.1:9";
    private static final Map<String, String> ENV = Map.of(
            "MINERVA_S3_ENDPOINT", CLOSED,
            "MINERVA_S3_PATH_STYLE", "true",
            "AWS_REGION", "us-east-1",
            SearchHandlerEnvironment.ATHENA_WORKGROUP, "primary",
            SearchHandlerEnvironment.ATHENA_OUTPUT, "s3://minerva-coldstart/warehouse/",
            SearchHandlerEnvironment.ATHENA_DATABASE, "minerva",
            SearchHandlerEnvironment.ATHENA_ENDPOINT, CLOSED);

    @Test
    void theSearchHandlerIsBuiltOfflineAndReportsReadyThenTheJvmView() throws Exception {
        assertThat(ColdStartProbe.HANDLERS).containsExactly("IndexerHandler", "CompactorHandler", "SearchHandler");

        List<String> search = probe("SearchHandler", () -> new SearchHandler(ENV));

        assertThat(search).hasSize(2);
        assertThat(search.get(0)).isEqualTo("COLDSTART_READY handler=SearchHandler");
        assertThat(search.get(1)).matches(".* firstInvocationMillis=\\d+");
    }

    @Test
    void readyUptimeIsMeasuredFromTheJvmStart() throws Exception {
        ColdStartProbe.Result result = ColdStartProbe.probe("SearchHandler", () -> new SearchHandler(ENV),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(result.readyUptimeMillis()).isEqualTo(result.readyEpochMillis() - result.jvmStartEpochMillis())
                .isPositive();
        assertThat(result.readyEpochMillis()).isLessThanOrEqualTo(System.currentTimeMillis());
        assertThat(result.firstInvocationMillis()).isNotNegative();
    }

    /** The probe's lines about the handler, without the handler's own log lines. */
    private static List<String> probe(String handler, Callable<Object> construct) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ColdStartProbe.probe(handler, construct, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8).lines().filter(line -> line.startsWith("COLDSTART_")).toList();
    }
}
