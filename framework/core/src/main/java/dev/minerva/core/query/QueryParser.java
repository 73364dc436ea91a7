package dev.minerva.core.query;

import static java.util.Objects.requireNonNull;

import dev.minerva.core.CoreErrorCode;
import dev.minerva.core.terms.TermTokenizer;
import dev.minerva.spi.ErrorLocation;
import dev.minerva.spi.MinervaException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Parses query text into a {@link Query}.
 *
 * <pre>
 * query   := or
 * or      := and ( "OR" and )*
 * and     := unary ( ["AND"] unary )*            juxtaposition means AND
 * unary   := "NOT" unary | "-" unary | primary   NOT binds tighter than AND, AND tighter than OR
 * primary := "(" or ")" | "phrase" | field:value | field:"phrase" | word
 * </pre>
 *
 * <ul>
 * <li>Keywords are upper-case only: {@code and}, {@code or}, {@code not} are ordinary terms.</li>
 * <li>{@code -x} negates when {@code -} starts a token; to search a negative number quote it: {@code "-5"}.</li>
 * <li>{@code name:value} is a field query when {@code name} starts with a letter, {@code _} or {@code @} and has
 *     only letters, digits and {@code _ . - @ $}. The value runs to whitespace, a quote or a parenthesis and may
 *     contain colons ({@code userIdentity.arn:arn:aws:iam::1:user/alice}). Words starting with {@code arn:},
 *     IPv6-like words and URLs ({@code scheme://}) are terms, not fields.</li>
 * <li>{@code tag:x} (field name {@code tag}, any case) filters by the record's tag; {@code tag:aws.*} matches
 *     tags starting with {@code aws.}; {@code *} is allowed only at the end.</li>
 * <li>A word is tokenized like indexed text; when it holds several chunks ({@code a,b}) all must match, in the
 *     same field if one was given. A bare word with no letter or digit ({@code --}, {@code ;}) is skipped, so
 *     pasted punctuation never fails a query; a query with nothing else is an error. A quoted phrase of one term is that term; a longer phrase needs all its terms
 *     and its text in the record. Inside quotes {@code \"} and {@code \\} escape.</li>
 * </ul>
 * Errors are {@link MinervaException}s: {@code QUERY_SYNTAX} with the 1-based column as their location (and in the
 * message, with what was expected), or {@code EMPTY_QUERY}.
 */
public final class QueryParser {
    private final TermTokenizer tokenizer;

    public QueryParser(TermTokenizer tokenizer) {
        this.tokenizer = requireNonNull(tokenizer, "tokenizer is null");
    }

    /** Parses {@code text}; throws a USER_INPUT {@link MinervaException} on a syntax error or an empty query. */
    public Query parse(String text) {
        requireNonNull(text, "text is null");
        if (text.isBlank()) {
            throw new MinervaException(CoreErrorCode.EMPTY_QUERY,
                    "Query is empty: type a term (an IP address, an access key id, a user name), field:value or \"a phrase\"");
        }
        Run run = new Run(text);
        if (run.current.kind == Kind.END) {
            throw new MinervaException(CoreErrorCode.EMPTY_QUERY, "Query has nothing to search for: a term needs letters or digits, got '"
                    + text.strip() + "'");
        }
        return run.parseAll();
    }

    private enum Kind { LPAREN, RPAREN, MINUS, WORD, PHRASE, AND, OR, NOT, END }

    /** One lexical token; {@code field} is set for {@code field:value} and {@code field:"phrase"}. */
    private record Token(Kind kind, String text, Optional<String> field, int column) {
    }

    /** The state of one parse: the text and a cursor over it. */
    private final class Run {
        private final String text;
        private int position;
        private Token current;

        Run(String text) {
            this.text = text;
            this.current = next();
        }

        Query parseAll() {
            Query query = parseOr();
            if (current.kind == Kind.RPAREN) {
                throw error(current.column, "unexpected ')' with no '(' to close");
            }
            if (current.kind != Kind.END) {
                throw error(current.column, "expected AND, OR or the end of the query");
            }
            return query;
        }

        private Query parseOr() {
            List<Query> operands = new ArrayList<>();
            operands.add(parseAnd());
            while (current.kind == Kind.OR) {
                Token or = advance();
                expectOperand(or, "'OR'");
                operands.add(parseAnd());
            }
            return operands.size() == 1 ? operands.get(0) : new OrQuery(flatten(operands, OrQuery.class));
        }

        private Query parseAnd() {
            List<Query> operands = new ArrayList<>();
            operands.add(parseUnary());
            while (true) {
                if (current.kind == Kind.AND) {
                    Token and = advance();
                    expectOperand(and, "'AND'");
                } else if (!startsOperand(current.kind)) {
                    break;
                }
                operands.add(parseUnary());
            }
            return operands.size() == 1 ? operands.get(0) : new AndQuery(flatten(operands, AndQuery.class));
        }

        private Query parseUnary() {
            if (current.kind == Kind.NOT || current.kind == Kind.MINUS) {
                Token not = advance();
                expectOperand(not, not.kind == Kind.NOT ? "'NOT'" : "'-'");
                return new NotQuery(parseUnary());
            }
            return parsePrimary();
        }

        private Query parsePrimary() {
            Token token = current;
            switch (token.kind) {
                case LPAREN -> {
                    advance();
                    if (current.kind == Kind.RPAREN) {
                        throw error(current.column, "expected a term inside the '(' at column " + token.column);
                    }
                    expectOperand(token, "'('");
                    Query inner = parseOr();
                    if (current.kind != Kind.RPAREN) {
                        throw error(current.column, "expected ')' to close the '(' at column " + token.column);
                    }
                    advance();
                    return inner;
                }
                case WORD -> {
                    advance();
                    return word(token);
                }
                case PHRASE -> {
                    advance();
                    return phrase(token);
                }
                default -> throw error(token.column, expectedOperand());
            }
        }

        private Query word(Token token) {
            if (isTagField(token.field)) {
                return tag(token);
            }
            List<String> terms = tokenizer.queryTerms(token.text);
            if (terms.isEmpty()) {
                throw error(token.column, "nothing searchable in '" + token.text
                        + "': a term needs letters or digits");
            }
            List<Query> queries = new ArrayList<>();
            for (String term : terms) {
                queries.add(new TermQuery(token.field, term));
            }
            return queries.size() == 1 ? queries.get(0) : new AndQuery(queries);
        }

        private Query phrase(Token token) {
            if (isTagField(token.field)) {
                return tag(token);
            }
            List<String> terms = tokenizer.queryTerms(token.text);
            if (terms.isEmpty()) {
                throw error(token.column, "nothing searchable in the phrase \"" + token.text
                        + "\": a phrase needs letters or digits");
            }
            // A phrase of one term adds nothing a term query does not already say.
            if (terms.size() == 1 && token.text.strip().toLowerCase(Locale.ROOT).equals(terms.get(0))) {
                return new TermQuery(token.field, terms.get(0));
            }
            return new PhraseQuery(token.field, token.text, terms);
        }

        private Query tag(Token token) {
            String pattern = token.text;
            int star = pattern.indexOf('*');
            if (pattern.isEmpty() || (star >= 0 && star != pattern.length() - 1) || pattern.equals("*")) {
                throw error(token.column, "expected a tag such as tag:aws.cloudtrail or a prefix such as tag:aws.*"
                        + " ('*' only at the end), got '" + pattern + "'");
            }
            return new TagQuery(pattern);
        }

        private boolean isTagField(Optional<String> field) {
            return field.isPresent() && field.get().equalsIgnoreCase("tag");
        }

        private void expectOperand(Token after, String what) {
            if (!startsOperand(current.kind)) {
                throw error(current.column, expectedOperand() + " after " + what + " at column " + after.column);
            }
        }

        private String expectedOperand() {
            String found = switch (current.kind) {
                case END -> "the end of the query";
                case RPAREN -> "')'";
                default -> "'" + current.kind.name() + "'";
            };
            return "expected a term, \"phrase\", field:value, NOT or '(' but found " + found;
        }

        private boolean startsOperand(Kind kind) {
            return kind == Kind.LPAREN || kind == Kind.WORD || kind == Kind.PHRASE || kind == Kind.NOT
                    || kind == Kind.MINUS;
        }

        private List<Query> flatten(List<Query> operands, Class<? extends Query> type) {
            List<Query> flat = new ArrayList<>();
            for (Query operand : operands) {
                if (type == AndQuery.class && operand instanceof AndQuery and) {
                    flat.addAll(and.operands());
                } else if (type == OrQuery.class && operand instanceof OrQuery or) {
                    flat.addAll(or.operands());
                } else {
                    flat.add(operand);
                }
            }
            return flat;
        }

        private Token advance() {
            Token previous = current;
            current = next();
            return previous;
        }

        private Token next() {
            int length = text.length();
            while (position < length && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
            int start = position;
            int column = start + 1;
            if (start >= length) {
                return new Token(Kind.END, "", Optional.empty(), column);
            }
            char c = text.charAt(start);
            if (c == '(') {
                position++;
                return new Token(Kind.LPAREN, "(", Optional.empty(), column);
            }
            if (c == ')') {
                position++;
                return new Token(Kind.RPAREN, ")", Optional.empty(), column);
            }
            if (c == '"') {
                return new Token(Kind.PHRASE, quoted(start), Optional.empty(), column);
            }
            if (c == '-' && start + 1 < length && startsNegated(text.charAt(start + 1))) {
                position++;
                return new Token(Kind.MINUS, "-", Optional.empty(), column);
            }
            int end = start;
            while (end < length && !endsWord(text.charAt(end))) {
                end++;
            }
            position = end;
            String word = text.substring(start, end);
            switch (word) {
                case "AND":
                    return new Token(Kind.AND, word, Optional.empty(), column);
                case "OR":
                    return new Token(Kind.OR, word, Optional.empty(), column);
                case "NOT":
                    return new Token(Kind.NOT, word, Optional.empty(), column);
                default:
                    break;
            }
            int colon = word.indexOf(':');
            if (colon > 0 && isFieldName(word, colon) && !word.regionMatches(true, 0, "arn:", 0, 4)
                    && !word.startsWith("//", colon + 1) && !isIpv6Like(word)) {
                String field = word.substring(0, colon);
                String value = word.substring(colon + 1);
                if (value.isEmpty()) {
                    if (end < length && text.charAt(end) == '"') {
                        return new Token(Kind.PHRASE, quoted(end), Optional.of(field), column);
                    }
                    throw error(end + 1, "expected a value or \"phrase\" after '" + field + ":' at column " + column);
                }
                return new Token(Kind.WORD, value, Optional.of(field), column);
            }
            if (tokenizer.queryTerms(word).isEmpty()) {
                return next();
            }
            return new Token(Kind.WORD, word, Optional.empty(), column);
        }

        /** {@code -} negates only what can be an operand, so {@code --} or {@code ->} stay (skipped) punctuation. */
        private boolean startsNegated(char c) {
            return Character.isLetterOrDigit(c) || c == '(' || c == '"' || c == '_' || c == '@';
        }

        /** Reads a quoted string opening at {@code start}; leaves the cursor after the closing quote. */
        private String quoted(int start) {
            StringBuilder value = new StringBuilder();
            int i = start + 1;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '\\' && i + 1 < text.length()) {
                    value.append(text.charAt(i + 1));
                    i += 2;
                } else if (c == '"') {
                    position = i + 1;
                    return value.toString();
                } else {
                    value.append(c);
                    i++;
                }
            }
            throw error(text.length() + 1, "expected '\"' to close the quote at column " + (start + 1));
        }

        private boolean endsWord(char c) {
            return Character.isWhitespace(c) || c == '(' || c == ')' || c == '"';
        }

        private boolean isFieldName(String word, int colon) {
            char first = word.charAt(0);
            if (!(Character.isLetter(first) || first == '_' || first == '@')) {
                return false;
            }
            for (int i = 1; i < colon; i++) {
                char c = word.charAt(i);
                if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '@' || c == '$')) {
                    return false;
                }
            }
            return true;
        }

        private boolean isIpv6Like(String word) {
            int colons = 0;
            for (int i = 0; i < word.length(); i++) {
                char c = Character.toLowerCase(word.charAt(i));
                if (c == ':') {
                    colons++;
                } else if (!(Character.isDigit(c) || (c >= 'a' && c <= 'f') || c == '.')) {
                    return false;
                }
            }
            return colons >= 2;
        }

        private MinervaException error(int column, String expected) {
            return new MinervaException(CoreErrorCode.QUERY_SYNTAX, ErrorLocation.atColumn(column),
                    "Query syntax error at column " + column + ": " + expected);
        }
    }
}
