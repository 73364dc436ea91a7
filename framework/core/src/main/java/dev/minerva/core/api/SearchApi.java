package dev.minerva.core.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minerva.core.engine.EngineStats;
import dev.minerva.core.query.PageRequest;
import dev.minerva.core.query.SortOrder;
import dev.minerva.core.query.TagPermissions;
import dev.minerva.core.search.LogRow;
import dev.minerva.core.search.LogsPage;
import dev.minerva.core.search.LogsResult;
import dev.minerva.core.search.SearchId;
import dev.minerva.core.search.SearchNotFoundException;
import dev.minerva.core.search.SearchRequest;
import dev.minerva.core.search.SearchState;
import dev.minerva.core.search.SearchStatus;
import dev.minerva.core.search.Searches;
import dev.minerva.core.search.Timeseries;
import dev.minerva.core.terms.TermTokenizer;
import dev.minerva.spi.ErrorCodeSupplier;
import dev.minerva.spi.ErrorKind;
import dev.minerva.core.CoreErrorCode;
import dev.minerva.spi.MinervaException;
import dev.minerva.spi.StandardErrorCode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The search API of the original Minerva ({@code /api/v1/search} and its logs and timeseries) plus our extensions
 * (query strings, failure reasons, cancel), independent of the transport: the local server and the search Lambda
 * both turn their requests into {@link ApiRequest}s.
 *
 * <p>Which tags a caller may see is decided by {@link CallerPermissions}: from its authenticated identity when
 * deployed, from the {@code x-permitted-tags} header only where a trusted proxy sets it. The permission is applied
 * inside the search's query when the search starts, and again when anyone reads it: a search shared with a caller
 * narrower than its starter (a permalink) shows that caller the subset it may see, counts and tags included, in
 * {@code /logs} and {@code /timeseries} alike. Only a caller who may see everything a search covers may cancel it.
 * Every request is audit-logged as one JSON line on the {@code dev.minerva.audit} logger: who, what query, which
 * tags, how many results.
 */
public final class SearchApi {
    /** The path of the search collection; a search is {@code PREFIX/<id>}. */
    public static final String PREFIX = "/api/v1/search";
    /** The header naming the tags the caller may see. */
    public static final String PERMITTED_TAGS = "x-permitted-tags";
    /** The header with the caller's id of a request, logged and echoed; one is made when it is absent. */
    public static final String REQUEST_ID = "x-request-id";

    private static final long DEFAULT_LIMIT = 50;
    /** The longest caller request id kept; longer or unprintable ones are replaced, and the replacement logged. */
    private static final Pattern CALLER_REQUEST_ID = Pattern.compile("[\\x21-\\x7e]{1,200}");
    private static final Logger AUDIT = LoggerFactory.getLogger("dev.minerva.audit");
    private static final Logger LOG = LoggerFactory.getLogger(SearchApi.class);

    private final Searches service;
    private final TermTokenizer tokenizer;
    private final CallerPermissions permissions;
    private final Consumer<String> audit;
    private final FilterLimits filterLimits;
    private final ObjectMapper json = new ObjectMapper();
    private final SearchJson render = new SearchJson(json);

    /** An API whose callers' tags {@code permissions} decides; audit lines go to the audit logger. */
    public SearchApi(Searches service, TermTokenizer tokenizer, CallerPermissions permissions) {
        this(service, tokenizer, permissions, AUDIT::info, FilterLimits.defaults());
    }

