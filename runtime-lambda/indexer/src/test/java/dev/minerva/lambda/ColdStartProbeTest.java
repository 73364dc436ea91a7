package dev.minerva.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The cold-start probe builds the indexer and the compactor without reaching any service (every endpoint is a closed local port) and
 * prints the lines the benchmark harness parses, ready first.
 */
class ColdStartProbeTest {
    private static final String CLOSED = "http://127.0.0.1:9";
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("coldstart", "coldstart"));
    private static final Map<String, String> ENV = Map.of(
            LambdaEnvironment.WAREHOUSE, "s3://minerva-coldstart/warehouse/",
            "MINERVA_S3_ENDPOINT", CLOSED,
            "MINERVA_S3_PATH_STYLE", "true",
            "AWS_REGION", "us-east-1");

    @Test
    void theIndexerAndCompactorAreBuiltOfflineAndReportReadyThenTheJvmView() throws Exception {
        assertThat(ColdStartProbe.HANDLERS).containsExactly("IndexerHandler", "CompactorHandler", "SearchHandler");

        List<String> indexer = probe("IndexerHandler",
                () -> new IndexerHandler(LambdaEnvironment.of(ENV), Optional.of(CREDENTIALS)));
        List<String> compactor = probe("CompactorHandler",
                () -> new CompactorHandler(LambdaEnvironment.of(ENV), Optional.of(CREDENTIALS), Clock.systemUTC()));

        assertThat(indexer).hasSize(2);
        assertThat(indexer.get(0)).isEqualTo("COLDSTART_READY handler=IndexerHandler");
        assertThat(indexer.get(1)).matches("COLDSTART_RESULT handler=IndexerHandler jvmStartEpochMillis=\\d+ "
                + "readyEpochMillis=\\d+ readyUptimeMillis=\\d+ constructMillis=\\d+ firstInvocationMillis=\\d+");
        // The compactor has no harmless event (each run lists the warehouse), so it is not invoked.
        assertThat(compactor.get(0)).isEqualTo("COLDSTART_READY handler=CompactorHandler");
        assertThat(compactor.get(1)).endsWith(" firstInvocationMillis=-1");
    }

    /** The probe's lines about the handler, without the handler's own log lines. */
    private static List<String> probe(String handler, Callable<Object> construct) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ColdStartProbe.probe(handler, construct, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8).lines().filter(line -> line.startsWith("COLDSTART_")).toList();
    }
}
