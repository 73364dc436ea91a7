package dev.minerva.core.terms;

/** Receives the (field path, term) pairs of one record from {@link FieldTermExtractor}. */
@FunctionalInterface
public interface FieldTermSink {
    void accept(String field, String term);
}
