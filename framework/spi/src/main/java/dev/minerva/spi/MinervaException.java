package dev.minerva.spi;

import static java.util.Objects.requireNonNull;

/** The one exception type of Minerva; its {@link ErrorKind} says whose fault the failure is. */
public class MinervaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;

    public MinervaException(ErrorKind kind, String message) {
        super(requireNonNull(message, "message is null"));
        this.kind = requireNonNull(kind, "kind is null");
    }

    public MinervaException(ErrorKind kind, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.kind = requireNonNull(kind, "kind is null");
    }

    /** Shorthand for an error the user can fix: bad configuration, option or query. */
    public static MinervaException userInput(String message) {
        return new MinervaException(ErrorKind.USER_INPUT, message);
    }

    public ErrorKind kind() {
        return kind;
    }
}
