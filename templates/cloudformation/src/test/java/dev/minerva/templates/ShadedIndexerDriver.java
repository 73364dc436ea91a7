package dev.minerva.templates;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.minerva.lambda.CompactorHandler;
import dev.minerva.lambda.IndexerHandler;
import dev.minerva.lambda.LocalContext;
import java.util.List;
import java.util.Map;

/**
 * Runs inside a JVM whose class path is the shaded indexer JAR (plus this class): builds both handlers as Lambda's
 * runtime does, from the process environment, indexes the one object named by {@code args[0]}/{@code args[1]}
 * (bucket, key) through a direct S3-to-SQS notification, then runs one compactor pass. Prints
 * {@code DRIVER_RESULT failures=N compactor=...}; exit status 0 when the indexer reported no failure.
 */
public final class ShadedIndexerDriver {
    private ShadedIndexerDriver() {}

    public static void main(String[] args) {
        String body = "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\","
                + "\"s3\":{\"bucket\":{\"name\":\"" + args[0] + "\"},\"object\":{\"key\":\"" + args[1] + "\"}}}]}";
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId("shaded-driver-1");
        message.setBody(body);
        message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        LocalContext context = new LocalContext("minerva-shaded-driver", () -> 900_000, System.err);
        SQSBatchResponse response = new IndexerHandler().handleRequest(event, context);
        Map<String, Object> compacted = new CompactorHandler().handleRequest(new ScheduledEvent(), context);
        System.out.println("DRIVER_RESULT failures=" + response.getBatchItemFailures().size() + " compactor=" + compacted);
        System.exit(response.getBatchItemFailures().isEmpty() ? 0 : 1);
    }
}
