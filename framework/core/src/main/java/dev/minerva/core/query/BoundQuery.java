package dev.minerva.core.query;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * SQL text with positional {@code ?} parameters and their values, in order. Values are only {@link String} and
 * {@link Long}: bind them with {@code setString}/{@code setLong} (DuckDB and Trino JDBC), or render them as Athena
 * ExecutionParameters ({@code 'text'} with quotes doubled, numbers bare). No value from a query is ever in the text.
 */
public record BoundQuery(String sql, List<Object> parameters) {
    public BoundQuery {
        requireNonNull(sql, "sql is null");
        parameters = List.copyOf(requireNonNull(parameters, "parameters is null"));
        long placeholders = sql.chars().filter(c -> c == '?').count();
        if (placeholders != parameters.size()) {
            throw new IllegalArgumentException(
                    "SQL has " + placeholders + " placeholders but " + parameters.size() + " parameters");
        }
        for (Object parameter : parameters) {
            if (!(parameter instanceof String || parameter instanceof Long)) {
                throw new IllegalArgumentException("parameters must be String or Long, got " + parameter.getClass());
            }
        }
    }
}
