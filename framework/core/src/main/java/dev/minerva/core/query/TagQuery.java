package dev.minerva.core.query;

import static java.util.Objects.requireNonNull;

/** Records whose tag equals {@code pattern}, or starts with it minus a trailing {@code *} ({@code aws.*}). */
public record TagQuery(String pattern) implements Query {
    public TagQuery {
        requireNonNull(pattern, "pattern is null");
        int star = pattern.indexOf('*');
        if (pattern.isEmpty() || (star >= 0 && star != pattern.length() - 1)) {
            throw new IllegalArgumentException("tag pattern must be non-empty with '*' only at the end: " + pattern);
        }
    }

    /** True when the pattern ends with {@code *}. */
    public boolean isPrefix() {
        return pattern.endsWith("*");
    }

    /** The pattern without its trailing {@code *}. */
    public String prefix() {
        return isPrefix() ? pattern.substring(0, pattern.length() - 1) : pattern;
    }

    @Override
    public String toString() {
        return "tag:" + QueryText.term(pattern, true);
    }
}
