package dev.minerva.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minerva.aws.s3.S3ClientFactory;
import dev.minerva.aws.s3.S3Location;
import dev.minerva.aws.s3.S3Settings;
import dev.minerva.aws.s3.S3WarehouseStorage;
import dev.minerva.core.warehouse.ParquetFiles;
import dev.minerva.core.warehouse.StoredObject;
import dev.minerva.lambda.BatchReport.Count;
import dev.minerva.testing.aws.MotoServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The indexer end to end on moto_server: S3 notifications travel to SQS (through SNS, or directly), the test
 * receives them with the SDK and hands them to the handler in-process, as Lambda's event source mapping would.
 */
class IndexerHandlerMotoTest {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    static final Path SAMPLES = Path.of("../../samples/logs").toAbsolutePath().normalize();
    static final String FLOWS = "AWSLogs/123456789012/vpcflowlogs/us-east-1/2019/12/01/";
    static final String TRAIL = "AWSLogs/111111111111/CloudTrail/eu-central-1/2017/12/11/";
    static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY));

    S3Client s3;
    SqsClient sqs;
    SnsClient sns;

    @BeforeEach
    void clients() {
        MOTO.reset();
        s3 = S3ClientFactory.create(S3Settings.defaults().withEndpoint(MOTO.endpoint()).withPathStyle(true).withRegion(MotoServer.REGION), CREDENTIALS);
        sqs = SqsClient.builder().endpointOverride(MOTO.endpoint()).region(Region.of(MotoServer.REGION)).credentialsProvider(CREDENTIALS)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        sns = SnsClient.builder().endpointOverride(MOTO.endpoint()).region(Region.of(MotoServer.REGION)).credentialsProvider(CREDENTIALS)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        s3.createBucket(r -> r.bucket("warehouse"));
    }

    @AfterEach
    void close() {
        s3.close();
        sqs.close();
        sns.close();
    }

    private Map<String, String> environment(URI endpoint) {
        Map<String, String> env = new HashMap<>();
        env.put("MINERVA_WAREHOUSE", "s3://warehouse/minerva/");
        env.put("MINERVA_S3_ENDPOINT", endpoint.toString());
        env.put("MINERVA_S3_PATH_STYLE", "true");
        env.put("AWS_REGION", MotoServer.REGION);
        return env;
    }

    private IndexerHandler handler() {
        return new IndexerHandler(LambdaEnvironment.of(environment(MOTO.endpoint())), Optional.of(CREDENTIALS));
    }

    private String queue(String name) {
        return sqs.createQueue(r -> r.queueName(name)).queueUrl();
    }

    /** A bucket that notifies an SNS topic, to which a queue subscribes without raw delivery; returns the queue URL. */
    private String bucketNotifyingThroughSns(String bucket) {
        s3.createBucket(r -> r.bucket(bucket));
        String topic = sns.createTopic(r -> r.name(bucket + "-topic")).topicArn();
        String queueUrl = queue(bucket + "-queue");
        String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        sns.subscribe(r -> r.topicArn(topic).protocol("sqs").endpoint(queueArn));
        s3.putBucketNotificationConfiguration(r -> r.bucket(bucket).notificationConfiguration(c -> c.topicConfigurations(
                t -> t.topicArn(topic).events(Event.S3_OBJECT_CREATED))));
        return queueUrl;
    }

    private String bucketNotifyingSqs(String bucket) {
        s3.createBucket(r -> r.bucket(bucket));
        String queueUrl = queue(bucket + "-queue");
        String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        s3.putBucketNotificationConfiguration(r -> r.bucket(bucket).notificationConfiguration(c -> c.queueConfigurations(
                q -> q.queueArn(queueArn).events(Event.S3_OBJECT_CREATED))));
        return queueUrl;
    }

    private void upload(String bucket, String key, String sample) {
        s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromFile(SAMPLES.resolve(sample)));
    }

    /** Receives until {@code count} messages arrived (S3 test events included) and turns them into a Lambda event. */
    private SQSEvent receive(String queueUrl, int count) {
        List<Message> messages = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (messages.size() < count && System.nanoTime() < deadline) {
            messages.addAll(sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages());
        }
        assertThat(messages).hasSize(count);
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message message : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(message.messageId());
            record.setReceiptHandle(message.receiptHandle());
            record.setBody(message.body());
            record.setEventSource("aws:sqs");
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private static SQSEvent event(String... bodies) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        int n = 0;
        for (String body : bodies) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId("hand-made-" + ++n);
            record.setBody(body);
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private List<String> warehouseListing() {
        // Key, size and ETag: an identical listing means identical content, not just the same names.
        return s3.listObjectsV2Paginator(r -> r.bucket("warehouse")).contents().stream()
                .map(o -> o.key() + " " + o.size() + " " + o.eTag()).sorted().toList();
    }

    private long messageRows() throws Exception {
        S3WarehouseStorage storage = new S3WarehouseStorage(s3, S3Location.parse("s3://warehouse/minerva/"));
        long rows = 0;
        for (StoredObject file : storage.list("messages/")) {
            try (ParquetFileReader reader = ParquetFileReader.open(ParquetFiles.input(storage, file.key()))) {
                rows += reader.getRecordCount();
            }
        }
        return rows;
    }

    @Test
    void snsWrappedNotificationsAreIndexedAndRedeliveryLeavesTheWarehouseAsItWas() throws Exception {
        String queueUrl = bucketNotifyingThroughSns("logs");
        upload("logs", FLOWS + "flow one+two.log.gz", "vpcflow/awsdocs_v2-default.log.gz");
        upload("logs", FLOWS + "flows-reader.log.gz", "vpcflow/flowlogs-reader_v2-default.log.gz");
        upload("logs", TRAIL + "trail.json.gz", "cloudtrail/trailscraper_111111111111_CloudTrail_eu-central-1_20171211T1505Z_A6kvhMoVeCsc7v8U.json.gz");
        upload("logs", "elsewhere/notes.log", "vpcflow/awsdocs_v2-default.log.gz");
        s3.putObject(r -> r.bucket("logs").key(FLOWS + "folder/"), RequestBody.empty());
        // moto also sends the s3:TestEvent that S3 sends when notifications are configured.
        SQSEvent event = receive(queueUrl, 6);
        assertThat(event.getRecords()).allSatisfy(m -> assertThat(m.getBody()).contains("\"Type\": \"Notification\""));

        IndexerHandler handler = handler();
        BatchReport report = handler.process(event, FakeContext.withRemaining(300_000));
        assertThat(report.retried()).isEmpty();
        assertThat(report.count(Count.INDEXED)).isEqualTo(3);
        assertThat(report.count(Count.NO_SOURCE)).isEqualTo(1);
        assertThat(report.count(Count.IGNORED)).isEqualTo(2); // the test event and the folder marker
        assertThat(report.count(Count.RECORDS)).isPositive();

        List<String> listing = warehouseListing();
        assertThat(listing).anyMatch(k -> k.startsWith("minerva/terms/dt=")).anyMatch(k -> k.startsWith("minerva/messages/dt="))
                .filteredOn(k -> k.startsWith("minerva/objects/")).hasSize(3);
        assertThat(messageRows()).isEqualTo(report.count(Count.RECORDS));

        for (int delivery = 0; delivery < 3; delivery++) {
            SQSBatchResponse response = handler.handleRequest(event, FakeContext.withRemaining(300_000));
            assertThat(response.getBatchItemFailures()).isEmpty();
        }
        assertThat(warehouseListing()).isEqualTo(listing);
        // A fresh container (new injector) sees the same manifests and also changes nothing.
        BatchReport again = handler().process(event, FakeContext.withRemaining(300_000));
        assertThat(again.count(Count.UNCHANGED)).isEqualTo(3);
        assertThat(warehouseListing()).isEqualTo(listing);
    }

    @Test
    void aSourcesFileOnS3RoutesObjectsTheBundledRoutesWouldMiss() throws Exception {
        s3.createBucket(r -> r.bucket("config"));
        s3.putObject(r -> r.bucket("config").key("minerva.yaml"), RequestBody.fromString("""
                sources:
                  - name: custom-flows
                    match: s3://custom-logs/flows/**
                    format: vpcflow
                """));
        String queueUrl = bucketNotifyingSqs("custom-logs");
        upload("custom-logs", "flows/one.log.gz", "vpcflow/awsdocs_v2-default.log.gz");
        Map<String, String> env = environment(MOTO.endpoint());
        env.put(LambdaEnvironment.CONFIG, "s3://config/minerva.yaml");
        IndexerHandler handler = new IndexerHandler(LambdaEnvironment.of(env), Optional.of(CREDENTIALS));

        SQSEvent event = receive(queueUrl, 2); // with the test event

        assertThat(handler().process(event, FakeContext.withRemaining(300_000)).count(Count.INDEXED))
                .as("the bundled routes know no custom-logs path").isZero();
        BatchReport report = handler.process(event, FakeContext.withRemaining(300_000));
        assertThat(report.retried()).isEmpty();
        assertThat(report.count(Count.INDEXED)).isEqualTo(1);
    }

    @Test
    void directS3NotificationsAndAnEventBridgeEventIndexTheSameWay() throws Exception {
        String queueUrl = bucketNotifyingSqs("direct-logs");
        upload("direct-logs", FLOWS + "a b.log.gz", "vpcflow/awsdocs_v2-default.log.gz");
        SQSEvent event = receive(queueUrl, 2); // with the test event
        assertThat(event.getRecords()).anySatisfy(m -> assertThat(m.getBody()).contains("\"Records\"").contains("a+b.log.gz"));
        BatchReport report = handler().process(event, FakeContext.withRemaining(300_000));
        assertThat(report.retried()).isEmpty();
        assertThat(report.count(Count.INDEXED)).isEqualTo(1);

        upload("direct-logs", TRAIL + "via eventbridge.json.gz", "cloudtrail/awsdocs_examples_Records.json.gz");
        String eventBridge = """
                {"version":"0","id":"2d4eba74-fd51-3966-4bfa-b013c9da8ff1","detail-type":"Object Created","source":"aws.s3",
                 "account":"123456789012","time":"2021-11-12T00:00:00Z","region":"us-east-1","resources":["arn:aws:s3:::direct-logs"],
                 "detail":{"version":"0","bucket":{"name":"direct-logs"},"object":{"key":"%svia+eventbridge.json.gz","size":1,"etag":"x"},
                 "request-id":"57H08PA84AB1JZW0","requester":"123456789012","source-ip-address":"192.0.2.1","reason":"PutObject"}}"""
                .formatted(TRAIL);
        BatchReport bridged = handler().process(event(eventBridge), FakeContext.withRemaining(300_000));
        assertThat(bridged.count(Count.INDEXED)).isEqualTo(1);
        assertThat(bridged.count(Count.RECORDS)).isPositive();
    }

    @Test
    void garbageIsDroppedWithAJsonLogLineAndMissingObjectsAreNotRetried() throws Exception {
        String queueUrl = bucketNotifyingSqs("logs");
        upload("logs", FLOWS + "kept.log.gz", "vpcflow/awsdocs_v2-default.log.gz");
        upload("logs", FLOWS + "deleted.log.gz", "vpcflow/flowlogs-reader_v2-default.log.gz");
        SQSEvent received = receive(queueUrl, 3);
        s3.deleteObject(r -> r.bucket("logs").key(FLOWS + "deleted.log.gz"));
        List<SQSEvent.SQSMessage> records = new ArrayList<>(received.getRecords());
        records.addAll(event("this is not an S3 event", "{\"Records\": \"nope\"}").getRecords());
        SQSEvent event = new SQSEvent();
        event.setRecords(records);

        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(IndexerHandler.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        BatchReport report;
        try {
            report = handler().process(event, FakeContext.withRemaining(300_000));
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(report.retried()).isEmpty();
        assertThat(report.count(Count.INDEXED)).isEqualTo(1);
        assertThat(report.count(Count.MISSING)).isEqualTo(1);
        assertThat(report.count(Count.DROPPED_MESSAGES)).isEqualTo(2);

        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(logger.getLoggerContext());
        encoder.setWithSequenceNumber(false);
        encoder.setWithArguments(false);
        encoder.start();
        List<JsonNode> dropped = new ArrayList<>();
        for (ILoggingEvent logged : appender.list) {
            String line = new String(encoder.encode(logged), StandardCharsets.UTF_8);
            assertThat(line.strip()).doesNotContain("\n");
            JsonNode json = new ObjectMapper().readTree(line);
            if (line.contains("message_dropped")) {
                dropped.add(json);
            }
        }
        assertThat(dropped).hasSize(2);
        assertThat(dropped.get(0).toString()).contains("hand-made-1", "The message body is not JSON");
        assertThat(dropped.get(1).toString()).contains("hand-made-2", "Not an S3 object notification");
    }

    @Test
    void unreachableS3FailsOnlyTheMessagesWithObjectsAndTimeRunningOutDefersTheRest() throws Exception {
        String queueUrl = bucketNotifyingSqs("logs");
        upload("logs", FLOWS + "one.log.gz", "vpcflow/awsdocs_v2-default.log.gz");
        upload("logs", FLOWS + "two.log.gz", "vpcflow/flowlogs-reader_v2-default.log.gz");
        SQSEvent event = receive(queueUrl, 3);
        List<String> objectMessages = event.getRecords().stream().filter(m -> m.getBody().contains("ObjectCreated"))
                .map(SQSEvent.SQSMessage::getMessageId).toList();

        // The container started against moto; S3 then became unreachable (a closed port stands in for an outage).
        Map<String, String> env = environment(URI.create("http://127.0.0.1:9"));
        IndexerHandler cutOff = new IndexerHandler(LambdaEnvironment.of(env), Optional.of(CREDENTIALS));
        SQSBatchResponse response = cutOff.handleRequest(event, FakeContext.withRemaining(300_000));
        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactlyInAnyOrderElementsOf(objectMessages);

        // Plenty of time for the first message, then the clock says 10 s are left: below the 60 s margin.
        AtomicInteger calls = new AtomicInteger();
        FakeContext shortOnTime = new FakeContext(() -> calls.getAndIncrement() < 3 ? 300_000 : 10_000);
        BatchReport report = handler().process(event, shortOnTime);
        assertThat(report.count(Count.DEFERRED_MESSAGES)).isEqualTo(report.retried().size()).isPositive();
        assertThat(report.count(Count.INDEXED) + report.retried().size()).isGreaterThanOrEqualTo(2);
        List<S3Object> manifests = s3.listObjectsV2(r -> r.bucket("warehouse").prefix("minerva/objects/")).contents();
        assertThat(manifests).hasSize((int) report.count(Count.INDEXED));
    }
}
