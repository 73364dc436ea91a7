package dev.minerva.spi;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The checked option values a format is created with. The framework has already converted every value to the
 * type its {@link OptionSpec} declares and filled in defaults, so a getter fails only on a programming error
 * (a key the format did not declare, or the wrong type).
 */
public interface FormatOptions {
    /** The keys that have a value, given or defaulted. */
    Set<String> keys();

    /** The value of an option, or empty when it has neither a given value nor a default. */
    Optional<Object> find(String key);

    default String getString(String key) {
        return require(key, String.class);
    }

    default Optional<String> findString(String key) {
        return find(key).map(String.class::cast);
    }

    default int getInt(String key) {
        return require(key, Integer.class);
    }

    default boolean getBoolean(String key) {
        return require(key, Boolean.class);
    }

    @SuppressWarnings("unchecked")
    default Optional<List<String>> findList(String key) {
        return find(key).map(value -> (List<String>) value);
    }

    private <T> T require(String key, Class<T> type) {
        Object value = find(key).orElseThrow(() -> new MinervaException(ErrorKind.INTERNAL,
                "Option '" + key + "' has no value and no default; declare a default or use find()"));
        if (!type.isInstance(value)) {
            throw new MinervaException(ErrorKind.INTERNAL,
                    "Option '" + key + "' holds " + value.getClass().getSimpleName() + ", not " + type.getSimpleName());
        }
        return type.cast(value);
    }
}
