package dev.minerva.core.warehouse;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks the compactor to remove an outdated object id from compacted files of the listed hours: the indexer can
 * delete an old version's own files, but rows already merged into compacted files need a rewrite.
 */
public record PurgeRequest(String objectId, List<Integer> epochHours) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public PurgeRequest {
        requireNonNull(objectId, "objectId is null");
        epochHours = List.copyOf(epochHours);
    }

    public String key() {
        return WarehouseLayout.PURGES + "/" + objectId + ".json";
    }

    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("objectId", objectId);
        epochHours.forEach(root.putArray("epochHours")::add);
        return root.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    public static PurgeRequest fromJson(byte[] json) throws IOException {
        JsonNode root = JSON.readTree(json);
        List<Integer> hours = new ArrayList<>();
        root.path("epochHours").forEach(hour -> hours.add(hour.asInt()));
        return new PurgeRequest(root.path("objectId").asText(), hours);
    }
}
