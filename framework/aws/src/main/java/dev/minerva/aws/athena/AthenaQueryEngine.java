package dev.minerva.aws.athena;

import static java.util.Objects.requireNonNull;

import dev.minerva.aws.s3.S3Location;
import dev.minerva.core.CoreErrorCode;
import dev.minerva.core.engine.EngineStats;
import dev.minerva.core.engine.QueryCancellation;
import dev.minerva.core.engine.QueryEngine;
import dev.minerva.core.engine.ResultRow;
import dev.minerva.core.engine.RowSink;
import dev.minerva.core.query.BoundQuery;
import dev.minerva.spi.ErrorKind;
import dev.minerva.spi.MinervaException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.ColumnInfo;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.InvalidRequestException;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionStatistics;
import software.amazon.awssdk.services.athena.model.QueryExecutionStatus;
import software.amazon.awssdk.services.athena.model.Row;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;

/**
 * Amazon Athena (engine v3, the Trino dialect of {@link dev.minerva.core.query.TrinoDialect}) over the Glue tables
 * of the warehouse.
 *
 * <p>Values never enter the SQL text: each {@code ?} gets one ExecutionParameter. Athena substitutes a parameter
 * into the statement as a SQL literal, so the parameter is written as that literal: a String as {@code 'text'} with
 * every {@code '} doubled (Trino string literals have no other escape), a Long as its decimal digits. A bare string
 * would be read as an identifier or expression, and a double-quoted one as an identifier. Statements without
 * parameters send none (Athena rejects an empty list).
 *
 * <p>An execution is started with StartQueryExecution in the configured workgroup, with the configured result
 * location, then polled with GetQueryExecution, waiting {@link AthenaSettings#firstPoll()} at first and twice as
 * long after each poll up to {@link AthenaSettings#maxPoll()}. Rows come from GetQueryResults, page by page: the
 * first row of a SELECT's result is its header and is skipped; values are typed by the result metadata. Cancelling
 * calls StopQueryExecution. Athena reports bytes scanned ({@code DataScannedInBytes}), not files or row groups.
 */
