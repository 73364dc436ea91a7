package dev.minerva.core.api;

import static java.util.Objects.requireNonNull;

import dev.minerva.core.query.TagPermissions;
import dev.minerva.core.CoreErrorCode;
import dev.minerva.spi.MinervaException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which tags each caller may see: rules {@code <caller pattern> = <tag pattern>, …}, one per line or separated by
 * {@code ;} (a stack parameter is one line), {@code #} to the end of a line a comment. A caller is an IAM ARN
 * ({@code arn:aws:iam::123456789012:user/alice}, {@code arn:aws:sts::123456789012:assumed-role/Analyst/alice}) or
 * {@code api-key:<key id>}; a caller pattern may use {@code *} (any characters) and {@code ?} (one). An assumed role
 * also matches as its role, {@code arn:aws:iam::123456789012:role/Analyst} (the role's path is not in the
 * session's ARN: match it with {@code role/*Analyst}). A tag pattern is a tag, a prefix ending in {@code *}
 * ({@code aws.*}), or {@code *} for every tag. A caller gets the tags of every rule that matches it, and nothing
 * when none does.
 */
public final class PermissionRules {
    /** What a rule looks like, for messages. */
    static final String EXAMPLE = "such as arn:aws:sts::123456789012:assumed-role/Analyst/* = aws.cloudtrail, aws.vpc*";

    private static final Pattern ASSUMED_ROLE = Pattern.compile("arn:([^:]+):sts::(\\d+):assumed-role/([^/]+)/.*");

    private final List<Rule> rules;
    private final String source;

    private PermissionRules(List<Rule> rules, String source) {
        this.rules = List.copyOf(rules);
        this.source = source;
    }

    /** No rules: every caller is denied. */
    public static PermissionRules none() {
        return new PermissionRules(List.of(), "no configuration");
    }

    /** Parses rules; an error names {@code source}, the line and what a rule looks like. */
    public static PermissionRules parse(String text, String source) {
        requireNonNull(text, "text is null");
        requireNonNull(source, "source is null");
        List<Rule> rules = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int number = 1; number <= lines.length; number++) {
            String line = lines[number - 1];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            for (String entry : line.split(";")) {
                if (entry.isBlank()) {
                    continue;
                }
                rules.add(rule(entry.strip(), source + ":" + number));
            }
        }
        return new PermissionRules(rules, source);
    }

    /** The tags {@code caller} may see; nothing for an empty (unauthenticated) caller or one no rule maps. */
    public TagPermissions permissions(String caller) {
        requireNonNull(caller, "caller is null");
        if (caller.isEmpty()) {
            return TagPermissions.none();
        }
        List<String> names = new ArrayList<>(List.of(caller));
        Matcher assumed = ASSUMED_ROLE.matcher(caller);
        if (assumed.matches()) {
            names.add("arn:" + assumed.group(1) + ":iam::" + assumed.group(2) + ":role/" + assumed.group(3));
        }
        TreeSet<String> tags = new TreeSet<>();
        for (Rule rule : rules) {
            if (names.stream().anyMatch(name -> rule.caller().matcher(name).matches())) {
                if (rule.everything()) {
                    return TagPermissions.all();
                }
                tags.addAll(rule.tags());
            }
        }
        return TagPermissions.only(tags);
    }

    /** The number of rules, for the start-up log. */
    public int size() {
        return rules.size();
    }

    @Override
    public String toString() {
        return rules.size() + " permission rules from " + source;
    }

    private static Rule rule(String entry, String where) {
        int equals = entry.indexOf('=');
        if (equals <= 0 || equals == entry.length() - 1) {
            throw new MinervaException(CoreErrorCode.INVALID_PERMISSIONS_CONFIG, where + ": '" + entry + "' is not a permission rule; write "
                    + "<caller pattern> = <tag pattern>, …, " + EXAMPLE);
        }
        String caller = entry.substring(0, equals).strip();
        TreeSet<String> tags = new TreeSet<>();
        boolean everything = false;
        for (String tag : entry.substring(equals + 1).split(",")) {
            String stripped = tag.strip();
            if (stripped.equals("*")) {
                everything = true;
            } else if (!stripped.isEmpty()) {
                tags.add(stripped);
            }
        }
        if (!everything && tags.isEmpty()) {
            throw new MinervaException(CoreErrorCode.INVALID_PERMISSIONS_CONFIG, where + ": the rule for " + caller + " names no tags; " + EXAMPLE);
        }
        try {
            TagPermissions.only(tags);
        } catch (IllegalArgumentException e) {
            throw new MinervaException(CoreErrorCode.INVALID_PERMISSIONS_CONFIG, where + ": " + e.getMessage());
        }
        return new Rule(glob(caller), everything, tags);
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    private record Rule(Pattern caller, boolean everything, TreeSet<String> tags) {
    }
}