    /** Sends audit lines to {@code audit} instead of the audit logger, and bounds jq filters by {@code limits}. */
    SearchApi(Searches service, TermTokenizer tokenizer, CallerPermissions permissions, Consumer<String> audit,
            FilterLimits filterLimits) {
        this.service = requireNonNull(service, "service is null");
        this.tokenizer = requireNonNull(tokenizer, "tokenizer is null");
        this.permissions = requireNonNull(permissions, "permissions is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.filterLimits = requireNonNull(filterLimits, "filterLimits is null");
    }

    /**
     * How much one {@code /logs?query=} may examine: at most {@code maxRecords} records, for at most {@code maxTime};
     * past either the answer counts what was examined and says it is incomplete.
     */
    record FilterLimits(long maxRecords, Duration maxTime, int batch) {
        FilterLimits {
            requireNonNull(maxTime, "maxTime is null");
            if (maxRecords < 1 || batch < 1 || batch > PageRequest.MAX_LIMIT || maxTime.isNegative()) {
                throw new IllegalArgumentException("bad filter limits");
            }
        }

        /** 100,000 records or 10 s (API Gateway gives up after 29 s), read in pages of 10,000. */
        static FilterLimits defaults() {
            return new FilterLimits(100_000, Duration.ofSeconds(10), (int) PageRequest.MAX_LIMIT);
        }
    }

    /** Answers one request; never throws for anything the caller sent, and audit-logs it. */
    public ApiResponse handle(ApiRequest request) {
        requireNonNull(request, "request is null");
        long started = System.nanoTime();
        Audit details = new Audit();
        Handled handled;
        try {
            handled = route(request, details);
        } catch (AccessDeniedException e) {
            handled = error(403, CoreErrorCode.PERMISSION_DENIED, e.getMessage());
        } catch (SearchNotFoundException e) {
            // The search expired between our lookup and the read.
            handled = error(404, e);
        } catch (MinervaException e) {
            if (e.kind() == ErrorKind.USER_INPUT) {
                handled = error(400, e);
            } else {
                LOG.error("{} {} failed (request {})", request.method(), request.path(), requestId(request), e);
                handled = error(500, e);
            }
        } catch (RuntimeException e) {
            LOG.error("{} {} failed (request {})", request.method(), request.path(), requestId(request), e);
            handled = error(500, StandardErrorCode.INTERNAL_ERROR,
                    "Internal error; the server log has the details of request " + requestId(request));
        }
        return finish(request, handled, details, started);
    }

    private ApiResponse finish(ApiRequest request, Handled handled, Audit details, long started) {
        ApiResponse response = handled.response();
        Map<String, String> headers = new LinkedHashMap<>(response.headers());
        headers.put("X-Request-Id", requestId(request));
        audit(request, response.status(), handled.searchId(), details, (System.nanoTime() - started) / 1_000_000);
        return new ApiResponse(response.status(), response.jsonBody(), headers);
    }

    /** The caller's request id when it sent a usable one, else the transport's. */
    private static String requestId(ApiRequest request) {
        return request.header(REQUEST_ID).map(String::strip).filter(id -> CALLER_REQUEST_ID.matcher(id).matches())
                .orElse(request.requestId());
    }

    /**
     * Answers a request the transport refused before the API could see it (a body over the transport's limit, a
     * malformed query string), audit-logged like every other request.
     */
    public ApiResponse refuse(ApiRequest request, int status, String message) {
        requireNonNull(request, "request is null");
        requireNonNull(message, "message is null");
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("not an error status: " + status);
        }
        return finish(request, error(status, CoreErrorCode.REQUEST_REFUSED, message), new Audit(), System.nanoTime());
    }

    /** A response and, for the audit line, the search it concerned (empty text for none). */
    private record Handled(ApiResponse response, String searchId) {
    }

    /** What the audit line says beyond the request: whose tags, which query, how many results. */
    private static final class Audit {
        TagPermissions tags;
        String query;
        String filter;
        Long results;
    }

    private Handled route(ApiRequest request, Audit details) {
        String path = request.path().length() > 1 && request.path().endsWith("/")
                ? request.path().substring(0, request.path().length() - 1) : request.path();
        String method = request.method().toUpperCase(Locale.ROOT);
        if (path.equals(PREFIX)) {
            return method.equals("POST") ? start(request, details) : notAllowed(method, path, "POST");
        }
        String[] parts = path.startsWith(PREFIX + "/") ? path.substring(PREFIX.length() + 1).split("/", -1)
                : new String[0];
        if (parts.length == 1 && !parts[0].isEmpty()) {
            return switch (method) {
                case "GET" -> status(request, parts[0], details);
                case "DELETE" -> cancel(request, parts[0], details);
                default -> notAllowed(method, path, "GET, DELETE");
            };
        }
        if (parts.length == 2 && !parts[0].isEmpty() && (parts[1].equals("logs") || parts[1].equals("timeseries"))) {
            if (!method.equals("GET")) {
                return notAllowed(method, path, "GET");
            }
            return parts[1].equals("logs") ? logs(request, parts[0], details) : timeseries(request, parts[0], details);
        }
        return error(404, CoreErrorCode.NO_ROUTE, "No route " + method + " " + request.path() + "; the API serves " + PREFIX + ", "
                + PREFIX + "/{search_id}, " + PREFIX + "/{search_id}/logs and " + PREFIX + "/{search_id}/timeseries");
    }

