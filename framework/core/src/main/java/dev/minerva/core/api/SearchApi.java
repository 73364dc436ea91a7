package dev.minerva.core.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minerva.core.CoreErrorCode;
import dev.minerva.core.query.SortOrder;
import dev.minerva.core.query.TagPermissions;
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
import dev.minerva.spi.MinervaException;
import dev.minerva.spi.StandardErrorCode;
import jakarta.inject.Inject;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The search API of the original Minerva ({@code /api/v1/search} and its logs and timeseries) plus our extensions
 * (query strings, failure reasons, cancel), independent of the transport: the local server and the search Lambda
 * both turn their requests into {@link ApiRequest}s.
 *
 * <p>The {@code x-permitted-tags} header ({@code t1,t2}; absent, empty or {@code *} for every tag) is the trust
 * boundary: whoever fronts the API sets it. It is applied inside the search's query when the search starts, and a
 * search is visible afterwards only to callers whose permitted tags cover the ones it started with; to others it
 * does not exist (404), so neither its hits nor its existence leak. Every request is audit-logged as one JSON line on
 * the {@code dev.minerva.audit} logger.
 */
public final class SearchApi {
    /** The path of the search collection; a search is {@code PREFIX/<id>}. */
    public static final String PREFIX = "/api/v1/search";
    /** The header naming the tags the caller may see. */
    public static final String PERMITTED_TAGS = "x-permitted-tags";

    private static final long DEFAULT_LIMIT = 50;
    private static final Logger AUDIT = LoggerFactory.getLogger("dev.minerva.audit");
    private static final Logger LOG = LoggerFactory.getLogger(SearchApi.class);

    private final Searches service;
    private final TermTokenizer tokenizer;
    private final Consumer<String> audit;
    private final ObjectMapper json = new ObjectMapper();
    private final SearchJson render = new SearchJson(json);

    @Inject
    public SearchApi(Searches service, TermTokenizer tokenizer) {
        this(service, tokenizer, AUDIT::info);
    }

    /** Sends audit lines to {@code audit} instead of the audit logger. */
    SearchApi(Searches service, TermTokenizer tokenizer, Consumer<String> audit) {
        this.service = requireNonNull(service, "service is null");
        this.tokenizer = requireNonNull(tokenizer, "tokenizer is null");
        this.audit = requireNonNull(audit, "audit is null");
    }

    /** Answers one request; never throws for anything the caller sent, and audit-logs it. */
    public ApiResponse handle(ApiRequest request) {
        requireNonNull(request, "request is null");
        long started = System.nanoTime();
        Handled handled;
        try {
            handled = route(request);
        } catch (SearchNotFoundException e) {
            // The search expired between our lookup and the read.
            handled = error(404, e);
        } catch (MinervaException e) {
            if (e.kind() == ErrorKind.USER_INPUT) {
                handled = error(400, e);
            } else {
                LOG.error("{} {} failed (request {})", request.method(), request.path(), request.requestId(), e);
                handled = error(500, e);
            }
        } catch (RuntimeException e) {
            LOG.error("{} {} failed (request {})", request.method(), request.path(), request.requestId(), e);
            handled = error(500, StandardErrorCode.INTERNAL_ERROR,
                    "Internal error; the server log has the details of request " + request.requestId());
        }
        return finish(request, handled, started);
    }

    private ApiResponse finish(ApiRequest request, Handled handled, long started) {
        ApiResponse response = handled.response();
        Map<String, String> headers = new LinkedHashMap<>(response.headers());
        headers.put("X-Request-Id", request.requestId());
        audit(request, response.status(), handled.searchId(), (System.nanoTime() - started) / 1_000_000);
        return new ApiResponse(response.status(), response.jsonBody(), headers);
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
        return finish(request, error(status, CoreErrorCode.REQUEST_REFUSED, message), System.nanoTime());
    }

    /** A response and, for the audit line, the search it concerned (empty text for none). */
    private record Handled(ApiResponse response, String searchId) {
    }

    private Handled route(ApiRequest request) {
        String path = request.path().length() > 1 && request.path().endsWith("/")
                ? request.path().substring(0, request.path().length() - 1) : request.path();
        String method = request.method().toUpperCase(Locale.ROOT);
        if (path.equals(PREFIX)) {
            return method.equals("POST") ? start(request) : notAllowed(method, path, "POST");
        }
        String[] parts = path.startsWith(PREFIX + "/") ? path.substring(PREFIX.length() + 1).split("/", -1)
                : new String[0];
        if (parts.length == 1 && !parts[0].isEmpty()) {
            return switch (method) {
                case "GET" -> status(request, parts[0]);
                case "DELETE" -> cancel(request, parts[0]);
                default -> notAllowed(method, path, "GET, DELETE");
            };
        }
        if (parts.length == 2 && !parts[0].isEmpty() && (parts[1].equals("logs") || parts[1].equals("timeseries"))) {
            if (!method.equals("GET")) {
                return notAllowed(method, path, "GET");
            }
            return parts[1].equals("logs") ? logs(request, parts[0]) : timeseries(request, parts[0]);
        }
        return error(404, CoreErrorCode.NO_ROUTE, "No route " + method + " " + request.path() + "; the API serves " + PREFIX + ", "
                + PREFIX + "/{search_id}, " + PREFIX + "/{search_id}/logs and " + PREFIX + "/{search_id}/timeseries");
    }

