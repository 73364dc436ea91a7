package dev.minerva.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.minerva.aws.s3.S3ClientFactory;
import dev.minerva.aws.s3.S3Settings;
import dev.minerva.testing.aws.MotoServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The scheduled compactor on an S3 warehouse in moto_server: bounded by the time margin, finished by the next run. */
class CompactorHandlerMotoTest {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY));

    @Test
    void aShortInvocationStopsBeforeMergingAndTheNextOneCompacts() throws Exception {
        MOTO.reset();
        Map<String, String> env = new HashMap<>(Map.of("MINERVA_WAREHOUSE", "s3://warehouse/minerva/",
                "MINERVA_S3_ENDPOINT", MOTO.endpoint().toString(), "MINERVA_S3_PATH_STYLE", "true", "AWS_REGION", MotoServer.REGION,
                "MINERVA_COMPACT_LAG", "0s", "MINERVA_COMPACT_GRACE", "0s"));
        try (S3Client s3 = S3ClientFactory.create(S3Settings.defaults().withEndpoint(MOTO.endpoint()).withPathStyle(true)
                .withRegion(MotoServer.REGION), CREDENTIALS)) {
            s3.createBucket(r -> r.bucket("warehouse"));
            s3.createBucket(r -> r.bucket("logs"));
            // Two flow-log objects of the same hours: two small files per hour to merge.
            String flows = "AWSLogs/123456789012/vpcflowlogs/us-east-1/2019/12/01/";
            Path sample = Path.of("../../samples/logs/vpcflow/awsdocs_v2-default.log.gz");
            s3.putObject(r -> r.bucket("logs").key(flows + "a.log.gz"), RequestBody.fromFile(sample));
            s3.putObject(r -> r.bucket("logs").key(flows + "b.log.gz"), RequestBody.fromFile(sample));
            IndexerHandler indexer = new IndexerHandler(LambdaEnvironment.of(env), Optional.of(CREDENTIALS));
            var event = new com.amazonaws.services.lambda.runtime.events.SQSEvent();
            var message = new com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage();
            message.setMessageId("m-1");
            message.setBody("{\"Records\":[" + record(flows + "a.log.gz") + "," + record(flows + "b.log.gz") + "]}");
            event.setRecords(List.of(message));
            assertThat(indexer.process(event, FakeContext.withRemaining(300_000)).count(BatchReport.Count.INDEXED)).isEqualTo(2);
            List<String> before = keys(s3, "minerva/messages/");

            CompactorHandler compactor = new CompactorHandler(LambdaEnvironment.of(env), Optional.of(CREDENTIALS), Clock.systemUTC());
            // 5 minutes at the start, then 10 s left: below the 60 s margin before the first merge begins.
            java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
            FakeContext shortOnTime = new FakeContext(() -> calls.getAndIncrement() == 0 ? 300_000 : 10_000);
            Map<String, Object> stopped = compactor.handleRequest(new ScheduledEvent(), shortOnTime);
            assertThat(stopped).containsEntry("complete", false);
            assertThat(keys(s3, "minerva/messages/")).isEqualTo(before);
            assertThat(keys(s3, "minerva/compaction/")).isEmpty();

            Map<String, Object> done = compactor.handleRequest(new ScheduledEvent(), FakeContext.withRemaining(900_000));
            assertThat(done).containsEntry("complete", true);
            assertThat((Integer) done.get("published")).isPositive();
            // Grace 0: a third run deletes the replaced inputs; a fourth finds nothing to do (idempotent).
            compactor.handleRequest(new ScheduledEvent(), FakeContext.withRemaining(900_000));
            assertThat(keys(s3, "minerva/messages/")).hasSizeLessThan(before.size());
            Map<String, Object> idle = compactor.handleRequest(new ScheduledEvent(), FakeContext.withRemaining(900_000));
            assertThat(idle).containsEntry("complete", true).containsEntry("published", 0).containsEntry("deleted", 0);
        }
    }

    private static String record(String key) {
        return "{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"logs\"},\"object\":{\"key\":\""
                + key + "\",\"size\":1,\"eTag\":\"x\"}}}";
    }

    private static List<String> keys(S3Client s3, String prefix) {
        return s3.listObjectsV2Paginator(r -> r.bucket("warehouse").prefix(prefix)).contents().stream().map(S3Object::key).sorted().toList();
    }
}
