package dev.minerva.core.query;

/** A parsed search query; {@code toString()} prints canonical query text that parses back to an equal query. */
public sealed interface Query permits TermQuery, PhraseQuery, TagQuery, AndQuery, OrQuery, NotQuery {
}
