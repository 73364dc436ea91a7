package dev.minerva.core.api;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One HTTP response of {@link SearchApi}: a status, a JSON body and the headers to send with it. */
public record ApiResponse(int status, String jsonBody, Map<String, String> headers) {
    /** The content type of every body the API returns. */
    public static final String JSON_CONTENT_TYPE = "application/json; charset=utf-8";

    public ApiResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        requireNonNull(jsonBody, "jsonBody is null");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(headers, "headers is null")));
    }

    /** A JSON response with the JSON content type and these extra headers. */
    static ApiResponse json(int status, String body, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", JSON_CONTENT_TYPE);
        // Search results are per caller and change while a search runs; no cache may keep them.
        headers.put("Cache-Control", "no-store");
        headers.putAll(extraHeaders);
        return new ApiResponse(status, body, headers);
    }
}
