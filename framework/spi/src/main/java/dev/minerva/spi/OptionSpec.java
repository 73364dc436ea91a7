package dev.minerva.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** One option a format accepts: its key, type, default and a line of description for users. */
public final class OptionSpec {
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    private final String key;
    private final OptionType type;
    private final String defaultValue;
    private final boolean required;
    private final String description;
    private final List<String> choices;

    private OptionSpec(String key, OptionType type, String defaultValue, boolean required, String description, List<String> choices) {
        this.key = requireNonNull(key, "key is null");
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("Option key '" + key + "' must be lower-case words separated by dashes, like 'timestamp-field'");
        }
        this.type = requireNonNull(type, "type is null");
        this.defaultValue = defaultValue;
        this.required = required;
        this.description = requireNonNull(description, "description is null");
        this.choices = List.copyOf(requireNonNull(choices, "choices is null"));
        if (type == OptionType.CHOICE && this.choices.isEmpty()) {
            throw new IllegalArgumentException("Choice option '" + key + "' needs at least one choice");
        }
        if (required && defaultValue != null) {
            throw new IllegalArgumentException("Option '" + key + "' cannot be required and have a default");
        }
        if (defaultValue != null && type == OptionType.CHOICE && !this.choices.contains(defaultValue)) {
            throw new IllegalArgumentException("Default '" + defaultValue + "' of option '" + key + "' is not one of " + this.choices);
        }
    }

    /** A text option with a default; {@code defaultValue} may be null for an option that is simply absent when not given. */
    public static OptionSpec string(String key, String defaultValue, String description) {
        return new OptionSpec(key, OptionType.STRING, defaultValue, false, description, List.of());
    }

    /** A text option the user must give. */
    public static OptionSpec requiredString(String key, String description) {
        return new OptionSpec(key, OptionType.STRING, null, true, description, List.of());
    }

    public static OptionSpec integer(String key, int defaultValue, String description) {
        return new OptionSpec(key, OptionType.INTEGER, Integer.toString(defaultValue), false, description, List.of());
    }

    public static OptionSpec bool(String key, boolean defaultValue, String description) {
        return new OptionSpec(key, OptionType.BOOLEAN, Boolean.toString(defaultValue), false, description, List.of());
    }

    public static OptionSpec choice(String key, String defaultValue, String description, List<String> choices) {
        return new OptionSpec(key, OptionType.CHOICE, requireNonNull(defaultValue, "defaultValue is null"), false, description, choices);
    }

    /** A list option; absent unless given. */
    public static OptionSpec list(String key, String description) {
        return new OptionSpec(key, OptionType.LIST, null, false, description, List.of());
    }

    public String key() {
        return key;
    }

    public OptionType type() {
        return type;
    }

    /** The default as text, parsed like a user-given value; empty when the option has none. */
    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public boolean required() {
        return required;
    }

    public String description() {
        return description;
    }

    /** The allowed values of a {@link OptionType#CHOICE} option; empty for other types. */
    public List<String> choices() {
        return choices;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OptionSpec other
                && key.equals(other.key)
                && type == other.type
                && Objects.equals(defaultValue, other.defaultValue)
                && required == other.required
                && description.equals(other.description)
                && choices.equals(other.choices);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, type, defaultValue, required, description, choices);
    }

    @Override
    public String toString() {
        return key + " (" + type.name().toLowerCase(java.util.Locale.ROOT) + (defaultValue == null ? "" : ", default " + defaultValue) + ")";
    }
}