    private Handled start(ApiRequest request, Audit details) {
        TagPermissions permitted = caller(request, details);
        SearchSubmission submission = SearchSubmission.parse(request.body(), json, tokenizer);
        details.query = submission.queryText();
        // The searches keep what the caller sent, so that any instance can echo it in the metadata.
        SearchId id = service.start(new SearchRequest(submission.queryText(), submission.from(), submission.to(),
                permitted, render.write(submission.sentQuery()), submission.end()));
        return respond(201, render.created(id.toString()), id.toString());
    }

    private Handled status(ApiRequest request, String idText, Audit details) {
        caller(request, details);
        Optional<SearchStatus> status = find(idText);
        if (status.isEmpty()) {
            return notFound(idText);
        }
        details.query = status.get().request().query();
        return respond(200, render.status(status.get(), sentQuery(status.get())), idText);
    }

    private Handled cancel(ApiRequest request, String idText, Audit details) {
        TagPermissions permitted = caller(request, details);
        Optional<SearchStatus> status = find(idText);
        if (status.isEmpty()) {
            return notFound(idText);
        }
        details.query = status.get().request().query();
        if (!permitted.covers(status.get().request().permissions())) {
            throw new AccessDeniedException("Search " + idText + " covers tags (" + status.get().request().permissions()
                    + ") beyond those permitted to this caller (" + permitted + "); only such a caller may cancel it");
        }
        // Cancelling is asynchronous: the status turns FAILED ("Cancelled") once the running statement stops.
        SearchStatus after = service.cancel(status.get().id());
        return respond(200, render.status(after, sentQuery(after)), idText);
    }

    private Handled logs(ApiRequest request, String idText, Audit details) {
        TagPermissions permitted = caller(request, details);
        Optional<SearchStatus> status = find(idText);
        if (status.isEmpty()) {
            return notFound(idText);
        }
        details.query = status.get().request().query();
        Optional<JqFilter> filter = request.parameter("query").filter(text -> !text.isBlank()).map(JqFilter::compile);
        filter.ifPresent(f -> details.filter = f.toString());
        TreeSet<String> tags = new TreeSet<>();
        for (String value : request.query().getOrDefault("tags", List.of())) {
            for (String tag : value.split(",")) {
                if (!tag.isBlank()) {
                    tags.add(tag.strip());
                }
            }
        }
        Instant begin = time(request, "begin", false);
        Instant end = time(request, "end", true);
        if (!begin.isBefore(end)) {
            throw new MinervaException(CoreErrorCode.INVALID_REQUEST, "begin " + request.parameter("begin").orElse("") + " must not be after end "
                    + request.parameter("end").orElse("") + " (both are included)");
        }
        LogsPage page = new LogsPage(number(request, "limit", DEFAULT_LIMIT), number(request, "offset", 0), tags,
                begin, end, order(request), permitted);
        if (filter.isPresent()) {
            return filteredLogs(status.get().id(), page, filter.get(), idText, details);
        }
        LogsResult result = service.logs(status.get().id(), page);
        details.results = result.subTotal();
        return respond(200, render.logs(result, sentQuery(result.status())), idText);
    }

