package dev.minerva.spi;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The one exception type of Minerva. Its {@link ErrorCode} says what went wrong as data and, through its
 * {@link ErrorKind}, whose fault it is; its {@link ErrorLocation}, when there is one, says where. The message is
 * the same facts written for people (what, where, what would be valid).
 */
public class MinervaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final ErrorLocation location;

    /** An error with the fallback code of {@code kind} ({@link StandardErrorCode#of(ErrorKind)}). */
    public MinervaException(ErrorKind kind, String message) {
        this(StandardErrorCode.of(requireNonNull(kind, "kind is null")), null, message, null);
    }

    /** An error with the fallback code of {@code kind} ({@link StandardErrorCode#of(ErrorKind)}). */
    public MinervaException(ErrorKind kind, String message, Throwable cause) {
        this(StandardErrorCode.of(requireNonNull(kind, "kind is null")), null, message, cause);
    }

    public MinervaException(ErrorCodeSupplier code, String message) {
        this(code, null, message, null);
    }

    public MinervaException(ErrorCodeSupplier code, String message, Throwable cause) {
        this(code, null, message, cause);
    }

    /** An error at {@code location}; the message should name the location too, for people. */
    public MinervaException(ErrorCodeSupplier code, ErrorLocation location, String message) {
        this(code, requireNonNull(location, "location is null"), message, null);
    }

    /** An error at {@code location}; the message should name the location too, for people. */
    public MinervaException(ErrorCodeSupplier code, ErrorLocation location, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(requireNonNull(code, "code is null").toErrorCode(), "code.toErrorCode() is null");
        this.location = location;
    }

    /** Shorthand for an error the user can fix: bad configuration, option or query. */
    public static MinervaException userInput(String message) {
        return new MinervaException(StandardErrorCode.USER_ERROR, message);
    }

    /** Whose fault the error is; the kind of its {@link #errorCode()}. */
    public ErrorKind kind() {
        return code.kind();
    }

    public ErrorCode errorCode() {
        return code;
    }

    public Optional<ErrorLocation> location() {
        return Optional.ofNullable(location);
    }
}
