package dev.minerva.spi;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Where an error is, as far as it is known: a resource (a configuration file, an S3 object such as
 * {@code s3://bucket/key}, a plugin JAR), a 1-based line in it and a 1-based column on that line. A query syntax error
 * has only a column; a YAML mistake has all three; an unreadable object has only its location.
 *
 * <p>The record keeps "unknown" as {@code ""} and {@code 0} so that it stays a plain value; read it through
 * {@link #resourceName()}, {@link #lineNumber()} and {@link #columnNumber()}.
 */
public record ErrorLocation(String resource, long line, int column) {
    public ErrorLocation {
        requireNonNull(resource, "resource is null");
        if (line < 0) {
            throw new IllegalArgumentException("line must be 1 or more, or 0 for none: " + line);
        }
        if (column < 0) {
            throw new IllegalArgumentException("column must be 1 or more, or 0 for none: " + column);
        }
        if (resource.isEmpty() && line == 0 && column == 0) {
            throw new IllegalArgumentException("an error location needs a resource, a line or a column");
        }
    }

    /** A whole resource: an S3 object, a file, a directory. */
    public static ErrorLocation of(String resource) {
        return new ErrorLocation(requireNonEmpty(resource), 0, 0);
    }

    /** A line and column in a text resource, such as a YAML file. */
    public static ErrorLocation inText(String resource, long line, int column) {
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column start at 1: " + line + ":" + column);
        }
        return new ErrorLocation(requireNonEmpty(resource), line, column);
    }

    /** A line of a resource, such as the line of a log object that was refused. */
    public static ErrorLocation atLine(String resource, long line) {
        if (line < 1) {
            throw new IllegalArgumentException("line starts at 1: " + line);
        }
        return new ErrorLocation(requireNonEmpty(resource), line, 0);
    }

    /** A column of a one-line text the caller sent, such as a query. */
    public static ErrorLocation atColumn(int column) {
        if (column < 1) {
            throw new IllegalArgumentException("column starts at 1: " + column);
        }
        return new ErrorLocation("", 0, column);
    }

    public Optional<String> resourceName() {
        return resource.isEmpty() ? Optional.empty() : Optional.of(resource);
    }

    public OptionalLong lineNumber() {
        return line == 0 ? OptionalLong.empty() : OptionalLong.of(line);
    }

    public OptionalInt columnNumber() {
        return column == 0 ? OptionalInt.empty() : OptionalInt.of(column);
    }

    /** {@code file:12:7}, {@code s3://bucket/key:4}, {@code s3://bucket/key} or {@code column 7}. */
    @Override
    public String toString() {
        if (resource.isEmpty()) {
            return line == 0 ? "column " + column : "line " + line + (column == 0 ? "" : ", column " + column);
        }
        if (line == 0) {
            return column == 0 ? resource : resource + ", column " + column;
        }
        return resource + ":" + line + (column == 0 ? "" : ":" + column);
    }

    private static String requireNonEmpty(String resource) {
        requireNonNull(resource, "resource is null");
        if (resource.isEmpty()) {
            throw new IllegalArgumentException("resource is empty");
        }
        return resource;
    }
}
