package dev.minerva.plugins.s3access;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cuts one line of an AWS space-separated log into its fields: a field in double quotes may hold spaces and
 * backslash-escaped quotes, a field in square brackets (a bracketed time) may hold spaces, and runs of blanks count
 * as one separator because the documented examples are not always single-spaced.
 */
final class QuotedTokens {
    private QuotedTokens() {
    }

    /** One field of a line: its text without the enclosing quotes or brackets, and whether it had them. */
    record Token(String value, boolean enclosed) {
        Token {
            requireNonNull(value, "value is null");
        }
    }

    /** The fields of {@code line}, or why it cannot be cut (an unclosed quote or bracket). */
    record Result(List<Token> tokens, Optional<String> problem) {
        Result {
            tokens = List.copyOf(requireNonNull(tokens, "tokens is null"));
            requireNonNull(problem, "problem is null");
        }
    }

    static Result split(String line) {
        List<Token> tokens = new ArrayList<>(40);
        int length = line.length();
        int i = skipBlanks(line, 0);
        StringBuilder value = new StringBuilder();
        while (i < length) {
            int start = i;
            char first = line.charAt(i);
            value.setLength(0);
            if (first == '"' || first == '[') {
                char close = first == '"' ? '"' : ']';
                i++;
                boolean closed = false;
                while (i < length) {
                    char c = line.charAt(i);
                    if (close == '"' && c == '\\' && i + 1 < length) {
                        char next = line.charAt(i + 1);
                        if (next == '"' || next == '\\') {
                            value.append(next);
                            i += 2;
                            continue;
                        }
                    }
                    if (c == close) {
                        closed = true;
                        i++;
                        break;
                    }
                    value.append(c);
                    i++;
                }
                if (!closed) {
                    return new Result(tokens, Optional.of("the " + (close == '"' ? "quote" : "bracket") + " opened at column "
                            + (start + 1) + " is never closed"));
                }
                if (i >= length || isBlank(line.charAt(i))) {
                    tokens.add(new Token(value.toString(), true));
                } else {
                    // Text glued to the closing quote, as in NLB's "h2","http/1.1": the field is the raw text up to
                    // the next blank outside quotes.
                    i = endOfRawField(line, i);
                    if (i < 0) {
                        return new Result(tokens, Optional.of("a quote in the field starting at column " + (start + 1)
                                + " is never closed"));
                    }
                    tokens.add(new Token(line.substring(start, i), false));
                }
            } else {
                while (i < length && !isBlank(line.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(line.substring(start, i), false));
            }
            i = skipBlanks(line, i);
        }
        return new Result(tokens, Optional.empty());
    }

    /** Where a field that mixes quoted and plain text ends, or -1 when a quote in it is never closed. */
    private static int endOfRawField(String line, int from) {
        boolean quoted = false;
        int i = from;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (quoted && c == '\\' && i + 1 < line.length()) {
                i += 2;
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && isBlank(c)) {
                break;
            }
            i++;
        }
        return quoted ? -1 : i;
    }

    private static int skipBlanks(String line, int from) {
        int i = from;
        while (i < line.length() && isBlank(line.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
