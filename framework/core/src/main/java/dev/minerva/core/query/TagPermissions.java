package dev.minerva.core.query;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The tags a caller may see, applied inside the SQL so neither rows nor counts of other tags leak.
 *
 * @param tags tag patterns: a tag ({@code aws.cloudtrail}) or a prefix ending in {@code *} ({@code aws.*}); empty
 *     with {@code unrestricted} false permits nothing
 */
public record TagPermissions(boolean unrestricted, SortedSet<String> tags) {
    public TagPermissions {
        tags = Collections.unmodifiableSortedSet(new TreeSet<>(requireNonNull(tags, "tags is null")));
        if (unrestricted && !tags.isEmpty()) {
            throw new IllegalArgumentException("unrestricted permissions list no tags");
        }
        for (String tag : tags) {
            int star = tag.indexOf('*');
            if (tag.isEmpty() || tag.equals("*") || (star >= 0 && star != tag.length() - 1)) {
                throw new IllegalArgumentException("a permitted tag is a tag or a prefix with one trailing '*' "
                        + "(such as aws.*), not '" + tag + "'");
            }
        }
    }

    /** Every tag. */
    public static TagPermissions all() {
        return new TagPermissions(true, new TreeSet<>());
    }

    /** Only these tags and prefixes; an empty set permits nothing. */
    public static TagPermissions only(Set<String> tags) {
        return new TagPermissions(false, new TreeSet<>(tags));
    }

    /** Nothing at all: what a caller gets whom no configuration maps. */
    public static TagPermissions none() {
        return only(Set.of());
    }

    /** True when nothing is permitted. */
    public boolean permitsNothing() {
        return !unrestricted && tags.isEmpty();
    }

    /** Whether a record with this tag may be seen. */
    public boolean permits(String tag) {
        requireNonNull(tag, "tag is null");
        if (unrestricted) {
            return true;
        }
        for (String pattern : tags) {
            if (matches(pattern, tag)) {
                return true;
            }
        }
        return false;
    }

    /** Whether everything {@code other} permits is permitted here too. */
    public boolean covers(TagPermissions other) {
        requireNonNull(other, "other is null");
        if (unrestricted) {
            return true;
        }
        if (other.unrestricted) {
            return false;
        }
        // A pattern is covered when one of ours matches it read as a tag (a prefix "aws.c*" by "aws.*").
        return other.tags.stream().allMatch(pattern -> tags.stream().anyMatch(ours -> matches(ours, pattern)));
    }

    /** What both permit: for each pair of patterns, the narrower when one contains the other. */
    public TagPermissions intersect(TagPermissions other) {
        requireNonNull(other, "other is null");
        if (unrestricted) {
            return other;
        }
        if (other.unrestricted) {
            return this;
        }
        TreeSet<String> both = new TreeSet<>();
        for (String mine : tags) {
            for (String theirs : other.tags) {
                if (matches(mine, theirs)) {
                    both.add(theirs);
                } else if (matches(theirs, mine)) {
                    both.add(mine);
                }
            }
        }
        return only(both);
    }

    /** The exact tags among the patterns. */
    public SortedSet<String> exactTags() {
        TreeSet<String> exact = new TreeSet<>();
        tags.stream().filter(tag -> !tag.endsWith("*")).forEach(exact::add);
        return Collections.unmodifiableSortedSet(exact);
    }

    /** The prefixes among the patterns, without their {@code *}. */
    public SortedSet<String> prefixes() {
        TreeSet<String> prefixes = new TreeSet<>();
        tags.stream().filter(tag -> tag.endsWith("*")).forEach(tag -> prefixes.add(tag.substring(0, tag.length() - 1)));
        return Collections.unmodifiableSortedSet(prefixes);
    }

    @Override
    public String toString() {
        return unrestricted ? "*" : String.join(",", tags);
    }

    /** Whether {@code pattern} matches {@code tag}; a tag that is itself a prefix pattern matches as its text. */
    private static boolean matches(String pattern, String tag) {
        return pattern.endsWith("*") ? tag.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(tag);
    }
}
