package dev.minerva.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minerva.spi.LogRecord;
import dev.minerva.spi.Position;
import dev.minerva.spi.Rejection;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The golden-file form of a parsed object: one JSON object per line, in sink order, each with one of the keys
 * {@code record} (timestamp, tag, line, record, fields), {@code rejected} (line, record, code, reason) or {@code skipped}
 * (line, record, reason).
 */
public final class GoldenJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private GoldenJson() {}

    /** Renders in the order the sink received entries: records, rejections and skips interleaved by position. */
    public static List<String> lines(ParsedObject parsed) {
        List<Entry> entries = new ArrayList<>();
        for (LogRecord record : parsed.records()) {
            ObjectNode node = MAPPER.createObjectNode();
            ObjectNode body = node.putObject("record");
            body.put("timestamp", record.timestamp().toString());
            body.put("tag", record.tag());
            body.put("line", record.position().line());
            body.put("record", record.position().record());
            body.set("fields", MAPPER.valueToTree(record.fields()));
            entries.add(new Entry(record.position(), node));
        }
        for (Rejection rejection : parsed.rejections()) {
            ObjectNode node = MAPPER.createObjectNode();
            ObjectNode body = node.putObject("rejected");
            body.put("line", rejection.position().line());
            body.put("record", rejection.position().record());
            body.put("code", rejection.code().name());
            body.put("reason", rejection.reason());
            entries.add(new Entry(rejection.position(), node));
        }
        for (ParsedObject.Skip skip : parsed.skips()) {
            ObjectNode node = MAPPER.createObjectNode();
            ObjectNode body = node.putObject("skipped");
            body.put("line", skip.position().line());
            body.put("record", skip.position().record());
            body.put("reason", skip.reason());
            entries.add(new Entry(skip.position(), node));
        }
        entries.sort((a, b) -> {
            int byRecord = Long.compare(a.position.record(), b.position.record());
            return byRecord != 0 ? byRecord : Long.compare(a.position.line(), b.position.line());
        });
        List<String> lines = new ArrayList<>();
        for (Entry entry : entries) {
            lines.add(write(entry.node));
        }
        return lines;
    }

    /** Parses golden lines back into trees, so comparisons ignore key order and number formatting. */
    public static List<JsonNode> trees(List<String> lines) {
        List<JsonNode> trees = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            try {
                trees.add(MAPPER.readTree(line));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException("Golden line is not JSON: " + line, e);
            }
        }
        return trees;
    }

    private static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Entry(Position position, JsonNode node) {}
}
