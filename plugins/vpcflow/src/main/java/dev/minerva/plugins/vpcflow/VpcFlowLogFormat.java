package dev.minerva.plugins.vpcflow;

import static java.util.Objects.requireNonNull;

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
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Parses VPC Flow Log files: one record per line, columns named by the header line, an option or the v2 default. */
public final class VpcFlowLogFormat implements LogFormat {
    private static final String ABSENT = "-";
    // The year 9999: anything later is a column mix-up (milliseconds, bytes), not a flow start.
    private static final long LATEST_EPOCH_SECOND = 253_402_300_799L;

    private final Optional<FieldLayout> configuredLayout;

    VpcFlowLogFormat(Optional<FieldLayout> configuredLayout) {
        this.configuredLayout = requireNonNull(configuredLayout, "configuredLayout is null");
    }

    @Override
    public void parse(LogInput input, RecordSink sink) throws IOException {
        LineReader lines = input.lines();
        FieldLayout layout = configuredLayout.orElse(null);
        String layoutProblem = null;
        RowShape shape = null;
        for (Optional<Line> next = lines.next(); next.isPresent(); next = lines.next()) {
            Line line = next.get();
            String text = line.text().strip();
            if (text.isEmpty()) {
                continue;
            }
            List<String> tokens = tokens(text);
            if (line.number() == 1 && FlowLogFields.looksLikeHeader(tokens)) {
                // With a configured layout the header is still not data; the option simply wins.
                if (layout == null) {
                    Optional<String> repeated = firstRepeated(tokens);
                    if (repeated.isPresent()) {
                        layoutProblem = "the header at line 1 names '" + repeated.get() + "' twice, so columns cannot be told apart";
                        sink.reject(new Rejection(StandardErrorCode.BAD_HEADER, Position.ofLine(1), layoutProblem, line.text()));
                    } else {
                        layout = new FieldLayout(tokens, "in the header at line 1");
                    }
                }
                continue;
            }
            if (layout == null) {
                layout = FieldLayout.defaultV2();
            }
            if (shape == null || shape.layout != layout) {
                shape = new RowShape(layout);
            }
            Position position = Position.ofLine(line.number());
            if (layoutProblem != null) {
                sink.reject(new Rejection(StandardErrorCode.BAD_HEADER, position, "no usable field order: " + layoutProblem, line.text()));
                continue;
            }
            parseRow(tokens, shape, position, input.tag(), input.lastModified(), line.text(), sink);
        }
    }

    private static void parseRow(List<String> tokens, RowShape shape, Position position, String tag, Optional<Instant> objectTime,
            String raw, RecordSink sink) {
        FieldLayout layout = shape.layout;
        List<String> names = layout.names();
        if (tokens.size() != names.size()) {
            sink.reject(new Rejection(StandardErrorCode.WRONG_FIELD_COUNT, position, "expected " + names.size() + " fields " + layout.origin()
                    + ", found " + tokens.size(), raw));
            return;
        }
        // Sized for every column, so the map never rehashes while a row fills it.
        Map<String, Object> fields = new LinkedHashMap<>(shape.mapCapacity);
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String value = tokens.get(i);
            if (value.equals(ABSENT)) {
                continue;
            }
            if (shape.numeric[i]) {
                long number = parseWholeNumber(value);
                if (number < 0) {
                    sink.reject(new Rejection(StandardErrorCode.BAD_FIELD_VALUE, position, "field '" + name + "' (column " + (i + 1) + ") should be a whole number or '-', found '"
                            + value + "'", raw));
                    return;
                }
                fields.put(name, number);
            } else {
                fields.put(name, value);
            }
        }
        if (!shape.hasStart) {
            // Custom formats may leave out start (NAT gateway and transit gateway examples do); the delivery time
            // of the object is then the closest honest time, always within the aggregation interval's delivery lag.
            if (objectTime.isEmpty()) {
                sink.reject(new Rejection(StandardErrorCode.MISSING_TIMESTAMP, position, "no timestamp: the field order " + layout.origin()
                        + " has no 'start' column and the object's modification time is unknown; include start in the flow log format", raw));
                return;
            }
            sink.accept(new LogRecord(objectTime.get(), tag, Collections.unmodifiableMap(fields), position));
            return;
        }
        Object start = fields.get(FlowLogFields.START);
        if (start == null) {
            sink.reject(new Rejection(StandardErrorCode.MISSING_TIMESTAMP, position, "no timestamp: field 'start' is '-'; expected epoch seconds", raw));
            return;
        }
        long seconds = (Long) start;
        if (seconds > LATEST_EPOCH_SECOND) {
            sink.reject(new Rejection(StandardErrorCode.BAD_TIMESTAMP, position, "field 'start' is " + seconds + ", beyond any plausible epoch-seconds time", raw));
            return;
        }
        Instant timestamp = Instant.ofEpochSecond(seconds);
        sink.accept(new LogRecord(timestamp, tag, Collections.unmodifiableMap(fields), position));
    }

    /** The value of a whole number of at most 18 digits, or -1 when it is not one. */
    private static long parseWholeNumber(String value) {
        // Digits only: a sign or a decimal point never appears in a valid flow-log number.
        int length = value.length();
        if (length == 0 || length > 18) {
            return -1;
        }
        long number = 0;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            number = number * 10 + (c - '0');
        }
        return number;
    }

    /**
     * The fields of a stripped, non-empty line: cut at runs of blanks ({@code \s+}: space, tab, line feed, vertical
     * tab, form feed, carriage return), not single spaces, since AWS's own documented examples contain doubled spaces.
     */
    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>(32);
        int length = text.length();
        int start = 0;
        while (start < length) {
            int end = start;
            while (end < length && !isBlank(text.charAt(end))) {
                end++;
            }
            tokens.add(text.substring(start, end));
            start = end;
            while (start < length && isBlank(text.charAt(start))) {
                start++;
            }
        }
        return tokens;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /** What parsing a row needs to know about its layout, worked out once per layout rather than once per row. */
    private static final class RowShape {
        private final FieldLayout layout;
        private final boolean[] numeric;
        private final boolean hasStart;
        private final int mapCapacity;

        RowShape(FieldLayout layout) {
            this.layout = layout;
            List<String> names = layout.names();
            this.numeric = new boolean[names.size()];
            for (int i = 0; i < numeric.length; i++) {
                numeric[i] = FlowLogFields.NUMERIC.contains(names.get(i));
            }
            this.hasStart = names.contains(FlowLogFields.START);
            this.mapCapacity = (int) Math.ceil(names.size() / 0.75) + 1;
        }
    }

    private static Optional<String> firstRepeated(List<String> tokens) {
        Set<String> seen = new HashSet<>();
        return tokens.stream().filter(token -> !seen.add(token)).findFirst();
    }
}
