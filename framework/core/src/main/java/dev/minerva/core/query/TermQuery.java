package dev.minerva.core.query;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** Records holding {@code term} (already lower-cased and bounded by the tokenizer), in {@code field} if given. */
public record TermQuery(Optional<String> field, String term) implements Query {
    public TermQuery {
        requireNonNull(field, "field is null");
        requireNonNull(term, "term is null");
        if (term.isEmpty()) {
            throw new IllegalArgumentException("term is empty");
        }
    }

    @Override
    public String toString() {
        return QueryText.field(field) + QueryText.term(term, field.isPresent());
    }
}