    private Handled start(ApiRequest request) {
        TagPermissions permissions = permissions(request);
        SearchSubmission submission = SearchSubmission.parse(request.body(), json, tokenizer);
        // The searches keep what the caller sent, so that any instance can echo it in the metadata.
        SearchId id = service.start(new SearchRequest(submission.queryText(), submission.from(), submission.to(),
                permissions, render.write(submission.sentQuery())));
        return respond(201, render.created(id.toString()), id.toString());
    }

    private Handled status(ApiRequest request, String idText) {
        Optional<SearchStatus> status = visible(request, idText);
        if (status.isEmpty()) {
            return notFound(idText);
        }
        return respond(200, render.status(status.get(), sentQuery(status.get())), idText);
    }

    private Handled cancel(ApiRequest request, String idText) {
        Optional<SearchStatus> status = visible(request, idText);
        if (status.isEmpty()) {
            return notFound(idText);
        }
        // Cancelling is asynchronous: the status turns FAILED ("Cancelled") once the running statement stops.
        SearchStatus after = service.cancel(status.get().id());
        return respond(200, render.status(after, sentQuery(after)), idText);
    }

    private Handled logs(ApiRequest request, String idText) {
        Optional<SearchStatus> status = visible(request, idText);
        if (status.isEmpty()) {
            return notFound(idText);
        }
        if (request.parameter("query").isPresent()) {
            // Ignoring it would return more than the caller asked for without saying so.
            throw new MinervaException(CoreErrorCode.INVALID_REQUEST, "The 'query' parameter (a jq filter in the original API) is not "
                    + "supported; narrow the search's own query instead, or filter the page with tags, begin and end");
        }
        TreeSet<String> tags = new TreeSet<>();
        for (String value : request.query().getOrDefault("tags", List.of())) {
            for (String tag : value.split(",")) {
                if (!tag.isBlank()) {
                    tags.add(tag.strip());
                }
            }
        }
        LogsPage page = new LogsPage(number(request, "limit", DEFAULT_LIMIT), number(request, "offset", 0), tags,
                time(request, "begin", Instant.MIN), time(request, "end", Instant.MAX), SortOrder.NEWEST_FIRST);
        LogsResult result = service.logs(status.get().id(), page);
        return respond(200, render.logs(result, sentQuery(result.status())), idText);
    }

    private Handled timeseries(ApiRequest request, String idText) {
        Optional<SearchStatus> status = visible(request, idText);
        if (status.isEmpty()) {
            return notFound(idText);
        }
        Timeseries series = service.timeseries(status.get().id());
        if (status.get().state() != SearchState.SUCCEEDED) {
            // The search may have finished since its status was read; show counts only with the status that has them.
            series = new Timeseries(series.labels(), new TreeMap<>());
        }
        return respond(200, render.timeseries(status.get(), sentQuery(status.get()), series), idText);
    }

    /** The search, when it exists and the caller may see everything it may contain. */
    private Optional<SearchStatus> visible(ApiRequest request, String idText) {
        SearchId id;
        try {
            id = SearchId.parse(idText);
        } catch (MinervaException e) {
            return Optional.empty();
        }
        TagPermissions caller = permissions(request);
        return service.status(id).filter(status -> covers(caller, status.request().permissions()));
    }

    private static boolean covers(TagPermissions caller, TagPermissions search) {
        return caller.unrestricted() || !search.unrestricted() && caller.tags().containsAll(search.tags());
    }

    private static TagPermissions permissions(ApiRequest request) {
        String header = request.header(PERMITTED_TAGS).orElse("").strip();
        TreeSet<String> tags = new TreeSet<>();
        for (String tag : header.split(",")) {
            if (tag.strip().equals("*")) {
                return TagPermissions.all();
            }
            if (!tag.isBlank()) {
                tags.add(tag.strip());
            }
        }
        return tags.isEmpty() ? TagPermissions.all() : TagPermissions.only(tags);
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

    private static Instant time(ApiRequest request, String name, Instant otherwise) {
        if (request.parameter(name).isEmpty()) {
            return otherwise;
        }
        long seconds = number(request, name, 0);
        try {
            return Instant.ofEpochSecond(seconds);
        } catch (DateTimeException e) {
            throw new MinervaException(CoreErrorCode.INVALID_REQUEST, name + " " + seconds + " is out of range for unix seconds");
        }
    }

    private Handled respond(int status, ObjectNode body, String searchId) {
        return new Handled(ApiResponse.json(status, render.write(body), Map.of()), searchId);
    }

    private Handled notFound(String idText) {
        // The same words whether the search never existed, expired or is hidden from this caller.
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

    private void audit(ApiRequest request, int status, String searchId, long elapsedMillis) {
        ObjectNode line = json.createObjectNode();
        line.put("method", request.method());
        line.put("path", request.path());
        line.put("status", status);
        line.put("elapsed_ms", elapsedMillis);
        line.put("request_id", request.requestId());
        line.put("source_ip", request.sourceIp());
        line.put("user_agent", request.header("User-Agent").orElse(""));
        if (!searchId.isEmpty()) {
            line.put("search_id", searchId);
        }
        audit.accept(render.write(line));
    }
}
