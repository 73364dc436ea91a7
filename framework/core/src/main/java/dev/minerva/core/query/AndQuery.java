package dev.minerva.core.query;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.Collectors;

/** Records matching every operand. */
public record AndQuery(List<Query> operands) implements Query {
    public AndQuery {
        operands = List.copyOf(requireNonNull(operands, "operands is null"));
        if (operands.size() < 2) {
            throw new IllegalArgumentException("AND needs at least two operands");
        }
    }

    @Override
    public String toString() {
        return operands.stream()
                .map(operand -> operand instanceof OrQuery ? "(" + operand + ")" : operand.toString())
                .collect(Collectors.joining(" AND "));
    }
}
