package dev.minerva.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.sun.net.httpserver.HttpServer;
import dev.minerva.lambda.BatchReport.Count;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The indexer against an S3 endpoint that refuses the object: access denied (a bucket policy or KMS grant missing)
 * comes back for retry, so it ends in the dead-letter queue, while an object that no longer exists is dropped.
 */
class IndexerHandlerRefusedReadTest {
    private static final String KEY = "AWSLogs/123456789012/vpcflowlogs/us-east-1/2019/12/01/flows.log.gz";

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** An S3 endpoint answering every request with {@code status} and an S3 error document. */
    private String s3Answering(int status, String code) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>refused</Message>"
                    + "<RequestId>1</RequestId></Error>").getBytes(StandardCharsets.UTF_8);
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/xml");
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(status, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static IndexerHandler handler(String endpoint) {
        LambdaEnvironment environment = LambdaEnvironment.of(Map.of("MINERVA_WAREHOUSE", "s3://warehouse/minerva/",
                "MINERVA_S3_ENDPOINT", endpoint, "MINERVA_S3_PATH_STYLE", "true", "AWS_REGION", "us-east-1"));
        return new IndexerHandler(environment, Optional.of(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s"))));
    }

    private static SQSEvent notification() {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId("m-1");
        message.setBody("{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\","
                + "\"s3\":{\"bucket\":{\"name\":\"logs\"},\"object\":{\"key\":\"" + KEY + "\",\"size\":100,\"eTag\":\"abc\"}}}]}");
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        return event;
    }

    @Test
    void anObjectWhoseReadIsDeniedComesBackForRetrySoItReachesTheDeadLetterQueue() throws IOException {
        IndexerHandler handler = handler(s3Answering(403, "AccessDenied"));
        BatchReport report = handler.process(notification(), FakeContext.withRemaining(300_000));
        assertThat(report.retried()).containsExactly("m-1");
        assertThat(report.count(Count.FAILED_OBJECTS)).isOne();
        assertThat(report.count(Count.DROPPED_OBJECTS)).isZero();
        SQSBatchResponse response = handler.handleRequest(notification(), FakeContext.withRemaining(300_000));
        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier).containsExactly("m-1");
    }

    @Test
    void aKmsKeyTheRoleMayNotUseIsRetriedLikeAnyDenial() throws IOException {
        IndexerHandler handler = handler(s3Answering(403, "KMS.AccessDeniedException"));
        assertThat(handler.process(notification(), FakeContext.withRemaining(300_000)).retried()).containsExactly("m-1");
    }

    @Test
    void anObjectThatNoLongerExistsIsALoggedDrop() throws IOException {
        IndexerHandler handler = handler(s3Answering(404, "NoSuchKey"));
        BatchReport report = handler.process(notification(), FakeContext.withRemaining(300_000));
        assertThat(report.retried()).isEmpty();
        assertThat(report.count(Count.MISSING)).isOne();
        assertThat(requests.get()).isPositive();
    }
}
