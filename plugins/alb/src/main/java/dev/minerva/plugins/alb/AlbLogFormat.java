package dev.minerva.plugins.alb;

import static dev.minerva.plugins.alb.Column.decimal;
import static dev.minerva.plugins.alb.Column.endpoint;
import static dev.minerva.plugins.alb.Column.integer;
import static dev.minerva.plugins.alb.Column.spacedList;
import static dev.minerva.plugins.alb.Column.text;

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
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses Application Load Balancer access logs: one request per line, the fields AWS documents in their documented
 * order. {@code client:port} and {@code target:port} become {@code client_ip}/{@code client_port} and
 * {@code target_ip}/{@code target_port}; fields AWS appends in the future are kept under {@code additional_fields}.
 */
public final class AlbLogFormat implements LogFormat {
    static final List<Column> COLUMNS = List.of(
            text("type"), text("time"), text("elb"), endpoint("client"), endpoint("target"),
            decimal("request_processing_time"), decimal("target_processing_time"), decimal("response_processing_time"),
            integer("elb_status_code"), integer("target_status_code"), integer("received_bytes"), integer("sent_bytes"),
            text("request"), text("user_agent"), text("ssl_cipher"), text("ssl_protocol"), text("target_group_arn"),
            text("trace_id"),
            // Added after launch, each at the end of the line of its day:
            text("domain_name"), text("chosen_cert_arn"), integer("matched_rule_priority"), text("request_creation_time"),
            text("actions_executed"), text("redirect_url"), text("error_reason"), spacedList("target_port_list"),
            spacedList("target_status_code_list"), text("classification"), text("classification_reason"),
            text("conn_trace_id"), text("transformed_host"), text("transformed_uri"), text("request_transform_status"));

    /** The fields of the first published format, type to trace_id: every ALB line has at least these. */
    static final int MINIMUM_FIELDS = 18;

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
            sink.reject(new Rejection(StandardErrorCode.WRONG_FIELD_COUNT, position, "expected at least " + MINIMUM_FIELDS + " space-separated fields (type to "
                    + "trace_id) of an Application Load Balancer access log, found " + cut.tokens().size(), line.text()));
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>(64);
        Optional<String> problem = ColumnReader.read(cut.tokens(), COLUMNS, fields);
        if (problem.isPresent()) {
            sink.reject(new Rejection(StandardErrorCode.BAD_FIELD_VALUE, position, problem.get(), line.text()));
            return;
        }
        Object time = fields.get("time");
        if (time == null) {
            sink.reject(new Rejection(StandardErrorCode.MISSING_TIMESTAMP, position, "no timestamp: field 'time' (column 2) is '-'; expected ISO-8601 such as "
                    + "2018-07-02T22:23:00.186641Z", line.text()));
            return;
        }
        Instant timestamp;
        try {
            timestamp = Instant.parse((String) time);
        } catch (DateTimeParseException e) {
            sink.reject(new Rejection(StandardErrorCode.BAD_TIMESTAMP, position, "field 'time' (column 2) should be ISO-8601 such as 2018-07-02T22:23:00.186641Z, "
                    + "found '" + time + "'", line.text()));
            return;
        }
        sink.accept(new LogRecord(timestamp, tag, Collections.unmodifiableMap(fields), position));
    }
}
