package dev.minerva.core.query;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * Records holding all {@code terms} (in {@code field} if given) whose message text contains {@code text},
 * compared case-insensitively.
 */
public record PhraseQuery(Optional<String> field, String text, List<String> terms) implements Query {
    public PhraseQuery {
        requireNonNull(field, "field is null");
        requireNonNull(text, "text is null");
        terms = List.copyOf(requireNonNull(terms, "terms is null"));
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("a phrase needs at least one term");
        }
    }

    @Override
    public String toString() {
        return QueryText.field(field) + QueryText.quote(text);
    }
}
