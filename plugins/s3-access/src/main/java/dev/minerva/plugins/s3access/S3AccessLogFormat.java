package dev.minerva.plugins.s3access;

import static dev.minerva.plugins.s3access.Column.integer;
import static dev.minerva.plugins.s3access.Column.text;

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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Parses Amazon S3 server access logs: one request per line, the documented fields in their order, the time in
 * brackets ({@code [06/Feb/2019:00:00:38 +0000]}), the request URI, referer and user agent in quotes. Fields S3 adds
 * at the end of the line later are kept under {@code additional_fields}.
 */
public final class S3AccessLogFormat implements LogFormat {
    static final List<Column> COLUMNS = List.of(
            text("bucket_owner"), text("bucket"), text("time"), text("remote_ip"), text("requester"), text("request_id"),
            text("operation"), text("key"), text("request_uri"), integer("http_status"), text("error_code"),
            integer("bytes_sent"), integer("object_size"), integer("total_time"), integer("turn_around_time"),
            text("referer"), text("user_agent"), text("version_id"),
            // Added over the years, each at the end of the line of its day:
            text("host_id"), text("signature_version"), text("cipher_suite"), text("authentication_type"),
            text("host_header"), text("tls_version"), text("access_point_arn"), text("acl_required"),
            text("source_region"));

    /** bucket_owner to version_id: the fields every S3 access log line has had. */
    static final int MINIMUM_FIELDS = 18;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

    @Override
    public void parse(LogInput input, RecordSink sink) throws IOException {
        LineReader lines = input.lines();
        for (Optional<Line> next = lines.next(); next.isPresent(); next = lines.next()) {
            Line line = next.get();
            if (!line.text().isBlank()) {
                parseLine(line, input.tag(), sink);
            }
        }
    }

    private static void parseLine(Line line, String tag, RecordSink sink) {
        Position position = Position.ofLine(line.number());
        QuotedTokens.Result cut = QuotedTokens.split(line.text());
        if (cut.problem().isPresent()) {
            sink.reject(new Rejection(StandardErrorCode.MALFORMED_ENTRY, position, cut.problem().get(), line.text()));
            return;
        }
        if (cut.tokens().size() < MINIMUM_FIELDS) {
            sink.reject(new Rejection(StandardErrorCode.WRONG_FIELD_COUNT, position, "expected at least " + MINIMUM_FIELDS + " space-separated fields (bucket_owner "
                    + "to version_id) of an S3 server access log, found " + cut.tokens().size(), line.text()));
            return;
        }
        QuotedTokens.Token time = cut.tokens().get(2);
        Optional<Instant> timestamp = time.enclosed() ? time(time.value()) : Optional.empty();
        if (timestamp.isEmpty()) {
            sink.reject(new Rejection(time.value().equals("-") ? StandardErrorCode.MISSING_TIMESTAMP : StandardErrorCode.BAD_TIMESTAMP,
                    position, "field 'time' (column 3) should be a bracketed time such as "
                    + "[06/Feb/2019:00:00:38 +0000], found '" + time.value() + "'", line.text()));
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>(48);
        Optional<String> problem = ColumnReader.read(cut.tokens(), COLUMNS, fields);
        if (problem.isPresent()) {
            sink.reject(new Rejection(StandardErrorCode.BAD_FIELD_VALUE, position, problem.get(), line.text()));
            return;
        }
        sink.accept(new LogRecord(timestamp.get(), tag, Collections.unmodifiableMap(fields), position));
    }

    private static Optional<Instant> time(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text, TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
