package dev.minerva.spi;

/** The value types a format option may take; the framework converts and checks raw values before a format sees them. */
public enum OptionType {
    /** Any text. */
    STRING("a string"),
    /** A whole number in the range of {@code int}. */
    INTEGER("an integer"),
    /** {@code true} or {@code false}. */
    BOOLEAN("true or false"),
    /** One of a fixed set of lower-case words, listed by {@link OptionSpec#choices()}. */
    CHOICE("one of the listed choices"),
    /** A list of strings: a YAML sequence, or text separated by commas or spaces. */
    LIST("a list of strings");

    private final String description;

    OptionType(String description) {
        this.description = description;
    }

    /** How the type reads in an error message: "expected an integer". */
    public String description() {
        return description;
    }
}