public final class AthenaQueryEngine implements QueryEngine {
    private static final Pattern TABLE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,127}");
    // Athena prints timestamp(3) as 2020-10-01 00:10:00.000; other precisions print more or fewer digits.
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss").optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd().toFormatter(Locale.ROOT);

    private final AthenaClient athena;
    private final AthenaSettings settings;

    /** Uses {@code athena} (the caller closes it, or {@link #close()} does). */
    public AthenaQueryEngine(AthenaClient athena, AthenaSettings settings) {
        this.athena = requireNonNull(athena, "athena is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    /** A client for the settings' region and endpoint, with the SDK's default credentials and standard retries. */
    public static AthenaClient client(AthenaSettings settings) {
        requireNonNull(settings, "settings is null");
        var builder = AthenaClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                // Standard mode retries throttling (GetQueryExecution polls count against a per-account rate).
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD));
        settings.region().map(Region::of).ifPresent(builder::region);
        settings.endpoint().ifPresent(builder::endpointOverride);
        try {
            return builder.build();
        } catch (SdkException e) {
            throw new MinervaException(ErrorKind.USER_INPUT, "Cannot configure the Athena client (" + settings
                    + "): " + e.getMessage() + ". Set " + AthenaSettings.REGION_VARIABLE, e);
        }
    }

    public AthenaSettings settings() {
        return settings;
    }

    @Override
    public EngineStats execute(BoundQuery query, RowSink sink, QueryCancellation cancellation) {
        requireNonNull(query, "query is null");
        requireNonNull(sink, "sink is null");
        requireNonNull(cancellation, "cancellation is null");
        cancellation.throwIfCancelled();
        AthenaExecution done = awaitSuccess(start(query.sql(), query.parameters()), cancellation);
        results(done.id(), sink);
        return done.stats();
    }

    /**
     * CTAS into the configured database: {@code CREATE TABLE db.name WITH (format = 'PARQUET', external_location =
     * '<output>tables/<name>/<random>/') AS <query>}. An existing table of that name is dropped first; its files stay
     * until the result bucket's lifecycle rule deletes them (CTAS needs an empty location, hence the random folder).
     */
    @Override
    public EngineStats createTable(String name, BoundQuery query, QueryCancellation cancellation) {
        requireNonNull(query, "query is null");
        requireNonNull(cancellation, "cancellation is null");
        String table = qualified(name);
        dropTable(name);
        S3Location location = settings.output().resolve("tables/" + name + "/" + UUID.randomUUID() + "/");
        String sql = "CREATE TABLE " + table + " WITH (format = 'PARQUET', write_compression = 'ZSTD', "
                + "external_location = " + literal(location.toString()) + ") AS " + query.sql();
        cancellation.throwIfCancelled();
        return awaitSuccess(start(sql, query.parameters()), cancellation).stats();
    }

    /** {@code DROP TABLE IF EXISTS}: the Glue table only; its files are left to the bucket's lifecycle rule. */
    @Override
    public void dropTable(String name) {
        // Hive DDL: back-quoted identifiers.
        String sql = "DROP TABLE IF EXISTS `" + settings.database() + "`.`" + checkTableName(name) + "`";
        AthenaExecution done = await(start(sql, List.of()), new QueryCancellation());
        if (done.state() != AthenaState.SUCCEEDED) {
            throw new MinervaException(CoreErrorCode.QUERY_ENGINE_FAILED, "Cannot drop Athena table " + name + ": " + done.reason());
        }
    }

    /**
     * Starts {@code UNLOAD (<query>) TO '<location>' WITH (format = 'PARQUET', compression = 'ZSTD')} and returns
     * at once with the execution id: the rows become Parquet files under {@code location} (which must be empty)
     * and no catalog entry is made.
     */
    public String startUnload(BoundQuery query, S3Location location) {
        requireNonNull(query, "query is null");
        requireNonNull(location, "location is null");
        String sql = "UNLOAD (" + query.sql() + ") TO " + literal(location.asPrefix().toString())
                + " WITH (format = 'PARQUET', compression = 'ZSTD')";
        return start(sql, query.parameters());
    }

    /** Starts {@code query} and returns at once with the execution id. */
    public String start(BoundQuery query) {
        requireNonNull(query, "query is null");
        return start(query.sql(), query.parameters());
    }

    /** The execution as Athena reports it now. */
    public AthenaExecution execution(String executionId) {
        requireNonNull(executionId, "executionId is null");
        QueryExecution execution;
        try {
            execution = athena.getQueryExecution(r -> r.queryExecutionId(executionId)).queryExecution();
        } catch (InvalidRequestException e) {
            throw new MinervaException(ErrorKind.USER_INPUT, "No Athena query execution " + executionId + ": "
                    + e.awsErrorDetails().errorMessage(), e);
        } catch (SdkException e) {
            throw failure("GetQueryExecution " + executionId, e);
        }
        QueryExecutionStatus status = execution.status();
        AthenaState state = AthenaState.of(status.stateAsString());
        Instant submitted = status.submissionDateTime() != null ? status.submissionDateTime() : Instant.EPOCH;
        Instant completed = status.completionDateTime() != null ? status.completionDateTime() : submitted;
        String reason = status.stateChangeReason() != null ? status.stateChangeReason() : "";
        if (state == AthenaState.CANCELLED && reason.isEmpty()) {
            reason = "Cancelled";
        }
        return new AthenaExecution(execution.queryExecutionId(), state, reason, submitted, completed,
                stats(execution.statistics()), execution.query() == null ? "" : execution.query(),
                execution.executionParameters());
    }

    /** Polls with back-off until the execution ends; cancelling stops it and throws CancellationException. */
    public AthenaExecution await(String executionId, QueryCancellation cancellation) {
        requireNonNull(cancellation, "cancellation is null");
        try {
            cancellation.onCancel(() -> stop(executionId));
        } catch (CancellationException e) {
            stop(executionId);
            throw e;
        }
        try {
            Duration wait = settings.firstPoll();
            while (true) {
                AthenaExecution execution = execution(executionId);
                if (execution.state() == AthenaState.CANCELLED && cancellation.isCancelled()) {
                    throw new CancellationException("Query cancelled");
                }
                if (execution.state().isDone()) {
                    return execution;
                }
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stop(executionId);
                    throw new CancellationException("Interrupted while waiting for Athena query " + executionId);
                }
                wait = wait.multipliedBy(2).compareTo(settings.maxPoll()) > 0 ? settings.maxPoll()
                        : wait.multipliedBy(2);
            }
        } finally {
            cancellation.clear();
        }
    }

    /** Waits for a query and throws unless it SUCCEEDED. */
    private AthenaExecution awaitSuccess(String executionId, QueryCancellation cancellation) {
        AthenaExecution done = await(executionId, cancellation);
        if (done.state() == AthenaState.CANCELLED) {
            throw new CancellationException("Athena query " + executionId + " was cancelled");
        }
        if (done.state() != AthenaState.SUCCEEDED) {
            throw new MinervaException(CoreErrorCode.QUERY_ENGINE_FAILED, "Athena query " + executionId + " failed: "
                    + done.reason());
        }
        return done;
    }

    /** StopQueryExecution; stopping a finished execution does nothing. */
    public void stop(String executionId) {
        requireNonNull(executionId, "executionId is null");
        try {
            athena.stopQueryExecution(r -> r.queryExecutionId(executionId));
        } catch (SdkException e) {
            throw failure("StopQueryExecution " + executionId, e);
        }
    }

    /** Pushes the rows of a SUCCEEDED execution to {@code sink}, page by page, without the header row. */
    public void results(String executionId, RowSink sink) {
        requireNonNull(executionId, "executionId is null");
        requireNonNull(sink, "sink is null");
        String token = null;
        boolean first = true;
        do {
            String pageToken = token;
            GetQueryResultsResponse page;
            try {
                page = athena.getQueryResults(r -> r.queryExecutionId(executionId)
                        .maxResults(settings.pageSize()).nextToken(pageToken));
            } catch (SdkException e) {
                throw failure("GetQueryResults " + executionId, e);
            }
            List<ColumnInfo> columns = page.resultSet().resultSetMetadata() == null ? List.of()
                    : page.resultSet().resultSetMetadata().columnInfo();
            List<Row> rows = page.resultSet().rows();
            for (int i = 0; i < rows.size(); i++) {
                if (first && i == 0 && isHeader(rows.get(0), columns)) {
                    continue;
                }
                sink.accept(typed(rows.get(i), columns));
            }
            first = false;
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
    }

    @Override
    public void close() {
        athena.close();
    }

    /** Each value as the ExecutionParameter Athena substitutes as a literal (see the class comment). */
    public static List<String> executionParameters(List<Object> parameters) {
        List<String> encoded = new ArrayList<>(parameters.size());
        for (Object parameter : parameters) {
            if (parameter instanceof Long number) {
                encoded.add(number.toString());
            } else if (parameter instanceof String text) {
                encoded.add(literal(text));
            } else {
                throw new IllegalArgumentException("parameters must be String or Long, got " + parameter);
            }
        }
        return List.copyOf(encoded);
    }

    private String start(String sql, List<Object> parameters) {
        StartQueryExecutionRequest.Builder request = StartQueryExecutionRequest.builder()
                .queryString(sql)
                .workGroup(settings.workgroup())
                .queryExecutionContext(c -> c.catalog(settings.catalog()).database(settings.database()))
                .resultConfiguration(r -> r.outputLocation(settings.output().toString()));
        if (!parameters.isEmpty()) {
            request.executionParameters(executionParameters(parameters));
        }
        try {
            return athena.startQueryExecution(request.build()).queryExecutionId();
        } catch (InvalidRequestException e) {
            // Athena refuses statements it cannot parse here; ours are generated, so that is our bug.
            throw new MinervaException(ErrorKind.INTERNAL, "Athena refused the query: "
                    + e.awsErrorDetails().errorMessage(), e);
        } catch (SdkException e) {
            throw failure("StartQueryExecution", e);
        }
    }

    private static boolean isHeader(Row row, List<ColumnInfo> columns) {
        if (columns.isEmpty() || row.data().size() != columns.size()) {
            return false;
        }
        for (int c = 0; c < columns.size(); c++) {
            if (!String.valueOf(columns.get(c).name()).equals(row.data().get(c).varCharValue())) {
                return false;
            }
        }
        return true;
    }

    /** Values typed by the column's Athena type: text as String, integers as Long, timestamps as UTC Instants. */
    static ResultRow typed(Row row, List<ColumnInfo> columns) {
        List<Object> values = new ArrayList<>(row.data().size());
        for (int c = 0; c < row.data().size(); c++) {
            Datum datum = row.data().get(c);
            String type = c < columns.size() && columns.get(c).type() != null
                    ? columns.get(c).type().toLowerCase(Locale.ROOT) : "varchar";
            values.add(datum.varCharValue() == null ? null : value(datum.varCharValue(), type));
        }
        return new ResultRow(values);
    }

    private static Object value(String text, String type) {
        try {
            if (type.equals("bigint") || type.equals("integer") || type.equals("int") || type.equals("smallint")
                    || type.equals("tinyint")) {
                return Long.parseLong(text);
            }
            if (type.startsWith("timestamp")) {
                // Warehouse timestamps are zone-less UTC wall-clock time; a "with time zone" value ends in its zone.
                int zone = text.indexOf(' ', "uuuu-MM-dd HH:mm:ss".length());
                String local = zone < 0 ? text : text.substring(0, zone);
                return LocalDateTime.parse(local, TIMESTAMP).toInstant(ZoneOffset.UTC);
            }
            if (type.equals("double") || type.equals("float") || type.equals("real")) {
                return Double.parseDouble(text);
            }
            if (type.equals("boolean")) {
                return Boolean.parseBoolean(text);
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new MinervaException(CoreErrorCode.QUERY_ENGINE_FAILED, "Athena returned '" + text + "' for a " + type
                    + " column", e);
        }
        return text;
    }

    private static EngineStats stats(QueryExecutionStatistics statistics) {
        if (statistics == null) {
            return EngineStats.NONE;
        }
        long bytes = statistics.dataScannedInBytes() == null ? 0 : statistics.dataScannedInBytes();
        Long millis = statistics.totalExecutionTimeInMillis() != null ? statistics.totalExecutionTimeInMillis()
                : statistics.engineExecutionTimeInMillis();
        return new EngineStats(Duration.ofMillis(millis == null ? 0 : millis), 0, bytes, 0, 0);
    }

    private String qualified(String name) {
        return '"' + settings.database() + "\".\"" + checkTableName(name) + '"';
    }

    /** A Trino string literal. */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String checkTableName(String name) {
        requireNonNull(name, "name is null");
        if (!TABLE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a plain lower-case table name: " + name);
        }
        return name;
    }

    private static MinervaException failure(String call, SdkException e) {
        return new MinervaException(CoreErrorCode.QUERY_ENGINE_FAILED, "Athena " + call + " failed: " + e.getMessage(), e);
    }
}
