package dev.minerva.plugins.nlb;

import static dev.minerva.plugins.nlb.Column.endpoint;
import static dev.minerva.plugins.nlb.Column.integer;
import static dev.minerva.plugins.nlb.Column.quotedList;
import static dev.minerva.plugins.nlb.Column.text;

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
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses Network Load Balancer access logs (written for TLS listeners): one connection per line, the fields AWS
 * documents in their order. {@code client:port} and {@code destination:port} become {@code client_ip}/
 * {@code client_port} and {@code destination_ip}/{@code destination_port}; {@code time} has no zone and is UTC.
 */
public final class NlbLogFormat implements LogFormat {
    static final List<Column> COLUMNS = List.of(
            text("type"), text("version"), text("time"), text("elb"), text("listener"), endpoint("client"),
            endpoint("destination"), integer("connection_time"), integer("tls_handshake_time"), integer("received_bytes"),
            integer("sent_bytes"), text("incoming_tls_alert"), text("chosen_cert_arn"), text("chosen_cert_serial"),
            text("tls_cipher"), text("tls_protocol_version"), text("tls_named_group"), text("domain_name"),
            text("alpn_fe_protocol"), text("alpn_be_protocol"), quotedList("alpn_client_preference_list"),
            text("tls_connection_creation_time"));

    /** type to domain_name: the fields of the first published format. */
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
                    + "domain_name) of a Network Load Balancer access log, found " + cut.tokens().size(), line.text()));
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>(48);
        Optional<String> problem = ColumnReader.read(cut.tokens(), COLUMNS, fields);
        if (problem.isPresent()) {
            sink.reject(new Rejection(StandardErrorCode.BAD_FIELD_VALUE, position, problem.get(), line.text()));
            return;
        }
        Optional<Instant> timestamp = time(fields.get("time"));
        if (timestamp.isEmpty()) {
            sink.reject(new Rejection(fields.containsKey("time") ? StandardErrorCode.BAD_TIMESTAMP : StandardErrorCode.MISSING_TIMESTAMP,
                    position, "field 'time' (column 3) should be an ISO-8601 time such as 2018-12-20T02:59:40, "
                    + "found '" + fields.getOrDefault("time", "-") + "'", line.text()));
            return;
        }
        sink.accept(new LogRecord(timestamp.get(), tag, Collections.unmodifiableMap(fields), position));
    }

    private static Optional<Instant> time(Object value) {
        if (!(value instanceof String text)) {
            return Optional.empty();
        }
        try {
            // AWS writes the time without a zone; it is UTC. A zoned time is accepted too.
            return Optional.of(text.endsWith("Z") ? Instant.parse(text) : LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