    /**
     * {@code /logs?query=}: reads the page's hits in batches, in page order, keeps those the filter keeps and counts
     * them ({@code sub_total}), within {@link FilterLimits}; the metadata says how many were examined and whether
     * that was all of them.
     */
    private Handled filteredLogs(SearchId id, LogsPage page, JqFilter filter, String idText, Audit details) {
        long deadline = System.nanoTime() + filterLimits.maxTime().toNanos();
        List<LogRow> shown = new ArrayList<>();
        List<JsonNode> records = new ArrayList<>();
        long examined = 0;
        long kept = 0;
        long failed = 0;
        boolean complete = false;
        LogsResult first = null;
        EngineStats stats = EngineStats.NONE;
        scan:
        while (true) {
            long batch = Math.min(filterLimits.batch(), filterLimits.maxRecords() - examined);
            LogsResult result = service.logs(id, page.withOffset(examined).withLimit(batch));
            stats = stats.plus(result.stats());
            if (first == null) {
                first = result;
            }
            if (result.status().state() != SearchState.SUCCEEDED) {
                complete = true;
                break;
            }
            for (LogRow row : result.logs()) {
                JsonNode record = render.record(row.message());
                examined++;
                switch (filter.apply(record)) {
                    case KEPT -> {
                        kept++;
                        if (kept > page.offset() && shown.size() < page.limit()) {
                            shown.add(row);
                            records.add(record);
                        }
                    }
                    case FAILED -> failed++;
                    default -> { }
                }
                if (System.nanoTime() - deadline > 0) {
                    complete = examined >= result.subTotal();
                    break scan;
                }
            }
            if (result.logs().size() < batch || examined >= result.subTotal()) {
                complete = true;
                break;
            }
            if (examined >= filterLimits.maxRecords()) {
                break;
            }
        }
        LogsResult filtered = new LogsResult(first.status(), shown, first.total(), kept, page, first.tags(), stats);
        details.results = kept;
        ObjectNode body = render.logs(filtered, sentQuery(filtered.status()));
        if (filtered.status().state() == SearchState.SUCCEEDED) {
            ObjectNode metadata = (ObjectNode) body.path("metadata");
            metadata.put("filter_examined", examined);
            metadata.put("filter_errors", failed);
            metadata.put("filter_complete", complete);
        }
        return respond(200, body, idText);
    }

    private Handled timeseries(ApiRequest request, String idText, Audit details) {
        TagPermissions permitted = caller(request, details);
        Optional<SearchStatus> status = find(idText);
        if (status.isEmpty()) {
            return notFound(idText);
        }
        details.query = status.get().request().query();
        Timeseries series = service.timeseries(status.get().id());
        if (status.get().state() != SearchState.SUCCEEDED) {
            // The search may have finished since its status was read; show counts only with the status that has them.
            series = new Timeseries(series.labels(), new TreeMap<>());
        }
        // A reader narrower than the search's starter sees the bins of its own tags only (the original leaked them).
        TreeMap<String, List<Long>> visible = new TreeMap<>();
        series.counts().forEach((tag, counts) -> {
            if (permitted.permits(tag)) {
                visible.put(tag, counts);
            }
        });
        series = new Timeseries(series.labels(), visible);
        details.results = visible.values().stream().flatMap(List::stream).mapToLong(Long::longValue).sum();
        return respond(200, render.timeseries(status.get(), sentQuery(status.get()), series), idText);
    }

    /** The caller's tags; a caller permitted nothing is refused before anything is read. */
    private TagPermissions caller(ApiRequest request, Audit details) {
        TagPermissions permitted = permissions.of(request);
        details.tags = permitted;
        if (permitted.permitsNothing()) {
            throw new AccessDeniedException("No tags are permitted to this caller");
        }
        return permitted;
    }

    /** The search, when it exists: readable by every permitted caller, who sees the part of it it may see. */
    private Optional<SearchStatus> find(String idText) {
        SearchId id;
        try {
            id = SearchId.parse(idText);
        } catch (MinervaException e) {
            return Optional.empty();
        }
        return service.status(id);
    }

    private static SortOrder order(ApiRequest request) {
        String order = request.parameter("order").orElse("oldest").strip().toLowerCase(Locale.ROOT);
        return switch (order) {
            case "oldest", "asc" -> SortOrder.OLDEST_FIRST;
            case "newest", "desc" -> SortOrder.NEWEST_FIRST;
            default -> throw new MinervaException(CoreErrorCode.INVALID_REQUEST, "order '" + request.parameter("order").orElse("")
                    + "' is not an order; use oldest (the default, as in the original) or newest");
        };
    }

