package dev.minerva.plugins.cloudtrail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.minerva.spi.Line;
import dev.minerva.spi.LogFormat;
import dev.minerva.spi.LogInput;
import dev.minerva.spi.LogRecord;
import dev.minerva.spi.Position;
import dev.minerva.spi.RecordSink;
import dev.minerva.spi.Rejection;
import dev.minerva.spi.StandardErrorCode;
import dev.minerva.toolkit.JsonErrors;
import dev.minerva.toolkit.JsonValues;
import dev.minerva.toolkit.TimestampFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Streams CloudTrail events record by record, whatever the framing: the S3 {@code {"Records":[...]}} file, a JSON
 * array, or one event per line. Insights files ({@code CloudTrail-Insight/} in the delivery path) have the same
 * framing; their events carry no userIdentity, and the API they describe sits under {@code insightDetails}, which is
 * indexed like any other nested field. Digest files are skipped. No file is ever held whole in memory.
 */
public final class CloudTrailLogFormat implements LogFormat {
    static final String DIGEST_SKIP = "CloudTrail digest file: log-file hashes and signatures, not events";

    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .build();
    /** Keys only digest files have (besides awsAccountId, which they share with nothing else at the top level). */
    private static final Set<String> DIGEST_KEYS = Set.of("awsAccountId", "digestStartTime", "digestEndTime",
            "digestS3Bucket", "digestS3Object", "digestPublicKeyFingerprint", "digestSignatureAlgorithm",
            "newestEventTime", "oldestEventTime", "previousDigestS3Bucket", "previousDigestS3Object",
            "previousDigestHashValue", "previousDigestHashAlgorithm", "previousDigestSignature", "logFiles");
    private static final int PEEK_BYTES = 64 * 1024;
    /** CloudTrail writes UTC with a 'Z'; a shipper that dropped the zone still means UTC. */
    private static final TimestampFormat EVENT_TIME = TimestampFormat.iso8601(ZoneOffset.UTC);

    @Override
    public void parse(LogInput input, RecordSink sink) throws IOException {
        if (input.location().contains("CloudTrail-Digest")) {
            sink.skip(new Position(1, 1), DIGEST_SKIP);
            return;
        }
        Framing framing = Framing.peek(new ByteArrayInputStream(input.peek(PEEK_BYTES)), PEEK_BYTES);
        switch (framing) {
            case EMPTY -> { }
            case ONE_PER_LINE -> {
                Optional<Line> next;
                while ((next = input.lines().next()).isPresent()) {
                    Line line = next.get();
                    if (!line.text().isBlank()) {
                        parseLine(line.text(), line.number(), input.tag(), sink);
                    }
                }
            }
            case ARRAY, OBJECT -> parseStream(input.stream(), framing, input, sink);
        }
    }

    private void parseStream(InputStream in, Framing framing, LogInput input, RecordSink sink) throws IOException {
        Counter ordinal = new Counter();
        try (JsonParser parser = JSON.createParser(in)) {
            try {
                JsonToken first = parser.nextToken();
                if (framing == Framing.ARRAY) {
                    parseArray(parser, ordinal, input, sink);
                } else {
                    parseTopObject(parser, ordinal, input, sink);
                }
                if (first != null && parser.nextToken() != null) {
                    sink.reject(new Rejection(StandardErrorCode.NOT_JSON, position(parser, ordinal.next()),
                            "unexpected content after the end of the CloudTrail JSON at line "
                                    + parser.currentTokenLocation().getLineNr() + "; it was not read", ""));
                }
            } catch (JsonProcessingException e) {
                long line = Math.max(1, e.getLocation() == null ? 1 : e.getLocation().getLineNr());
                sink.reject(new Rejection(StandardErrorCode.NOT_JSON, new Position(line, ordinal.forFailure()), "invalid JSON at line " + line + ", column "
                        + (e.getLocation() == null ? "?" : e.getLocation().getColumnNr()) + ": " + JsonErrors.describe(e)
                        + "; events before this point were kept, the rest of the object cannot be read", ""));
            }
        }
    }

