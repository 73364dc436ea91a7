package dev.minerva.plugins.syslogjson;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.minerva.spi.Line;
import dev.minerva.spi.LineReader;
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
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Parses JSON Lines: each non-blank line one JSON object, timestamped from a configured field. */
public final class JsonLinesLogFormat implements LogFormat {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final int EXCERPT_CHARS = 40;

    private final String timestampField;
    private final TimestampFormat timestampFormat;

    JsonLinesLogFormat(String timestampField, TimestampFormat timestampFormat) {
        this.timestampField = requireNonNull(timestampField, "timestampField is null");
        this.timestampFormat = requireNonNull(timestampFormat, "timestampFormat is null");
    }

    @Override
    public void parse(LogInput input, RecordSink sink) throws IOException {
        LineReader lines = input.lines();
        for (Optional<Line> next = lines.next(); next.isPresent(); next = lines.next()) {
            Line line = next.get();
            if (line.text().isBlank()) {
                continue;
            }
            parseLine(line, input.tag(), sink);
        }
    }

    private void parseLine(Line line, String tag, RecordSink sink) {
        Position position = Position.ofLine(line.number());
        Map<String, Object> fields;
        try (JsonParser parser = JSON.createParser(line.text())) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                sink.reject(new Rejection(StandardErrorCode.WRONG_JSON_TYPE, position, "expected a JSON object, found " + describe(first, parser), line.text()));
                return;
            }
            fields = JsonValues.readObject(parser);
            JsonToken after = parser.nextToken();
            if (after != null) {
                sink.reject(new Rejection(StandardErrorCode.NOT_JSON, position, "unexpected " + describe(after, parser) + " after the JSON object at column "
                        + parser.currentTokenLocation().getColumnNr(), line.text()));
                return;
            }
        } catch (JsonProcessingException e) {
            sink.reject(new Rejection(StandardErrorCode.NOT_JSON, position, "invalid JSON at column " + e.getLocation().getColumnNr() + ": "
                    + JsonErrors.describe(e), line.text()));
            return;
        } catch (IOException e) {
            // Parsing a String cannot fail on I/O; anything else here is malformed content.
            sink.reject(new Rejection(StandardErrorCode.NOT_JSON, position, "invalid JSON: " + e.getMessage(), line.text()));
            return;
        }
        Optional<FieldPath.Found> found = FieldPath.find(fields, timestampField);
        if (found.isEmpty()) {
            sink.reject(new Rejection(StandardErrorCode.MISSING_TIMESTAMP, position, "no timestamp: field '" + timestampField + "' is missing", line.text()));
            return;
        }
        Object value = found.get().value();
        Optional<Instant> timestamp = value == null ? Optional.empty() : timestampFormat.parse(value);
        if (timestamp.isEmpty()) {
            sink.reject(new Rejection(value == null ? StandardErrorCode.MISSING_TIMESTAMP : StandardErrorCode.BAD_TIMESTAMP,
                    position, "no timestamp: field '" + timestampField + "' has "
                    + shown(value) + ", which is not " + timestampFormat.name() + " " + timestampFormat.example(),
                    line.text()));
            return;
        }
        sink.accept(new LogRecord(timestamp.get(), tag, fields, position));
    }

    private static String shown(Object value) {
        if (value instanceof String || value instanceof Number) {
            String text = value.toString();
            String cut = text.length() > EXCERPT_CHARS ? text.substring(0, EXCERPT_CHARS) + "…" : text;
            return (value instanceof String ? "the string '" : "the number ") + cut + (value instanceof String ? "'" : "");
        }
        return JsonValues.describeType(value);
    }

    private static String describe(JsonToken token, JsonParser parser) throws IOException {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "another object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + parser.getText();
            case VALUE_TRUE, VALUE_FALSE -> "the boolean " + parser.getText();
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
        };
    }
}
