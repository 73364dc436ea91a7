package dev.minerva.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minerva.aws.s3.S3Location;
import dev.minerva.spi.MinervaException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads SQS message bodies that announce new S3 objects, in the three shapes S3 can deliver: an S3 event notification
 * sent to SQS directly, the same wrapped in an SNS notification ({@code Type: Notification}, the event as the
 * {@code Message} string), and an EventBridge {@code Object Created} event. Object keys arrive URL-encoded ('+' for
 * a space) in all three and are decoded here.
 */
public final class ObjectNotificationParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_EXCERPT = 200;

    private ObjectNotificationParser() {}

    /**
     * Parses one message body.
     *
     * @throws MinervaException (user input) when the body is not one of the shapes: retrying cannot change that
     */
    public static ObjectNotification parse(String body) {
        if (body == null || body.isBlank()) {
            throw MinervaException.userInput("The message body is empty; expected an S3, SNS or EventBridge notification");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw MinervaException.userInput("The message body is not JSON (" + e.getOriginalMessage() + "): " + excerpt(body));
        }
        return parse(root, "");
    }

    private static ObjectNotification parse(JsonNode root, String wrapper) {
        if (!root.isObject()) {
            throw notification(root);
        }
        if ("Notification".equals(text(root, "Type")) && root.path("Message").isTextual()) {
            if (!wrapper.isEmpty()) {
                throw MinervaException.userInput("An SNS notification inside " + wrapper + " is not expected");
            }
            JsonNode inner;
            try {
                inner = JSON.readTree(root.get("Message").asText());
            } catch (JsonProcessingException e) {
                throw MinervaException.userInput("The SNS notification's Message is not JSON (" + e.getOriginalMessage()
                        + "): " + excerpt(root.get("Message").asText()));
            }
            return parse(inner, "sns/");
        }
        if ("s3:TestEvent".equals(text(root, "Event"))) {
            return new ObjectNotification(wrapper + "s3-test-event", List.of(), List.of("s3:TestEvent for bucket " + text(root, "Bucket")), List.of());
        }
        if (root.path("Records").isArray()) {
            return s3Event(root.get("Records"), wrapper + "s3");
        }
        if (root.has("detail-type") && "aws.s3".equals(text(root, "source"))) {
            return eventBridge(root, wrapper + "eventbridge");
        }
        throw notification(root);
    }

    private static ObjectNotification s3Event(JsonNode records, String shape) {
        List<CreatedObject> objects = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        List<String> malformed = new ArrayList<>();
        int index = 0;
        for (JsonNode record : records) {
            String where = "record #" + ++index;
            String eventName = text(record, "eventName");
            if (!"aws:s3".equals(text(record, "eventSource"))) {
                malformed.add(where + " is not an S3 event (eventSource " + text(record, "eventSource") + ")");
            } else if (!eventName.startsWith("ObjectCreated:")) {
                ignored.add(where + ": " + (eventName.isEmpty() ? "no eventName" : eventName) + " is not an object creation");
            } else {
                JsonNode s3 = record.path("s3");
                add(where, text(s3.path("bucket"), "name"), text(s3.path("object"), "key"), s3.path("object").path("size"),
                        text(s3.path("object"), "eTag"), objects, ignored, malformed);
            }
        }
        return new ObjectNotification(shape, objects, ignored, malformed);
    }

    private static ObjectNotification eventBridge(JsonNode root, String shape) {
        String type = text(root, "detail-type");
        if (!"Object Created".equals(type)) {
            return new ObjectNotification(shape, List.of(), List.of("EventBridge '" + type + "' is not an object creation"), List.of());
        }
        JsonNode detail = root.path("detail");
        List<CreatedObject> objects = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        List<String> malformed = new ArrayList<>();
        add("the event", text(detail.path("bucket"), "name"), text(detail.path("object"), "key"), detail.path("object").path("size"),
                text(detail.path("object"), "etag"), objects, ignored, malformed);
        return new ObjectNotification(shape, objects, ignored, malformed);
    }

    private static void add(String where, String bucket, String encodedKey, JsonNode size, String etag, List<CreatedObject> objects,
            List<String> ignored, List<String> malformed) {
        if (bucket.isEmpty() || encodedKey.isEmpty()) {
            malformed.add(where + " names no bucket or no object key");
            return;
        }
        String key;
        try {
            key = URLDecoder.decode(encodedKey, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            malformed.add(where + ": the key '" + excerpt(encodedKey) + "' is not URL-encoded as S3 sends it: " + e.getMessage());
            return;
        }
        if (key.endsWith("/")) {
            ignored.add(where + ": s3://" + bucket + "/" + key + " is a folder marker");
            return;
        }
        try {
            new S3Location(bucket, key);
        } catch (MinervaException e) {
            malformed.add(where + ": " + e.getMessage());
            return;
        }
        objects.add(new CreatedObject(bucket, key, size.canConvertToLong() ? size.asLong() : -1, etag));
    }

    private static MinervaException notification(JsonNode root) {
        return MinervaException.userInput("Not an S3 object notification: expected S3 'Records', an SNS 'Notification'"
                + " wrapping them, or an EventBridge aws.s3 event; got " + excerpt(root.toString()));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() ? value.asText() : "";
    }

    private static String excerpt(String text) {
        return text.length() <= MAX_EXCERPT ? text : text.substring(0, MAX_EXCERPT) + "…";
    }
}
