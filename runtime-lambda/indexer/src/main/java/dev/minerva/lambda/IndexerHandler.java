package dev.minerva.lambda;

import static java.util.Objects.requireNonNull;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.minerva.core.CoreErrorCode;
import dev.minerva.core.config.SourceRoute;
import dev.minerva.core.config.SourceRoutes;
import dev.minerva.core.index.IndexOutcome;
import dev.minerva.core.index.LogObject;
import dev.minerva.core.index.ObjectIndexer;
import dev.minerva.aws.s3.S3LogObjects;
import dev.minerva.aws.s3.S3StorageProvider;
import dev.minerva.lambda.BatchReport.Count;
import dev.minerva.spi.ErrorCode;
import dev.minerva.spi.ErrorKind;
import dev.minerva.spi.MinervaException;
import dev.minerva.spi.StandardErrorCode;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The indexer Lambda: consumes SQS batches of S3 "object created" notifications (direct, SNS-wrapped or EventBridge),
 * indexes each object by the configured sources, and reports partial batch failures so only the messages a retry
 * could help come back. The injector, format registry and routes are built once per container.
 *
 * <p>Per object: no matching source, an object that no longer exists and user errors (access denied, bad input) are
 * logged and dropped; I/O, throttling and other external failures, and bugs (so the message reaches the dead-letter
 * queue and can be redriven after a fix), fail the message for retry. A malformed message is logged and dropped.
 */
public final class IndexerHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, ColdStartProbe.Invocable {
    private static final Logger LOG = LoggerFactory.getLogger(IndexerHandler.class);

    private final SourceRoutes routes;
    private final ObjectIndexer indexer;
    private final S3LogObjects objects;
    private final TimeMargin margin;
    private final long initMillis;

    /** Called by Lambda once per container: everything reads the environment here, so mistakes fail the init. */
    public IndexerHandler() {
        this(LambdaEnvironment.system(), Optional.empty());
    }

