package dev.minerva.spi;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * What went wrong, as data: a stable name that clients, logs and tests match on, and the {@link ErrorKind} that
 * says whose fault it is. The message that goes with an error is for people and may change; the name may not.
 *
 * <p>Names are upper-case words joined by underscores ({@code QUERY_SYNTAX}, {@code NOT_JSON}). A plugin that needs
 * codes of its own starts them with its format's name ({@code VPCFLOW_...}) so that they cannot collide with the
 * {@link StandardErrorCode}s or another plugin's; names are not numbered, since plugins are built apart and no one
 * hands out number ranges.
 */
public record ErrorCode(String name, ErrorKind kind) implements ErrorCodeSupplier {
    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9]*(_[A-Z0-9]+)*");

    public ErrorCode {
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("error code name must be upper-case words joined by '_', such as "
                    + "NOT_JSON: '" + name + "'");
        }
    }

    @Override
    public ErrorCode toErrorCode() {
        return this;
    }

    @Override
    public String toString() {
        return name;
    }
}