    private void parseTopObject(JsonParser parser, Counter ordinal, LogInput input, RecordSink sink) throws IOException {
        boolean records = false;
        boolean digest = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonToken value = parser.nextToken();
            if (key.equals("Records") && value == JsonToken.START_ARRAY) {
                records = true;
                parseArray(parser, ordinal, input, sink);
            } else {
                // Other top-level keys of the wrapper carry no events; skipping them keeps memory flat.
                digest |= DIGEST_KEYS.contains(key) && !key.equals("awsAccountId");
                parser.skipChildren();
            }
        }
        if (!records && digest) {
            sink.skip(new Position(1, ordinal.next()), DIGEST_SKIP);
        } else if (!records) {
            sink.reject(new Rejection(StandardErrorCode.MISSING_FIELD, new Position(1, ordinal.next()), "JSON object without a \"Records\" array; expected "
                    + "the CloudTrail S3 file {\"Records\":[...]}, a JSON array of events, or one event per line", ""));
        }
    }

    private void parseArray(JsonParser parser, Counter ordinal, LogInput input, RecordSink sink) throws IOException {
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token == null) {
                throw new JsonParseException(parser, "Unexpected end-of-input inside the array of events");
            }
            Position position = position(parser, ordinal.open());
            if (token != JsonToken.START_OBJECT) {
                sink.reject(new Rejection(StandardErrorCode.WRONG_JSON_TYPE, position, "expected a JSON object for an event, found " + token.name().toLowerCase(Locale.ROOT)
                        .replace('_', ' '), ""));
                ordinal.close();
                parser.skipChildren();
                continue;
            }
            JsonStreamContext arrayContext = parser.getParsingContext().getParent();
            try {
                Map<String, Object> event = JsonValues.readObject(parser, input.maxEntryBytes());
                ordinal.close();
                emit(event, position, input.tag(), sink);
            } catch (JsonValues.TooLargeException e) {
                skipRestOfEvent(parser, arrayContext);
                ordinal.close();
                sink.reject(new Rejection(StandardErrorCode.TOO_LONG, position, "event is larger than the limit of " + input.maxEntryBytes()
                        + " bytes; it was skipped without being read into memory", ""));
            }
        }
    }

    /** After an oversized event, moves the parser to that event's END_OBJECT so the next event can be read. */
    private static void skipRestOfEvent(JsonParser parser, JsonStreamContext arrayContext) throws IOException {
        // The parser stopped somewhere inside the event, so skipChildren() cannot help; the event ends at the
        // first END_OBJECT that returns to the enclosing array.
        for (JsonToken token = parser.currentToken(); token != null; token = parser.nextToken()) {
            if (token == JsonToken.END_OBJECT && parser.getParsingContext() == arrayContext) {
                return;
            }
        }
        throw new JsonParseException(parser, "Unexpected end-of-input inside an oversized event");
    }

    private static void parseLine(String line, long number, String tag, RecordSink sink) {
        Position position = Position.ofLine(number);
        try (JsonParser parser = JSON.createParser(line)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                sink.reject(new Rejection(StandardErrorCode.WRONG_JSON_TYPE, position, "expected a JSON object for an event, found "
                        + (first == null ? "nothing" : first.name().toLowerCase(Locale.ROOT).replace('_', ' ')), line));
                return;
            }
            Map<String, Object> event = JsonValues.readObject(parser);
            if (parser.nextToken() != null) {
                sink.reject(new Rejection(StandardErrorCode.NOT_JSON, position, "unexpected content after the event at column "
                        + parser.currentTokenLocation().getColumnNr(), line));
                return;
            }
            emit(event, position, tag, sink);
        } catch (JsonProcessingException e) {
            sink.reject(new Rejection(StandardErrorCode.NOT_JSON, position, "invalid JSON at column " + e.getLocation().getColumnNr() + ": "
                    + JsonErrors.describe(e), line));
        } catch (IOException e) {
            // A String source has no I/O; treat anything else as a malformed line.
            sink.reject(new Rejection(StandardErrorCode.NOT_JSON, position, "invalid JSON: " + e, line));
        }
    }

    private static Position position(JsonParser parser, long ordinal) {
        return new Position(Math.max(1, parser.currentTokenLocation().getLineNr()), ordinal);
    }

    static void emit(Map<String, Object> event, Position position, String tag, RecordSink sink) {
        Optional<Instant> time = eventTime(event);
        if (time.isEmpty()) {
            Object value = event.containsKey("eventTime") ? event.get("eventTime") : event.get("@timestamp");
            sink.reject(new Rejection(value == null ? StandardErrorCode.MISSING_TIMESTAMP : StandardErrorCode.BAD_TIMESTAMP,
                    position, "event " + describe(event) + " has no valid eventTime ("
                    + describeTime(event.get("eventTime")) + "); expected ISO-8601 such as 2024-05-06T07:08:09Z", ""));
            return;
        }
        sink.accept(new LogRecord(time.get(), tag, event, position));
    }

    private static Optional<Instant> eventTime(Map<String, Object> event) {
        Object value = event.containsKey("eventTime") ? event.get("eventTime") : event.get("@timestamp");
        // '@timestamp' is where Logstash's date filter moves eventTime (as in the OTRF exports); CloudTrail never writes it.
        return value instanceof String ? EVENT_TIME.parse(value) : Optional.empty();
    }

    private static String describeTime(Object value) {
        if (value == null) {
            return "missing or null";
        }
        return value instanceof String ? "'" + value + "' is not ISO-8601" : "not a string";
    }

    private static String describe(Object eventObject) {
        @SuppressWarnings("unchecked")
        Map<String, Object> event = (Map<String, Object>) eventObject;
        StringBuilder text = new StringBuilder();
        for (String key : new String[] {"eventID", "eventName", "eventSource"}) {
            if (event.get(key) instanceof String value) {
                text.append(text.length() == 0 ? "" : ", ").append(key).append(' ').append(value);
            }
        }
        // Insights events name the API they are about only inside insightDetails.
        if (event.get("insightDetails") instanceof Map<?, ?> insight) {
            for (String key : new String[] {"insightType", "eventName", "eventSource"}) {
                if (insight.get(key) instanceof String value) {
                    text.append(text.length() == 0 ? "" : ", ").append("insightDetails.").append(key).append(' ').append(value);
                }
            }
        }
        return text.length() == 0 ? "without eventID or eventName" : "(" + text + ")";
    }

    /**
     * Counts entries so every record, rejection and skip gets its ordinal; an entry still being read when the JSON
     * breaks keeps its own ordinal for the rejection.
     */
    private static final class Counter {
        private long value;
        private boolean open;

        long next() {
            open = false;
            return ++value;
        }

        long open() {
            open = true;
            return ++value;
        }

        void close() {
            open = false;
        }

        long forFailure() {
            return open ? value : next();
        }
    }
}
