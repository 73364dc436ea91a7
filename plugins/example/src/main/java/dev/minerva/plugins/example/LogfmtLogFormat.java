package dev.minerva.plugins.example;

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
import dev.minerva.toolkit.TimestampFormat;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/** Parses logfmt: each non-blank line one entry of {@code key=value} pairs, timestamped from a configured key. */
public final class LogfmtLogFormat implements LogFormat {
    private final String timestampField;
    private final TimestampFormat timestampFormat;

    LogfmtLogFormat(String timestampField, TimestampFormat timestampFormat) {
        this.timestampField = requireNonNull(timestampField, "timestampField is null");
        this.timestampFormat = requireNonNull(timestampFormat, "timestampFormat is null");
    }

    @Override
    public void parse(LogInput input, RecordSink sink) throws IOException {
        // Bounded lines: the framework has already rejected over-long and binary lines with their numbers.
        LineReader lines = input.lines();
        for (Optional<Line> next = lines.next(); next.isPresent(); next = lines.next()) {
            Line line = next.get();
            if (!line.text().isBlank()) {
                parseLine(line, input.tag(), sink);
            }
        }
    }

    private void parseLine(Line line, String tag, RecordSink sink) {
        Position position = Position.ofLine(line.number());
        LogfmtLine.Result result = LogfmtLine.read(line.text());
        if (!result.ok()) {
            // A bad entry is a rejection, never an exception: the next line is read as usual.
            sink.reject(new Rejection(StandardErrorCode.MALFORMED_ENTRY, position, "not logfmt at column " + result.problem().column() + ": " + result.problem().reason(),
                    line.text()));
            return;
        }
        Object value = result.pairs().get(timestampField);
        if (!(value instanceof String text)) {
            sink.reject(new Rejection(StandardErrorCode.MISSING_TIMESTAMP, position, "no timestamp: key '" + timestampField + "' is "
                    + (value == null ? "missing" : "there without a value"), line.text()));
            return;
        }
        Optional<Instant> timestamp = timestampFormat.parse(text);
        if (timestamp.isEmpty()) {
            sink.reject(new Rejection(StandardErrorCode.BAD_TIMESTAMP, position, "no timestamp: key '" + timestampField + "' is '" + text + "', which is not "
                    + timestampFormat.name() + " " + timestampFormat.example(), line.text()));
            return;
        }
        sink.accept(new LogRecord(timestamp.get(), tag, result.pairs(), position));
    }
}
