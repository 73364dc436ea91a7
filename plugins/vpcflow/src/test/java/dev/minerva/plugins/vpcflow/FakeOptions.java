package dev.minerva.plugins.vpcflow;

import dev.minerva.spi.FormatOptions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Checked options as the framework would hand them over; stand-in until the testkit lands. */
record FakeOptions(Map<String, Object> values) implements FormatOptions {
    @Override
    public Set<String> keys() {
        return values.keySet();
    }

    @Override
    public Optional<Object> find(String key) {
        return Optional.ofNullable(values.get(key));
    }
}
