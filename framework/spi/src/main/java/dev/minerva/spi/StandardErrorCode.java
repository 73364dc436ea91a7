package dev.minerva.spi;

import static dev.minerva.spi.ErrorKind.EXTERNAL;
import static dev.minerva.spi.ErrorKind.INTERNAL;
import static dev.minerva.spi.ErrorKind.USER_INPUT;

/**
 * The codes every plugin may use: the fallbacks for each {@link ErrorKind}, a bad format option, and why an entry
 * of a log object was refused. The names are part of the API (the search API's error JSON, the conformance kit's
 * golden files); constants are only ever added.
 *
 * <p>Rejection codes are of kind {@link ErrorKind#USER_INPUT}: the entry is wrong in the object, and reading it again
 * refuses it again.
 */
public enum StandardErrorCode implements ErrorCodeSupplier {
    /** A user mistake with no more precise code; what {@link MinervaException#userInput(String)} gives. */
    USER_ERROR(USER_INPUT),
    /** An external service or the I/O layer failed, with no more precise code. */
    EXTERNAL_ERROR(EXTERNAL),
    /** A bug in Minerva or a plugin, with no more precise code. */
    INTERNAL_ERROR(INTERNAL),

    /** A format option is unknown, missing, of the wrong type or outside its valid values. */
    INVALID_OPTION(USER_INPUT),

    /** The entry does not have the format's shape, and no code below says more; what an uncoded rejection gets. */
    MALFORMED_ENTRY(USER_INPUT),
    /** The entry is not valid JSON, or has something after its JSON value. */
    NOT_JSON(USER_INPUT),
    /** The entry is JSON of the wrong type, such as an array where an object belongs. */
    WRONG_JSON_TYPE(USER_INPUT),
    /** A field the format needs (other than the timestamp) is missing. */
    MISSING_FIELD(USER_INPUT),
    /** A field has a value the format cannot use, such as a word where a number belongs. */
    BAD_FIELD_VALUE(USER_INPUT),
    /** The entry has more or fewer fields than its layout (a header, a declared field order) says. */
    WRONG_FIELD_COUNT(USER_INPUT),
    /** The header or layout line that says how to read the rest of the object is unusable. */
    BAD_HEADER(USER_INPUT),
    /** The entry has no timestamp: the field is missing, null or '-'. */
    MISSING_TIMESTAMP(USER_INPUT),
    /** The entry's timestamp cannot be read, or is outside any plausible time. */
    BAD_TIMESTAMP(USER_INPUT),
    /** The entry is longer than the source's max-entry-bytes. */
    TOO_LONG(USER_INPUT),
    /** The line holds binary data (a NUL byte), not text. */
    BINARY_DATA(USER_INPUT),
    /** The object's gzip stream is truncated or corrupt; nothing after this point could be read. */
    DAMAGED_GZIP(USER_INPUT);

    private final ErrorCode code;

    StandardErrorCode(ErrorKind kind) {
        this.code = new ErrorCode(name(), kind);
    }

    @Override
    public ErrorCode toErrorCode() {
        return code;
    }

    /** The fallback code of a kind, for errors raised through the constructors that take only a kind. */
    public static StandardErrorCode of(ErrorKind kind) {
        return switch (kind) {
            case USER_INPUT -> USER_ERROR;
            case EXTERNAL -> EXTERNAL_ERROR;
            case INTERNAL -> INTERNAL_ERROR;
        };
    }
}