    private JsonNode sentQuery(SearchStatus status) {
        String sent = status.request().sentQuery();
        if (!sent.isEmpty()) {
            try {
                return json.readTree(sent);
            } catch (JsonProcessingException e) {
                // Written by this class from a parsed tree; unreadable only if the stored search was damaged.
                LOG.warn("Search {} keeps an unreadable query {}", status.id(), sent);
            }
        }
        return json.getNodeFactory().textNode(status.request().query());
    }

    private static long number(ApiRequest request, String name, long otherwise) {
        Optional<String> value = request.parameter(name);
        if (value.isEmpty()) {
            return otherwise;
        }
        try {
            return Long.parseLong(value.get().strip());
        } catch (NumberFormatException e) {
            throw new MinervaException(CoreErrorCode.INVALID_REQUEST, name + " '" + value.get() + "' is not a whole number");
        }
    }

    /**
     * {@code begin} or {@code end} in unix seconds, a fraction allowed; both are included, so an end becomes the
     * exclusive bound after it (the next second, or the next millisecond when written with a fraction).
     */
    private static Instant time(ApiRequest request, String name, boolean end) {
        Optional<String> value = request.parameter(name).map(String::strip).filter(text -> !text.isEmpty());
        if (value.isEmpty()) {
            return end ? Instant.MAX : Instant.MIN;
        }
        try {
            BigDecimal seconds = new BigDecimal(value.get());
            BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
            Instant instant = Instant.ofEpochSecond(whole.longValueExact(),
                    seconds.subtract(whole).movePointRight(9).intValue());
            if (!end) {
                return instant;
            }
            return value.get().indexOf('.') < 0 ? instant.plusSeconds(1)
                    : instant.truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
        } catch (NumberFormatException | ArithmeticException | DateTimeException e) {
            throw new MinervaException(CoreErrorCode.INVALID_REQUEST, name + " '" + value.get() + "' is not a time in unix seconds, such as "
                    + "1601510400 or 1601510400.5");
        }
    }

    private Handled respond(int status, ObjectNode body, String searchId) {
        return new Handled(ApiResponse.json(status, render.write(body), Map.of()), searchId);
    }

    private Handled notFound(String idText) {
        // The same words whether the search never existed or expired.
        return error(404, CoreErrorCode.SEARCH_NOT_FOUND, "Search result is not found: " + idText);
    }

    private Handled notAllowed(String method, String path, String allowed) {
        return new Handled(ApiResponse.json(405, render.write(render.error("Method " + method + " is not allowed on "
                + path + "; use " + allowed, CoreErrorCode.METHOD_NOT_ALLOWED.toErrorCode(), Optional.empty())),
                Map.of("Allow", allowed)), "");
    }

    private Handled error(int status, ErrorCodeSupplier code, String message) {
        return new Handled(ApiResponse.json(status, render.write(render.error(message, code.toErrorCode(),
                Optional.empty())), Map.of()), "");
    }

    private Handled error(int status, MinervaException e) {
        return new Handled(ApiResponse.json(status, render.write(render.error(e.getMessage(), e.errorCode(),
                e.location())), Map.of()), "");
    }

    private void audit(ApiRequest request, int status, String searchId, Audit details, long elapsedMillis) {
        ObjectNode line = json.createObjectNode();
        line.put("method", request.method());
        line.put("path", request.path());
        line.put("status", status);
        line.put("elapsed_ms", elapsedMillis);
        String requestId = requestId(request);
        line.put("request_id", requestId);
        if (!requestId.equals(request.requestId())) {
            line.put("transport_request_id", request.requestId());
        }
        request.header(REQUEST_ID).filter(id -> !id.strip().equals(requestId))
                .ifPresent(unusable -> line.put("refused_request_id", unusable.length() > 200
                        ? unusable.substring(0, 200) + "…" : unusable));
        line.put("caller", request.caller());
        line.put("source_ip", request.sourceIp());
        line.put("user_agent", request.header("User-Agent").orElse(""));
        if (details.tags != null) {
            line.put("permitted_tags", details.tags.toString());
        }
        if (!searchId.isEmpty()) {
            line.put("search_id", searchId);
        }
        if (details.query != null) {
            line.put("query", details.query);
        }
        if (details.filter != null) {
            line.put("filter", details.filter);
        }
        if (details.results != null) {
            line.put("result_count", details.results);
        }
        audit.accept(render.write(line));
    }
}
