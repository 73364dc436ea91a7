package dev.minerva.plugins.cloudfront;

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
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses CloudFront standard logs: W3C extended format, one request per tab-separated line. The {@code #Fields}
 * header decides the field order (the documented default order applies to a file without one), {@code date} and
 * {@code time} together are the UTC timestamp, and CloudFront's %XX encoding is undone so values are searched as
 * people type them.
 */
public final class CloudFrontLogFormat implements LogFormat {
    static final String ADDITIONAL_FIELDS = "additional_fields";
    private static final String FIELDS_HEADER = "#Fields:";
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,30}(\\.[0-9]{1,30})?");

    @Override
    public void parse(LogInput input, RecordSink sink) throws IOException {
        LineReader lines = input.lines();
        Layout layout = new Layout(CloudFrontFields.DEFAULT, "in the default order (the file has no #Fields header)");
        for (Optional<Line> next = lines.next(); next.isPresent(); next = lines.next()) {
            Line line = next.get();
            String text = line.text();
            if (text.isBlank()) {
                continue;
            }
            if (text.startsWith("#")) {
                if (text.startsWith(FIELDS_HEADER)) {
                    List<String> names = List.of(text.substring(FIELDS_HEADER.length()).trim().split("\\s+"));
                    Optional<String> repeated = firstRepeated(names);
                    if (repeated.isPresent() || names.get(0).isEmpty()) {
                        sink.reject(new Rejection(StandardErrorCode.BAD_HEADER, Position.ofLine(line.number()), repeated.isPresent()
                                ? "the #Fields header names '" + repeated.get() + "' twice, so fields cannot be told apart; the "
                                        + "previous field order stays in use"
                                : "the #Fields header names no fields; the previous field order stays in use", text));
                    } else {
                        layout = new Layout(names, "by the #Fields header at line " + line.number());
                    }
                }
                // #Version and other directives describe the file, not requests.
                continue;
            }
            parseLine(line, layout, input.tag(), sink);
        }
    }

    private static void parseLine(Line line, Layout layout, String tag, RecordSink sink) {
        Position position = Position.ofLine(line.number());
        String[] values = line.text().split("\t", -1);
        List<String> names = layout.names;
        if (values.length < names.size()) {
            sink.reject(new Rejection(StandardErrorCode.WRONG_FIELD_COUNT, position, "expected " + names.size() + " tab-separated fields as named " + layout.origin
                    + ", found " + values.length, line.text()));
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>(64);
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String value = values[i];
            if (value.equals("-") || value.isEmpty()) {
                continue;
            }
            if (CloudFrontFields.INTEGERS.contains(name)) {
                if (!INTEGER.matcher(value).matches()) {
                    sink.reject(new Rejection(StandardErrorCode.BAD_FIELD_VALUE, position, problem(name, i, "a whole number or '-'", value), line.text()));
                    return;
                }
                fields.put(name, Long.parseLong(value));
            } else if (CloudFrontFields.DECIMALS.contains(name)) {
                if (!DECIMAL.matcher(value).matches()) {
                    sink.reject(new Rejection(StandardErrorCode.BAD_FIELD_VALUE, position, problem(name, i, "a decimal number or '-'", value), line.text()));
                    return;
                }
                fields.put(name, new BigDecimal(value));
            } else {
                fields.put(name, CloudFrontFields.VERBATIM.contains(name) ? value : PercentDecoding.decode(value));
            }
        }
        if (values.length > names.size()) {
            List<String> extra = new ArrayList<>();
            for (int i = names.size(); i < values.length; i++) {
                extra.add(PercentDecoding.decode(values[i]));
            }
            fields.put(ADDITIONAL_FIELDS, Collections.unmodifiableList(extra));
        }
        Optional<Instant> timestamp = timestamp(fields);
        if (timestamp.isEmpty()) {
            sink.reject(new Rejection(fields.containsKey("date") && fields.containsKey("time")
                    ? StandardErrorCode.BAD_TIMESTAMP : StandardErrorCode.MISSING_TIMESTAMP, position, "no valid timestamp: fields 'date' and 'time' should be like 2019-12-04 and "
                    + "21:02:31, found '" + fields.getOrDefault("date", "-") + "' and '" + fields.getOrDefault("time", "-")
                    + "' (fields named " + layout.origin + ")", line.text()));
            return;
        }
        sink.accept(new LogRecord(timestamp.get(), tag, Collections.unmodifiableMap(fields), position));
    }

    private static Optional<Instant> timestamp(Map<String, Object> fields) {
        if (!(fields.get("date") instanceof String date) || !(fields.get("time") instanceof String time)) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(date).atTime(LocalTime.parse(time)).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String problem(String name, int index, String expected, String found) {
        return "field '" + name + "' (column " + (index + 1) + ") should be " + expected + ", found '" + found + "'";
    }

    private static Optional<String> firstRepeated(List<String> names) {
        Set<String> seen = new HashSet<>();
        return names.stream().filter(name -> !seen.add(name)).findFirst();
    }

    /** The field order in force and where it came from, for error messages. */
    private record Layout(List<String> names, String origin) {
    }
}
