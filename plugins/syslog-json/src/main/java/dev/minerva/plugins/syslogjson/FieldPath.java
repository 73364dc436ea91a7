package dev.minerva.plugins.syslogjson;

import java.util.Map;
import java.util.Optional;

/** Looks up a dotted path such as {@code event.created} in nested maps. */
final class FieldPath {
    private FieldPath() {
    }

    /** A value found at a path; {@code value} is null for an explicit JSON null, which differs from a missing key. */
    record Found(Object value) {
    }

    /**
     * The value at {@code path}, or empty when there is none. A key that itself contains dots (journald and
     * OpenTelemetry exports have them) is matched whole before the path is split.
     */
    static Optional<Found> find(Map<String, Object> object, String path) {
        if (object.containsKey(path)) {
            return Optional.of(new Found(object.get(path)));
        }
        for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
            if (object.get(path.substring(0, dot)) instanceof Map<?, ?> child) {
                @SuppressWarnings("unchecked")
                Optional<Found> found = find((Map<String, Object>) child, path.substring(dot + 1));
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }
}
