package dev.minerva.core;

import static dev.minerva.spi.ErrorKind.EXTERNAL;
import static dev.minerva.spi.ErrorKind.INTERNAL;
import static dev.minerva.spi.ErrorKind.USER_INPUT;

import dev.minerva.spi.ErrorCode;
import dev.minerva.spi.ErrorCodeSupplier;
import dev.minerva.spi.ErrorKind;

/**
 * The codes of errors the framework raises itself (plugins use {@link dev.minerva.spi.StandardErrorCode}). The names
 * are part of the API: the search API's error JSON carries them as {@code code}, and the CLI prints them; constants
 * are only ever added.
 */
public enum CoreErrorCode implements ErrorCodeSupplier {
    /** The query text does not follow the grammar; the error's location has the 1-based column. */
    QUERY_SYNTAX(USER_INPUT),
    /** The query is blank, or holds nothing that can be searched for. */
    EMPTY_QUERY(USER_INPUT),
    /** The source configuration (YAML) is unreadable or wrong; the location has the file, line and column. */
    INVALID_SOURCE_CONFIG(USER_INPUT),
    /** No log format of the name asked for is installed. */
    UNKNOWN_FORMAT(USER_INPUT),
    /** A log-format plugin cannot be loaded: a broken JAR, a bad factory, two providers of one name. */
    INVALID_PLUGIN(USER_INPUT),
    /** A request to the search API is malformed: its body, a parameter, a time range. */
    INVALID_REQUEST(USER_INPUT),
    /** No search has the id asked for, or the caller may not see it. */
    SEARCH_NOT_FOUND(USER_INPUT),
    /** The search was cancelled before it finished. */
    SEARCH_CANCELLED(USER_INPUT),
    /** The search API has no route for the path. */
    NO_ROUTE(USER_INPUT),
    /** The route exists but not for the HTTP method used. */
    METHOD_NOT_ALLOWED(USER_INPUT),
    /** A request was refused before the API saw it: a body over the transport's limit, a malformed query string. */
    REQUEST_REFUSED(USER_INPUT),
    /** A bucket, directory or object named in the configuration does not exist. */
    LOCATION_NOT_FOUND(USER_INPUT),
    /** The role lacks a permission on a location; the message names the permission. */
    ACCESS_DENIED(USER_INPUT),
    /**
     * The caller may not see or do what it asked: no tags are mapped to its identity, a header asks for more than it
     * may see, or it would cancel a search covering tags beyond its own.
     */
    PERMISSION_DENIED(USER_INPUT),
    /** The permission rules (a stack parameter, a file on S3) are wrong; the message has the source and line. */
    INVALID_PERMISSIONS_CONFIG(USER_INPUT),
    /** Storage (S3, the local file system) failed; a retry may succeed. */
    STORAGE_FAILED(EXTERNAL),
    /** The query engine (Athena, DuckDB, Trino) failed; a retry may succeed. */
    QUERY_ENGINE_FAILED(EXTERNAL),
    /** A log format threw instead of rejecting an entry: a bug in the plugin. */
    FORMAT_FAILED(INTERNAL),
    /**
     * The warehouse holds files of a layout this Minerva does not read (or must not add to); the message says whether
     * to upgrade Minerva or which command rebuilds the warehouse.
     */
    UNSUPPORTED_WAREHOUSE_LAYOUT(USER_INPUT),
    /** The warehouse's layout record ({@code layout.json}) is unreadable. */
    INVALID_LAYOUT_RECORD(USER_INPUT);

    private final ErrorCode code;

    CoreErrorCode(ErrorKind kind) {
        this.code = new ErrorCode(name(), kind);
    }

    @Override
    public ErrorCode toErrorCode() {
        return code;
    }
}
