package dev.minerva.core.warehouse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A compaction written down before it starts: the output it will publish, the inputs it replaces and the object
 * ids it leaves out. Stored at {@code compaction/<output key>.json}; it lives until the inputs are deleted.
 */
public record CompactionJournal(String table, String output, List<String> inputs, List<String> excludedObjectIds) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public CompactionJournal {
        requireNonNull(table, "table is null");
        requireNonNull(output, "output is null");
        inputs = List.copyOf(inputs);
        excludedObjectIds = List.copyOf(excludedObjectIds);
    }

    /** A journal whose output name derives from what it merges, so a re-planned identical merge reuses it. */
    static CompactionJournal plan(String table, int epochHour, List<String> inputs, List<String> excluded) {
        String identity = table + "\n" + String.join("\n", inputs) + "\n-" + String.join("\n-", excluded);
        String output = WarehouseLayout.hourPrefix(table, epochHour) + "compacted-" + digest(identity) + ".parquet";
        return new CompactionJournal(table, output, inputs, excluded);
    }

    public String key() {
        return journalKey(output);
    }

    static String journalKey(String output) {
        return WarehouseLayout.COMPACTION + "/" + output + ".json";
    }

    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("table", table);
        root.put("output", output);
        inputs.forEach(root.putArray("inputs")::add);
        excludedObjectIds.forEach(root.putArray("excludedObjectIds")::add);
        return root.toString().getBytes(UTF_8);
    }

    public static CompactionJournal fromJson(byte[] json) throws IOException {
        JsonNode root = JSON.readTree(json);
        List<String> inputs = new ArrayList<>();
        root.path("inputs").forEach(node -> inputs.add(node.asText()));
        List<String> excluded = new ArrayList<>();
        root.path("excludedObjectIds").forEach(node -> excluded.add(node.asText()));
        return new CompactionJournal(root.path("table").asText(), root.path("output").asText(), inputs, excluded);
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(UTF_8)), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
