package dev.minerva.core.format;

import dev.minerva.spi.ErrorLocation;
import dev.minerva.spi.LogFormatFactory;
import dev.minerva.spi.MinervaException;
import dev.minerva.spi.OptionSpec;
import dev.minerva.spi.StandardErrorCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks raw option values (from YAML or the command line) against a format's declared options and converts them
 * to their types. Every error names the option, what was given and what would be valid; the caller prefixes where
 * the value came from (file and line).
 */
public final class OptionBinder {
    private OptionBinder() {}

    /**
     * Binds {@code raw} for {@code factory}. {@code where} maps an option key to a location prefix for errors, such
     * as {@code "minerva.yaml:12:7: "}; it returns "" when there is nothing to add.
     */
    public static BoundFormatOptions bind(LogFormatFactory factory, Map<String, ?> raw, Function<String, String> where) {
        return bind(factory, raw, key -> Optional.empty(), where);
    }

    /**
     * As {@link #bind(LogFormatFactory, Map, Function)}, and {@code locate} maps an option key (or "" for the options
     * as a whole) to the location of its value, which the error carries as data. Every error has the code
     * {@code INVALID_OPTION}.
     */
    public static BoundFormatOptions bind(LogFormatFactory factory, Map<String, ?> raw,
            Function<String, Optional<ErrorLocation>> locate, Function<String, String> where) {
        Errors errors = new Errors(locate);
        Map<String, OptionSpec> specs = new LinkedHashMap<>();
        for (OptionSpec spec : factory.options()) {
            specs.put(spec.key(), spec);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, ?> entry : raw.entrySet()) {
            OptionSpec spec = specs.get(entry.getKey());
            if (spec == null) {
                throw errors.at(entry.getKey(), where.apply(entry.getKey()) + "unknown option '" + entry.getKey()
                        + "' for format '" + factory.name() + "'. Valid options: " + describe(specs.values()));
            }
            values.put(spec.key(), convert(factory, spec, entry.getValue(), where.apply(entry.getKey()),
                    errors.forKey(entry.getKey())));
        }
        for (OptionSpec spec : specs.values()) {
            if (values.containsKey(spec.key())) {
                continue;
            }
            if (spec.required()) {
                throw errors.at("", where.apply("") + "format '" + factory.name() + "' needs the option '"
                        + spec.key() + "' (" + spec.type().description() + "): " + spec.description());
            }
            if (spec.defaultValue().isPresent()) {
                values.put(spec.key(), convert(factory, spec, spec.defaultValue().get(), "default of ",
                        errors.forKey("")));
            }
        }
        return new BoundFormatOptions(values);
    }

    private static Object convert(LogFormatFactory factory, OptionSpec spec, Object value, String where,
            Function<String, MinervaException> error) {
        String prefix = where + "option '" + spec.key() + "' of format '" + factory.name() + "' ";
        if (value == null) {
            throw error.apply(prefix + "has no value; expected " + spec.type().description());
        }
        switch (spec.type()) {
            case STRING:
                if (value instanceof Map || value instanceof List) {
                    throw error.apply(prefix + "must be " + spec.type().description() + ", not " + kind(value));
                }
                return value.toString();
            case INTEGER:
                if (value instanceof Integer i) {
                    return i;
                }
                try {
                    return Integer.parseInt(value.toString().trim());
                } catch (NumberFormatException e) {
                    throw error.apply(prefix + "must be an integer, not '" + value + "'");
                }
            case BOOLEAN:
                if (value instanceof Boolean b) {
                    return b;
                }
                String text = value.toString().trim().toLowerCase(Locale.ROOT);
                if (text.equals("true") || text.equals("false")) {
                    return Boolean.parseBoolean(text);
                }
                throw error.apply(prefix + "must be true or false, not '" + value + "'");
            case CHOICE:
                String choice = value.toString().trim();
                if (!spec.choices().contains(choice)) {
                    throw error.apply(prefix + "must be one of " + String.join(", ", spec.choices()) + ", not '" + value + "'");
                }
                return choice;
            case LIST:
                if (value instanceof List<?> list) {
                    List<String> items = new ArrayList<>();
                    for (Object item : list) {
                        if (item == null || item instanceof Map || item instanceof List) {
                            throw error.apply(prefix + "must be a list of strings; an item is " + kind(item));
                        }
                        items.add(item.toString());
                    }
                    return List.copyOf(items);
                }
                if (value instanceof Map) {
                    throw error.apply(prefix + "must be a list of strings, not a mapping");
                }
                return Arrays.stream(value.toString().trim().split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
            default:
                throw new IllegalStateException("Unhandled option type " + spec.type());
        }
    }

    /** Builds the errors of one binding, each at the location of the option it concerns. */
    private record Errors(Function<String, Optional<ErrorLocation>> locate) {
        MinervaException at(String key, String message) {
            Optional<ErrorLocation> location = locate.apply(key);
            return location.isPresent()
                    ? new MinervaException(StandardErrorCode.INVALID_OPTION, location.get(), message)
                    : new MinervaException(StandardErrorCode.INVALID_OPTION, message);
        }

        Function<String, MinervaException> forKey(String key) {
            return message -> at(key, message);
        }
    }

    private static String kind(Object value) {
        if (value == null) {
            return "empty";
        }
        return value instanceof Map ? "a mapping" : value instanceof List ? "a list" : "'" + value + "'";
    }

    private static String describe(java.util.Collection<OptionSpec> specs) {
        if (specs.isEmpty()) {
            return "(this format takes no options)";
        }
        List<String> parts = new ArrayList<>();
        for (OptionSpec spec : specs) {
            parts.add(spec.key() + " (" + spec.type().description() + ")");
        }
        return String.join(", ", parts);
    }
}
