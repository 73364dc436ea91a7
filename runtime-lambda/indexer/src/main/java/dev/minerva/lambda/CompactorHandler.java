package dev.minerva.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.google.inject.Guice;
import com.google.inject.Stage;
import dev.minerva.aws.s3.S3StorageProvider;
import dev.minerva.core.inject.StorageModule;
import dev.minerva.core.warehouse.CompactionReport;
import dev.minerva.core.warehouse.Compactor;
import dev.minerva.core.warehouse.CompactorOptions;
import dev.minerva.core.warehouse.WarehouseStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The compactor Lambda, run by an EventBridge schedule: one compactor pass over the warehouse, stopped between
 * merges when the invocation nears its timeout; the next run carries on. Runs must not overlap: deploy it with a
 * reserved concurrency of one. A failure throws, so the schedule's retry policy and alarms see it.
 */
public final class CompactorHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {
    private static final Logger LOG = LoggerFactory.getLogger(CompactorHandler.class);

    private final WarehouseStorage storage;
    private final CompactorOptions options;
    private final TimeMargin margin;
    private final Clock clock;

    /** Called by Lambda once per container. */
    public CompactorHandler() {
        this(LambdaEnvironment.system(), Optional.empty(), Clock.systemUTC());
    }

    CompactorHandler(LambdaEnvironment environment, Optional<AwsCredentialsProvider> credentials, Clock clock) {
        long started = System.nanoTime();
        String warehouse = environment.warehouse();
        StorageModule module = StorageModule.of(warehouse, S3StorageProvider.of(environment.s3Settings(), credentials));
        this.storage = Guice.createInjector(Stage.PRODUCTION, module).getInstance(WarehouseStorage.class);
        this.options = environment.compactorOptions();
        this.margin = environment.timeMargin();
        this.clock = clock;
        long initMillis = (System.nanoTime() - started) / 1_000_000;
        LOG.atInfo().addKeyValue("event", "compactor_ready").addKeyValue("initMillis", initMillis).addKeyValue("warehouse", warehouse)
                .addKeyValue("lag", options.closedLag().toString()).addKeyValue("grace", options.grace().toString())
                .addKeyValue("targetBytes", options.targetBytes()).addKeyValue("timeMargin", margin.toString())
                .log("Compactor ready in {} ms for {}", initMillis, warehouse);
    }

    /** One bounded compactor pass; the result says what it did and whether it stopped early. */
    @Override
    public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
        long started = System.nanoTime();
        MDC.put("requestId", String.valueOf(context.getAwsRequestId()));
        try {
            Deadline deadline = Deadline.start(context, margin);
            Compactor compactor = new Compactor(new DeadlineStorage(storage, deadline::near), options, clock);
            Map<String, Object> result = new LinkedHashMap<>();
            try {
                CompactionReport report = compactor.run();
                result.put("complete", true);
                result.put("published", report.published().size());
                result.put("deleted", report.deleted().size());
                result.put("purged", report.purged().size());
            } catch (DeadlineStorage.OutOfTime e) {
                // The compactor returns no partial report; the next scheduled run finishes what this one began.
                result.put("complete", false);
            } catch (IOException e) {
                throw new UncheckedIOException("Compacting failed: " + e.getMessage(), e);
            }
            result.put("millis", (System.nanoTime() - started) / 1_000_000);
            LOG.atInfo().addKeyValue("event", "compaction_done").addKeyValue("result", result)
                    .log("Compaction {}: {}", Boolean.TRUE.equals(result.get("complete")) ? "complete" : "stopped before the timeout", result);
            return result;
        } finally {
            MDC.remove("requestId");
        }
    }
}
