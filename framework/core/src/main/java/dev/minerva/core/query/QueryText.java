package dev.minerva.core.query;

import java.util.Optional;

/** Quoting rules shared by the canonical printers of the query records. */
final class QueryText {
    private QueryText() {
    }

    static String field(Optional<String> field) {
        return field.map(name -> name + ":").orElse("");
    }

    /**
     * A term is printed bare unless the parser would read it differently: after a field only whitespace, quotes
     * and parentheses end a value; a bare term must also not look like a field, a negation or a keyword.
     */
    static String term(String term, boolean afterField) {
        boolean needsQuotes = term.chars().anyMatch(c -> Character.isWhitespace(c) || c == '"' || c == '(' || c == ')');
        if (!afterField) {
            needsQuotes |= term.indexOf(':') >= 0 || term.startsWith("-")
                    || term.equals("AND") || term.equals("OR") || term.equals("NOT");
        }
        return needsQuotes ? quote(term) : term;
    }

    static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
