package dev.minerva.plugins.example;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the pairs of one logfmt line. The grammar, as go-logfmt reads it: pairs are separated by spaces or tabs; a
 * key is one or more characters other than space, tab, {@code =} and {@code "}; {@code key=value} takes an unquoted
 * value up to the next blank (no {@code =} or {@code "} inside), or a quoted one with JSON's escapes (a backslash
 * before a quote, a backslash, n, t, or u and four hex digits, ...); {@code key=} is the empty string; a key alone is
 * {@code true}. A later duplicate key wins.
 */
final class LogfmtLine {
    /** Why a line is not logfmt, and the 1-based column where reading stopped. */
    record Problem(int column, String reason) {
    }

    /** The outcome of reading a line: its pairs, or the problem that stopped it. */
    record Result(Map<String, Object> pairs, Problem problem) {
        boolean ok() {
            return problem == null;
        }
    }

    private final String text;
    private int at;

    private LogfmtLine(String text) {
        this.text = text;
    }

    static Result read(String text) {
        return new LogfmtLine(text).pairs();
    }

    static boolean isKey(String key) {
        for (int i = 0; i < key.length(); i++) {
            if (!isKeyChar(key.charAt(i))) {
                return false;
            }
        }
        return !key.isEmpty();
    }

    private Result pairs() {
        // LinkedHashMap: keys keep the order they were written in.
        Map<String, Object> pairs = new LinkedHashMap<>();
        skipBlanks();
        while (at < text.length()) {
            int keyStart = at;
            while (at < text.length() && isKeyChar(text.charAt(at))) {
                at++;
            }
            if (at == keyStart) {
                return problem("expected a key, found '" + text.charAt(at) + "'");
            }
            String key = text.substring(keyStart, at);
            if (at == text.length() || isBlank(text.charAt(at))) {
                pairs.put(key, Boolean.TRUE);
            } else {
                at++; // the '=' that ended the key
                Object value = at < text.length() && text.charAt(at) == '"' ? quoted(key) : unquoted(key);
                if (value instanceof Problem problem) {
                    return new Result(Map.of(), problem);
                }
                pairs.put(key, value);
            }
            if (at < text.length() && !isBlank(text.charAt(at))) {
                return problem("expected a space after the value of '" + key + "', found '" + text.charAt(at) + "'");
            }
            skipBlanks();
        }
        if (pairs.isEmpty()) {
            return problem("no key=value pairs");
        }
        return new Result(Collections.unmodifiableMap(pairs), null);
    }

    private Object unquoted(String key) {
        int start = at;
        while (at < text.length() && !isBlank(text.charAt(at))) {
            char c = text.charAt(at);
            if (c == '=' || c == '"') {
                return new Problem(at + 1, "unexpected '" + c + "' in the value of '" + key + "'; quote a value that holds it");
            }
            at++;
        }
        return text.substring(start, at);
    }

    private Object quoted(String key) {
        int open = at++;
        StringBuilder value = new StringBuilder();
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '"') {
                return value.toString();
            }
            if (c != '\\') {
                value.append(c);
                continue;
            }
            if (at == text.length()) {
                break;
            }
            char escaped = text.charAt(at++);
            switch (escaped) {
                case '"', '\\', '/' -> value.append(escaped);
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case 't' -> value.append('\t');
                case 'u' -> {
                    int code = at + 4 <= text.length() ? hex(text.substring(at, at + 4)) : -1;
                    if (code < 0) {
                        return new Problem(at - 1, "'\\u' in the value of '" + key + "' needs four hex digits");
                    }
                    value.append((char) code);
                    at += 4;
                }
                default -> {
                    return new Problem(at - 1, "unknown escape '\\" + escaped + "' in the value of '" + key
                            + "'; valid are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX");
                }
            }
        }
        return new Problem(open + 1, "the quoted value of '" + key + "' is not closed");
    }

    private static int hex(String digits) {
        int code = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = Character.digit(digits.charAt(i), 16);
            if (digit < 0) {
                return -1;
            }
            code = code * 16 + digit;
        }
        return code;
    }

    private Result problem(String reason) {
        return new Result(Map.of(), new Problem(at + 1, reason));
    }

    private void skipBlanks() {
        while (at < text.length() && isBlank(text.charAt(at))) {
            at++;
        }
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isKeyChar(char c) {
        return c > ' ' && c != '=' && c != '"' && c != '\u007f';
    }
}
