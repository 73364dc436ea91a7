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

    /** 20 counts per tag and the 20 labels of the bins. */
    ObjectNode timeseries(SearchStatus status, JsonNode sentQuery, Timeseries series) {
        ObjectNode root = status(status, sentQuery);
        ObjectNode counts = root.putObject("timeseries");
        series.counts().forEach((tag, values) -> {
            ArrayNode array = counts.putArray(tag);
            values.forEach(array::add);
        });
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
        metadata.put("submitted_time",
                DateTimeFormatter.ISO_INSTANT.format(status.submitted().truncatedTo(ChronoUnit.SECONDS)));
        metadata.put("elapsed_seconds", status.elapsed().toMillis() / 1000.0);
        metadata.set("query", sentQuery.deepCopy());
        metadata.put("start_time", status.request().from().getEpochSecond());
        metadata.put("end_time", status.request().to().getEpochSecond());
        metadata.put("scanned_size", status.scannedBytes());
        status.failure().ifPresent(reason -> metadata.put("reason", reason));
        return metadata;
    }

    /** The stored record as a JSON object; text the warehouse holds that is not JSON stays a string. */
    private JsonNode record(String message) {
        try {
            JsonNode node = json.readTree(message);
            return node.isMissingNode() ? json.getNodeFactory().textNode(message) : node;
        } catch (JsonProcessingException e) {
            return json.getNodeFactory().textNode(message);
        }
    }
}
