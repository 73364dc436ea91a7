package dev.minerva.core.query;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.Collectors;

/** Records matching at least one operand. */
public record OrQuery(List<Query> operands) implements Query {
    public OrQuery {
        operands = List.copyOf(requireNonNull(operands, "operands is null"));
        if (operands.size() < 2) {
            throw new IllegalArgumentException("OR needs at least two operands");
        }
    }

    @Override
    public String toString() {
        return operands.stream().map(Query::toString).collect(Collectors.joining(" OR "));
    }
}
