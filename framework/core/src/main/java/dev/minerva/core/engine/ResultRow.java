package dev.minerva.core.engine;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One result row with values normalised across engines: text as {@link String}, integers as {@link Long},
 * timestamps as {@link Instant}; SQL NULL is {@code null} in {@link #values()}.
 */
public record ResultRow(List<Object> values) {
    public ResultRow {
        // Not List.copyOf: SQL NULL must survive as a null element.
        values = Collections.unmodifiableList(new ArrayList<>(requireNonNull(values, "values is null")));
    }

    public String string(int column) {
        return (String) value(column);
    }

    public long number(int column) {
        return (Long) value(column);
    }

    public Instant instant(int column) {
        return (Instant) value(column);
    }

    private Object value(int column) {
        Object value = values.get(column);
        if (value == null) {
            throw new IllegalStateException("Column " + column + " is NULL");
        }
        return value;
    }
}
