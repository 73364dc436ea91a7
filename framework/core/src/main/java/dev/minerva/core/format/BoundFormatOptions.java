package dev.minerva.core.format;

import static java.util.Objects.requireNonNull;

import dev.minerva.spi.FormatOptions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Option values checked against a format's {@link dev.minerva.spi.OptionSpec}s, with defaults filled in. */
public final class BoundFormatOptions implements FormatOptions {
    private final Map<String, Object> values;

    BoundFormatOptions(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(values, "values is null")));
    }

    @Override
    public Set<String> keys() {
        return values.keySet();
    }

    @Override
    public Optional<Object> find(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The values as given or defaulted, for display. */
    public Map<String, Object> asMap() {
        return values;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
