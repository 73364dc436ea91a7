package dev.minerva.core.terms;

/** Receives the terms of one value from {@link TermTokenizer} as they are found; a term may come more than once. */
@FunctionalInterface
public interface TermConsumer {
    void accept(String term);
}