    IndexerHandler(LambdaEnvironment environment, Optional<AwsCredentialsProvider> credentials) {
        long started = System.nanoTime();
        // PRODUCTION builds every singleton now, in the init phase, instead of in the first invocation.
        Injector injector = Guice.createInjector(Stage.PRODUCTION, new LambdaModule(environment, credentials));
        this.routes = injector.getInstance(SourceRoutes.class);
        this.indexer = injector.getInstance(ObjectIndexer.class);
        this.objects = injector.getInstance(S3StorageProvider.class).logObjects();
        this.margin = environment.timeMargin();
        this.initMillis = (System.nanoTime() - started) / 1_000_000;
        LOG.atInfo().addKeyValue("event", "indexer_ready").addKeyValue("initMillis", initMillis)
                .addKeyValue("sources", routes.routes().size()).addKeyValue("config", routes.origin())
                .addKeyValue("warehouse", environment.warehouse()).addKeyValue("timeMargin", margin.toString())
                .log("Indexer ready in {} ms with {} sources from {}", initMillis, routes.routes().size(), routes.origin());
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        BatchReport report = process(event, context);
        List<SQSBatchResponse.BatchItemFailure> failures = report.retried().stream()
                .map(id -> SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(id).build())
                .toList();
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    /** Handles a batch and returns what it did; the ids to retry are {@link BatchReport#retried()}. */
    BatchReport process(SQSEvent event, Context context) {
        requireNonNull(context, "context is null");
        long started = System.nanoTime();
        MDC.put("requestId", String.valueOf(context.getAwsRequestId()));
        try {
            Deadline deadline = Deadline.start(context, margin);
            BatchReport report = new BatchReport();
            List<SQSEvent.SQSMessage> messages = event == null || event.getRecords() == null ? List.of() : event.getRecords();
            for (SQSEvent.SQSMessage message : messages) {
                report.increment(Count.MESSAGES);
                if (deadline.near()) {
                    // Not started: back to the queue untouched, for the next invocation.
                    report.increment(Count.DEFERRED_MESSAGES);
                    report.retry(message.getMessageId());
                } else if (!processMessage(message, deadline, report)) {
                    report.retry(message.getMessageId());
                }
            }
            var line = LOG.atInfo().addKeyValue("event", "batch_done");
            for (var count : report.counts().entrySet()) {
                line = line.addKeyValue(count.getKey(), count.getValue());
            }
            line.addKeyValue("retried", report.retried().size()).addKeyValue("millis", (System.nanoTime() - started) / 1_000_000)
                    .log("Batch of {} messages: {} objects indexed, {} unchanged, {} messages to retry",
                            report.count(Count.MESSAGES), report.count(Count.INDEXED), report.count(Count.UNCHANGED), report.retried().size());
            return report;
        } finally {
            MDC.remove("requestId");
        }
    }

    /** Returns false when the message should come back: an object failed in a way a retry may fix, or time ran out. */
    private boolean processMessage(SQSEvent.SQSMessage message, Deadline deadline, BatchReport report) {
        String messageId = message.getMessageId();
        ObjectNotification notification;
        try {
            notification = ObjectNotificationParser.parse(message.getBody());
        } catch (MinervaException e) {
            report.increment(Count.DROPPED_MESSAGES);
            LOG.atWarn().addKeyValue("event", "message_dropped").addKeyValue("messageId", messageId)
                    .addKeyValue("reason", e.getMessage()).log("Dropped message {}: {}", messageId, e.getMessage());
            return true;
        }
        for (String reason : notification.ignored()) {
            report.increment(Count.IGNORED);
            LOG.atInfo().addKeyValue("event", "record_ignored").addKeyValue("messageId", messageId)
                    .addKeyValue("shape", notification.shape()).addKeyValue("reason", reason).log("Ignored {}", reason);
        }
        for (String reason : notification.malformed()) {
            report.increment(Count.DROPPED_OBJECTS);
            LOG.atWarn().addKeyValue("event", "record_dropped").addKeyValue("messageId", messageId)
                    .addKeyValue("shape", notification.shape()).addKeyValue("reason", reason).log("Dropped {}", reason);
        }
        boolean complete = true;
        for (CreatedObject created : notification.objects()) {
            if (deadline.near()) {
                // Objects done so far are committed; the retry finds them unchanged and does the rest.
                report.increment(Count.DEFERRED_MESSAGES);
                return false;
            }
            report.increment(Count.OBJECTS);
            complete &= indexObject(created, messageId, report);
        }
        return complete;
    }

    /** Indexes one object; returns false when a retry could succeed where this attempt failed. */
    private boolean indexObject(CreatedObject created, String messageId, BatchReport report) {
        String location = created.location().toString();
        Optional<SourceRoute> route = routes.route(location);
        if (route.isEmpty()) {
            report.increment(Count.NO_SOURCE);
            LOG.atInfo().addKeyValue("event", "no_source").addKeyValue("messageId", messageId).addKeyValue("object", location)
                    .log("No source in {} matches {}; not indexed", routes.origin(), location);
            return true;
        }
        try {
            Optional<LogObject> object = objects.describe(created.location());
            if (object.isEmpty()) {
                return missing(location, messageId, report);
            }
            IndexOutcome outcome = indexer.index(object.get(), route.get(), objects, false);
            report.increment(outcome.status() == IndexOutcome.Status.UNCHANGED ? Count.UNCHANGED : Count.INDEXED);
            report.add(Count.RECORDS, outcome.records());
            report.add(Count.REJECTIONS, outcome.rejections());
            report.add(Count.BYTES_IN, outcome.bytesIn());
            report.add(Count.BYTES_WRITTEN, outcome.bytesWritten());
            LOG.atInfo().addKeyValue("event", "object_" + outcome.status().name().toLowerCase(java.util.Locale.ROOT))
                    .addKeyValue("messageId", messageId).addKeyValue("object", location).addKeyValue("version", object.get().version())
                    .addKeyValue("source", route.get().name()).addKeyValue("records", outcome.records())
                    .addKeyValue("rejections", outcome.rejections()).addKeyValue("bytesIn", outcome.bytesIn())
                    .log("{} {}: {}", outcome.status(), location, outcome.detail());
            return true;
        } catch (NoSuchFileException e) {
            // Deleted between the HEAD and the GET.
            return missing(location, messageId, report);
        } catch (IOException e) {
            return failed(location, messageId, report, CoreErrorCode.STORAGE_FAILED.toErrorCode(), "I/O failure: " + e, e);
        } catch (MinervaException e) {
            return failed(location, messageId, report, e.errorCode(), e.getMessage(), e);
        } catch (RuntimeException e) {
            return failed(location, messageId, report, StandardErrorCode.INTERNAL_ERROR.toErrorCode(), e.toString(), e);
        }
    }

    /**
     * A created object that is gone: S3 reads are strongly consistent, so it was deleted (or expired) after the
     * notification, and a retry would find it gone again. A new upload sends a new notification.
     */
    private static boolean missing(String location, String messageId, BatchReport report) {
        report.increment(Count.MISSING);
        LOG.atWarn().addKeyValue("event", "object_missing").addKeyValue("messageId", messageId).addKeyValue("object", location)
                .addKeyValue("reason", "the object no longer exists; a retry cannot bring it back")
                .log("{} no longer exists; dropped", location);
        return true;
    }

    private static boolean failed(String location, String messageId, BatchReport report, ErrorCode code, String reason, Exception e) {
        ErrorKind kind = code.kind();
        boolean retry = kind != ErrorKind.USER_INPUT;
        report.increment(retry ? Count.FAILED_OBJECTS : Count.DROPPED_OBJECTS);
        var line = retry ? LOG.atError() : LOG.atWarn();
        line = line.addKeyValue("event", retry ? "object_failed" : "object_dropped").addKeyValue("messageId", messageId)
                .addKeyValue("object", location).addKeyValue("code", code.name()).addKeyValue("kind", kind.name()).addKeyValue("retry", retry)
                .addKeyValue("reason", reason);
        if (kind == ErrorKind.INTERNAL) {
            line = line.setCause(e);
        }
        line.log("{} {}: {}", retry ? "Failed, will retry," : "Dropped", location, reason);
        return !retry;
    }

    long initMillis() {
        return initMillis;
    }

    /** An empty batch: the whole handler path, no object to read. */
    @Override
    public void invokeForProbe(Context context) {
        SQSEvent empty = new SQSEvent();
        empty.setRecords(List.of());
        handleRequest(empty, context);
    }
}
