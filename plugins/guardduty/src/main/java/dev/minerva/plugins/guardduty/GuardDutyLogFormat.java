package dev.minerva.plugins.guardduty;

import dev.minerva.toolkit.JsonErrors;
import dev.minerva.toolkit.JsonValues;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.minerva.spi.Line;
import dev.minerva.spi.LineReader;
import dev.minerva.spi.LogFormat;
import dev.minerva.spi.LogInput;
import dev.minerva.spi.LogRecord;
import dev.minerva.spi.Position;
import dev.minerva.spi.RecordSink;
import dev.minerva.spi.Rejection;
import dev.minerva.spi.StandardErrorCode;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Parses GuardDuty findings: one per line as GuardDuty exports them to S3, a JSON array of findings, the
 * {@code {"Findings":[...]}} response of GetFindings, pretty-printed findings one after another, or EventBridge
 * "GuardDuty Finding" events (their {@code detail} is the finding). Records are timestamped by {@code updatedAt},
 * else {@code createdAt}, and keep the finding's shape: nested {@code resource} and {@code service} blocks, with
 * remote addresses under {@code service.action}, all searchable. Arrays and documents are streamed finding by
 * finding, never held whole.
 */
public final class GuardDutyLogFormat implements LogFormat {
    private static final JsonFactory JSON = JsonFactory.builder().disable(StreamReadFeature.AUTO_CLOSE_SOURCE).build();
    private static final int PEEK_BYTES = 64 * 1024;

    @Override
    public void parse(LogInput input, RecordSink sink) throws IOException {
        Framing framing = Framing.of(input.peek(PEEK_BYTES));
        switch (framing) {
            case EMPTY -> { }
            case LINES -> parseLines(input, sink);
            case ARRAY, FINDINGS_WRAPPER, DOCUMENTS -> parseStream(input, framing, sink);
        }
    }

    private static void parseLines(LogInput input, RecordSink sink) throws IOException {
        LineReader lines = input.lines();
        for (Optional<Line> next = lines.next(); next.isPresent(); next = lines.next()) {
            Line line = next.get();
            if (line.text().isBlank()) {
                continue;
            }
            Position position = Position.ofLine(line.number());
            JsonLine.Result result = JsonLine.read(line.text());
            if (result.problem() != null) {
                sink.reject(new Rejection(result.code(), position, result.problem(), line.text()));
            } else {
                emit(result.object(), position, input.tag(), line.text(), sink);
            }
        }
    }

    private static void parseStream(LogInput input, Framing framing, RecordSink sink) throws IOException {
        Counter ordinal = new Counter();
        try (JsonParser parser = JSON.createParser(input.stream())) {
            try {
                switch (framing) {
                    case ARRAY -> {
                        parser.nextToken();
                        parseArray(parser, ordinal, input, sink);
                        expectEnd(parser, ordinal, sink);
                    }
                    case FINDINGS_WRAPPER -> {
                        parser.nextToken();
                        parseWrapper(parser, ordinal, input, sink);
                        expectEnd(parser, ordinal, sink);
                    }
                    default -> {
                        for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                            parseElement(parser, token, ordinal, input, sink);
                        }
                    }
                }
            } catch (JsonProcessingException e) {
                long line = Math.max(1, e.getLocation() == null ? 1 : e.getLocation().getLineNr());
                sink.reject(new Rejection(StandardErrorCode.NOT_JSON, new Position(line, ordinal.forFailure()), "invalid JSON at line " + line + ", column "
                        + (e.getLocation() == null ? "?" : e.getLocation().getColumnNr()) + ": " + JsonErrors.describe(e)
                        + "; findings before this point were kept, the rest of the object cannot be read", ""));
            }
        }
    }

    private static void parseWrapper(JsonParser parser, Counter ordinal, LogInput input, RecordSink sink) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonToken value = parser.nextToken();
            if (key.equalsIgnoreCase("Findings") && value == JsonToken.START_ARRAY) {
                parseArray(parser, ordinal, input, sink);
            } else {
                // Other keys of a response (a NextToken, say) carry no findings.
                parser.skipChildren();
            }
        }
    }

    private static void parseArray(JsonParser parser, Counter ordinal, LogInput input, RecordSink sink) throws IOException {
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token == null) {
                throw new JsonParseException(parser, "Unexpected end-of-input inside the array of findings");
            }
            parseElement(parser, token, ordinal, input, sink);
        }
    }

    private static void parseElement(JsonParser parser, JsonToken token, Counter ordinal, LogInput input, RecordSink sink)
            throws IOException {
        Position position = new Position(Math.max(1, parser.currentTokenLocation().getLineNr()), ordinal.open());
        if (token != JsonToken.START_OBJECT) {
            ordinal.close();
            sink.reject(new Rejection(StandardErrorCode.WRONG_JSON_TYPE, position, "expected a JSON object for a finding, found "
                    + JsonLine.describe(token), ""));
            parser.skipChildren();
            return;
        }
        JsonStreamContext enclosing = parser.getParsingContext().getParent();
        try {
            Map<String, Object> finding = JsonValues.readObject(parser, input.maxEntryBytes());
            ordinal.close();
            emit(finding, position, input.tag(), "", sink);
        } catch (JsonValues.TooLargeException e) {
            skipRestOfFinding(parser, enclosing);
            ordinal.close();
            sink.reject(new Rejection(StandardErrorCode.TOO_LONG, position, "finding is larger than the limit of " + input.maxEntryBytes()
                    + " bytes; it was skipped without being read into memory", ""));
        }
    }

    private static void expectEnd(JsonParser parser, Counter ordinal, RecordSink sink) throws IOException {
        if (parser.nextToken() != null) {
            sink.reject(new Rejection(StandardErrorCode.NOT_JSON, new Position(Math.max(1, parser.currentTokenLocation().getLineNr()), ordinal.next()),
                    "unexpected content after the end of the findings at line " + parser.currentTokenLocation().getLineNr()
                            + "; it was not read", ""));
        }
    }

    /** After an oversized finding, moves the parser to that finding's END_OBJECT so the next one can be read. */
    private static void skipRestOfFinding(JsonParser parser, JsonStreamContext enclosing) throws IOException {
        for (JsonToken token = parser.currentToken(); token != null; token = parser.nextToken()) {
            if (token == JsonToken.END_OBJECT && parser.getParsingContext() == enclosing) {
                return;
            }
        }
        throw new JsonParseException(parser, "Unexpected end-of-input inside an oversized finding");
    }

    private static void emit(Map<String, Object> object, Position position, String tag, String raw, RecordSink sink) {
        Map<String, Object> finding = Findings.unwrap(object);
        Optional<Instant> time = Findings.time(finding);
        if (time.isEmpty()) {
            sink.reject(new Rejection(Findings.hasAnyTimeField(finding) ? StandardErrorCode.BAD_TIMESTAMP
                    : StandardErrorCode.MISSING_TIMESTAMP, position, Findings.describeMissingTime(finding), raw));
            return;
        }
        sink.accept(new LogRecord(time.get(), tag, finding, position));
    }

    /** Counts entries so every record and rejection gets its ordinal, also the one being read when the JSON breaks. */
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
