package dev.minerva.core.query;

import static java.util.Objects.requireNonNull;

/** Records in the searched range that do not match {@code operand}. */
public record NotQuery(Query operand) implements Query {
    public NotQuery {
        requireNonNull(operand, "operand is null");
    }

    @Override
    public String toString() {
        boolean group = operand instanceof AndQuery || operand instanceof OrQuery;
        return "NOT " + (group ? "(" + operand + ")" : operand.toString());
    }
}
