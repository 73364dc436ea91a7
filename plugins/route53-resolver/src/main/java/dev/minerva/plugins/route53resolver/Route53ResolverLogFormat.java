package dev.minerva.plugins.route53resolver;

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
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses Route 53 Resolver query logs: one JSON object per line, timestamped by {@code query_timestamp}. The
 * trailing dot of the fully qualified {@code query_name} (and of name-valued {@code answers[].Rdata}) is dropped,
 * so {@code example.com} finds {@code example.com.}; every other field is kept as Resolver wrote it.
 */
public final class Route53ResolverLogFormat implements LogFormat {
    static final String TIMESTAMP = "query_timestamp";

    @Override
    public void parse(LogInput input, RecordSink sink) throws IOException {
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
                continue;
            }
            emit(result.object(), position, input.tag(), line.text(), sink);
        }
    }

    private static void emit(Map<String, Object> query, Position position, String tag, String raw, RecordSink sink) {
        Object time = query.get(TIMESTAMP);
        Optional<Instant> timestamp = time instanceof String text ? parseTime(text) : Optional.empty();
        if (timestamp.isEmpty()) {
            sink.reject(new Rejection(time == null ? StandardErrorCode.MISSING_TIMESTAMP : StandardErrorCode.BAD_TIMESTAMP,
                    position, "field '" + TIMESTAMP + "' should be an ISO-8601 time such as "
                    + "2021-02-04T17:51:55Z, found " + (time == null ? "none" : "'" + time + "'"), raw));
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>(query);
        if (fields.get("query_name") instanceof String name) {
            fields.put("query_name", withoutRootDot(name));
        }
        if (fields.get("answers") instanceof List<?> answers) {
            fields.put("answers", answers(answers));
        }
        sink.accept(new LogRecord(timestamp.get(), tag, Collections.unmodifiableMap(fields), position));
    }

    private static List<Object> answers(List<?> answers) {
        List<Object> result = new ArrayList<>(answers.size());
        for (Object answer : answers) {
            if (answer instanceof Map<?, ?> map && map.get("Rdata") instanceof String data && data.endsWith(".")) {
                // Only names end in a dot (an address never does), so this touches CNAME, PTR, NS and MX answers alone.
                @SuppressWarnings("unchecked")
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) map);
                copy.put("Rdata", withoutRootDot(data));
                result.add(Collections.unmodifiableMap(copy));
            } else {
                result.add(answer);
            }
        }
        return Collections.unmodifiableList(result);
    }

    private static String withoutRootDot(String name) {
        return name.length() > 1 && name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static Optional<Instant> parseTime(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
