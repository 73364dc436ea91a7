package dev.minerva.core.warehouse;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The commit marker of one indexed object, written after all its data files: what was indexed (location, version,
 * object id), which files hold it, how many records, terms and rejects, and when.
 */
public record ObjectManifest(
        URI location,
        String version,
        String objectId,
        List<WrittenFile> files,
        long records,
        long terms,
        long rejects,
        Instant indexedAt) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ObjectManifest {
        requireNonNull(location, "location is null");
        requireNonNull(version, "version is null");
        requireNonNull(objectId, "objectId is null");
        files = List.copyOf(files);
        requireNonNull(indexedAt, "indexedAt is null");
    }

    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("location", location.toString());
        root.put("version", version);
        root.put("objectId", objectId);
        root.put("records", records);
        root.put("terms", terms);
        root.put("rejects", rejects);
        root.put("indexedAt", indexedAt.toString());
        ArrayNode array = root.putArray("files");
        for (WrittenFile file : files) {
            array.addObject()
                    .put("table", file.table())
                    .put("key", file.key())
                    .put("rows", file.rows())
                    .put("bytes", file.bytes());
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot serialize manifest of " + location, e);
        }
    }

    public static ObjectManifest fromJson(byte[] json) throws IOException {
        JsonNode root = JSON.readTree(json);
        List<WrittenFile> files = new ArrayList<>();
        for (JsonNode file : root.path("files")) {
            files.add(new WrittenFile(file.path("table").asText(), file.path("key").asText(),
                    file.path("rows").asLong(), file.path("bytes").asLong()));
        }
        return new ObjectManifest(URI.create(root.path("location").asText()), root.path("version").asText(),
                root.path("objectId").asText(), files, root.path("records").asLong(), root.path("terms").asLong(),
                root.path("rejects").asLong(), Instant.parse(root.path("indexedAt").asText()));
    }
}
