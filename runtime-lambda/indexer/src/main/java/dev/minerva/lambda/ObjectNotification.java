package dev.minerva.lambda;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What one queue message announces: the created objects to index, the records ignored on purpose (test events,
 * folder markers, other event types) and the records that could not be read, each with its reason.
 *
 * @param shape how the message was wrapped: {@code s3}, {@code sns/s3}, {@code eventbridge}, {@code s3-test-event}, …
 */
public record ObjectNotification(String shape, List<CreatedObject> objects, List<String> ignored, List<String> malformed) {
    public ObjectNotification {
        requireNonNull(shape, "shape is null");
        objects = List.copyOf(requireNonNull(objects, "objects is null"));
        ignored = List.copyOf(requireNonNull(ignored, "ignored is null"));
        malformed = List.copyOf(requireNonNull(malformed, "malformed is null"));
    }
}
