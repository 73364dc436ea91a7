package dev.minerva.core.api;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP request as any transport (the local server, an API Gateway event) hands it to {@link SearchApi}.
 *
 * @param path the decoded path without the query string, such as {@code /api/v1/search/<id>/logs}
 * @param query decoded query parameters, each with its values in order
 * @param headers request headers; looked up without regard to case, as HTTP header names are
 * @param body the request body, empty when there is none
 * @param sourceIp the caller's address, for the audit log
 * @param requestId the transport's id of this request, for the audit log and the response when the caller sent none
 * @param caller who the transport authenticated: an IAM ARN, {@code api-key:<key id>}, or empty for no one
 */
public record ApiRequest(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
        String body, String sourceIp, String requestId, String caller) {
    public ApiRequest {
        requireNonNull(method, "method is null");
        requireNonNull(path, "path is null");
        Map<String, List<String>> queryCopy = new LinkedHashMap<>();
        requireNonNull(query, "query is null").forEach((name, values) -> queryCopy.put(
                requireNonNull(name, "query parameter name is null"), List.copyOf(values)));
        query = Collections.unmodifiableMap(queryCopy);
        TreeMap<String, String> headerCopy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        requireNonNull(headers, "headers is null").forEach((name, value) -> headerCopy.put(
                requireNonNull(name, "header name is null"), requireNonNull(value, "header value is null")));
        headers = Collections.unmodifiableSortedMap(headerCopy);
        requireNonNull(body, "body is null");
        requireNonNull(sourceIp, "sourceIp is null");
        requireNonNull(requestId, "requestId is null");
        requireNonNull(caller, "caller is null");
    }

    /** A request from a caller the transport did not authenticate. */
    public ApiRequest(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
            String body, String sourceIp, String requestId) {
        this(method, path, query, headers, body, sourceIp, requestId, "");
    }

    /** The header's value, whatever the case of its name. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(requireNonNull(name, "name is null")));
    }

    /** The first value of a query parameter. */
    public Optional<String> parameter(String name) {
        List<String> values = query.get(requireNonNull(name, "name is null"));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
