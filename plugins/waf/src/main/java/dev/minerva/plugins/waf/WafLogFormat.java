package dev.minerva.plugins.waf;

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
import java.util.Optional;

/**
 * Parses AWS WAF logs: one JSON object per line, timestamped by {@code timestamp} in epoch milliseconds. Records keep
 * WAF's own shape: the nested {@code httpRequest} (with {@code clientIp}) and its headers as a list of
 * {@code name}/{@code value} objects, so {@code httpRequest.clientIp:192.0.2.1} and a bare header value both match.
 */
public final class WafLogFormat implements LogFormat {
    static final String TIMESTAMP = "timestamp";
    // The year 9999 in milliseconds: a larger number is microseconds or a mix-up, not a WAF time.
    private static final long LATEST_EPOCH_MILLI = 253_402_300_799_999L;

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
            Object time = result.object().get(TIMESTAMP);
            if (!(time instanceof Long millis) || millis < 0 || millis > LATEST_EPOCH_MILLI) {
                sink.reject(new Rejection(time == null ? StandardErrorCode.MISSING_TIMESTAMP : StandardErrorCode.BAD_TIMESTAMP,
                        position, "field 'timestamp' should be epoch milliseconds such as 1576280412771, found "
                        + (time == null ? "none" : time instanceof String ? "'" + time + "'" : String.valueOf(time)), line.text()));
                continue;
            }
            sink.accept(new LogRecord(Instant.ofEpochMilli(millis), input.tag(), result.object(), position));
        }
    }
}
