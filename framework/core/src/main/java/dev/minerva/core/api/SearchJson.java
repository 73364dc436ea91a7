package dev.minerva.core.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minerva.core.search.LogRow;
import dev.minerva.core.search.LogsResult;
import dev.minerva.core.search.SearchState;
import dev.minerva.core.search.SearchStatus;
import dev.minerva.core.search.Timeseries;
import dev.minerva.spi.ErrorCode;
import dev.minerva.spi.ErrorLocation;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Renders searches in the original API's JSON shapes, with our extensions (the failure {@code reason}). */
final class SearchJson {
    private final ObjectMapper json;

    SearchJson(ObjectMapper json) {
        this.json = requireNonNull(json, "json is null");
    }

    /** {@code {"search_id":…}}, the answer to a started search. */
    ObjectNode created(String searchId) {
        return json.createObjectNode().put("search_id", searchId);
    }

    /** {@code {"search_id":…,"metadata":{…}}}. */
    ObjectNode status(SearchStatus status, JsonNode sentQuery) {
        ObjectNode root = created(status.id().toString());
        root.set("metadata", metadata(status, sentQuery));
        return root;
    }

    /** A page of hits; {@code logs} is null until the search SUCCEEDED, as in the original. */
    ObjectNode logs(LogsResult result, JsonNode sentQuery) {
        ObjectNode root = created(result.status().id().toString());
        if (result.status().state() == SearchState.SUCCEEDED) {
            ArrayNode logs = root.putArray("logs");
            for (LogRow row : result.logs()) {
                logs.addObject().put("tag", row.tag()).put("timestamp", row.timestamp().getEpochSecond())
                        .set("log", record(row.message()));
            }
        } else {
            root.putNull("logs");
        }
        ObjectNode metadata = metadata(result.status(), sentQuery);
        metadata.put("total", result.total());
        metadata.put("sub_total", result.subTotal());
        metadata.put("offset", result.page().offset());
        metadata.put("limit", result.page().limit());
        ArrayNode tags = metadata.putArray("tags");
        result.tags().forEach(tags::add);
        root.set("metadata", metadata);
        return root;
    }

    /**
     * 20 counts per tag and the 20 labels of the bins; the metadata carries the page fields of {@code /logs} as the
     * original's did, counted from the bins: {@code total} and {@code sub_total} the hits shown, {@code offset} and
     * {@code limit} 0, {@code tags} the tags shown.
     */
    ObjectNode timeseries(SearchStatus status, JsonNode sentQuery, Timeseries series) {
        ObjectNode root = created(status.id().toString());
        ObjectNode metadata = metadata(status, sentQuery);
        long total = 0;
        ObjectNode counts = json.createObjectNode();
        for (var entry : series.counts().entrySet()) {
            ArrayNode array = counts.putArray(entry.getKey());
            for (long value : entry.getValue()) {
                array.add(value);
                total += value;
            }
        }
        metadata.put("total", total);
        metadata.put("sub_total", total);
        metadata.put("offset", 0);
        metadata.put("limit", 0);
        ArrayNode tags = metadata.putArray("tags");
        series.counts().keySet().forEach(tags::add);
        root.set("metadata", metadata);
        root.set("timeseries", counts);
        ArrayNode labels = root.putArray("labels");
        series.labels().forEach(labels::add);
        return root;
    }

    /**
     * The body of every error: {@code message} (what the original API sends), {@code code} and {@code kind} (see
     * {@link ErrorCode}), and {@code column} (1-based) when the error is at a column of the query the caller sent.
     */
    ObjectNode error(String message, ErrorCode code, Optional<ErrorLocation> location) {
        ObjectNode body = json.createObjectNode().put("message", message);
        body.put("code", code.name());
        body.put("kind", code.kind().name());
        // Only a position in what the caller sent is theirs to see; a file or object location stays in the log.
        location.filter(at -> at.resourceName().isEmpty()).ifPresent(at -> at.columnNumber()
                .ifPresent(column -> body.put("column", column)));
        return body;
    }

    String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            // A tree of plain nodes always serializes; failing here is a bug.
            throw new IllegalStateException("Cannot write JSON", e);
        }
    }

    private ObjectNode metadata(SearchStatus status, JsonNode sentQuery) {
        ObjectNode metadata = json.createObjectNode();
        metadata.put("status", status.state().name());
        // RFC 3339 with the fraction the clock gave, as Go's time.Time marshals.
        metadata.put("submitted_time", DateTimeFormatter.ISO_INSTANT.format(status.submitted()));
        metadata.put("elapsed_seconds", status.elapsed().toMillis() / 1000.0);
        if (sentQuery.isArray()) {
            metadata.set("query", sentQuery.deepCopy());
        } else {
            // The original client maps over query to refill its box: a query string is one term of it here, and
            // the string itself is in a field of its own.
            metadata.putArray("query").addObject().put("term", sentQuery.asText());
            metadata.put("query_string", sentQuery.asText());
        }
        metadata.put("start_time", status.request().from().getEpochSecond());
        // end_dt as sent (the services' own end is exclusive).
        metadata.put("end_time", status.request().end().getEpochSecond());
        metadata.put("scanned_size", status.scannedBytes());
        status.failure().ifPresent(reason -> metadata.put("reason", reason));
        return metadata;
    }

    /** The stored record as a JSON object; text the warehouse holds that is not JSON stays a string. */
    JsonNode record(String message) {
        try {
            JsonNode node = json.readTree(message);
            return node.isMissingNode() ? json.getNodeFactory().textNode(message) : node;
        } catch (JsonProcessingException e) {
            return json.getNodeFactory().textNode(message);
        }
    }
}
