package dev.minerva.core.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minerva.core.CoreErrorCode;
import dev.minerva.core.terms.TermTokenizer;
import dev.minerva.spi.ErrorKind;
import dev.minerva.spi.ErrorLocation;
import dev.minerva.spi.MinervaException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryParserTest {
    private final QueryParser parser = new QueryParser(new TermTokenizer());

    private static TermQuery term(String term) {
        return new TermQuery(Optional.empty(), term);
    }

    private static TermQuery term(String field, String term) {
        return new TermQuery(Optional.of(field), term);
    }

    @Test
    void juxtapositionIsAndAndPrecedenceIsNotThenAndThenOr() {
        assertThat(parser.parse("a b OR c AND NOT d")).isEqualTo(new OrQuery(List.of(
                new AndQuery(List.of(term("a"), term("b"))),
                new AndQuery(List.of(term("c"), new NotQuery(term("d")))))));
        assertThat(parser.parse("NOT a b")).isEqualTo(new AndQuery(List.of(new NotQuery(term("a")), term("b"))));
        assertThat(parser.parse("(a OR b) -c")).isEqualTo(new AndQuery(List.of(
                new OrQuery(List.of(term("a"), term("b"))), new NotQuery(term("c")))));
        assertThat(parser.parse("a OR b OR c")).isEqualTo(new OrQuery(List.of(term("a"), term("b"), term("c"))));
    }

    @Test
    void lowerCaseKeywordsAreTerms() {
        assertThat(parser.parse("cats and dogs")).isEqualTo(new AndQuery(List.of(term("cats"), term("and"), term("dogs"))));
    }

    @Test
    void fieldValuesMayContainColons() {
        assertThat(parser.parse("userIdentity.arn:arn:aws:iam::123:user/alice"))
                .isEqualTo(term("userIdentity.arn", "arn:aws:iam::123:user/alice"));
        assertThat(parser.parse("srcaddr:10.0.0.1")).isEqualTo(term("srcaddr", "10.0.0.1"));
        assertThat(parser.parse("arn:aws:iam::123:user/alice")).isEqualTo(term("arn:aws:iam::123:user/alice"));
        assertThat(parser.parse("fe80::1")).isEqualTo(term("fe80::1"));
        assertThat(parser.parse("https://example.com/x")).isEqualTo(term("https://example.com/x"));
        assertThat(parser.parse("12:30:00")).isEqualTo(term("12:30:00"));
    }

    @Test
    void quotedValuesAndPhrases() {
        assertThat(parser.parse("eventName:\"ConsoleLogin\"")).isEqualTo(term("eventName", "consolelogin"));
        assertThat(parser.parse("\"Hello World-wide\"")).isEqualTo(
                new PhraseQuery(Optional.empty(), "Hello World-wide", List.of("hello", "world-wide")));
        assertThat(parser.parse("msg:\"access \\\"denied\\\"\"")).isEqualTo(
                new PhraseQuery(Optional.of("msg"), "access \"denied\"", List.of("access", "denied")));
        assertThat(parser.parse("\"-5\"")).isEqualTo(term("-5"));
    }

    @Test
    void aWordOfSeveralChunksNeedsThemAllInTheSameField() {
        assertThat(parser.parse("msg:a,b")).isEqualTo(new AndQuery(List.of(term("msg", "a"), term("msg", "b"))));
        assertThat(parser.parse("Alice@Example.com")).isEqualTo(term("alice@example.com"));
    }

    @Test
    void tagQueries() {
        assertThat(parser.parse("tag:aws.cloudtrail alice")).isEqualTo(
                new AndQuery(List.of(new TagQuery("aws.cloudtrail"), term("alice"))));
        assertThat(parser.parse("TAG:aws.*")).isEqualTo(new TagQuery("aws.*"));
        assertThat(((TagQuery) parser.parse("tag:aws.*")).prefix()).isEqualTo("aws.");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "a b OR c AND NOT d",
        "(a OR b) -c",
        "NOT (a OR b) AND tag:aws.*",
        "userIdentity.arn:arn:aws:iam::123:user/alice srcaddr:10.0.0.1",
        "arn:aws:iam::1:user/x 2001:db8::1 \"-5\"",
        "msg:\"access \\\"denied\\\" now\" OR \"a b\"",
    })
    void canonicalTextParsesBackToTheSameQuery(String text) {
        Query query = parser.parse(text);
        assertThat(parser.parse(query.toString())).isEqualTo(query);
    }

    @Test
    void canonicalText() {
        assertThat(parser.parse("a  b or  (c OR d) NOT (e f)").toString())
                .isEqualTo("a AND b AND or AND (c OR d) AND NOT (e AND f)");
    }

    private static void assertError(QueryParser parser, String text, String message) {
        assertThatThrownBy(() -> parser.parse(text))
                .isInstanceOf(MinervaException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(((MinervaException) e).kind()).isEqualTo(ErrorKind.USER_INPUT));
    }

    @Test
    void syntaxErrorsNameTheColumnAndWhatWasExpected() {
        assertError(parser, "a (bb OR cc d", "Query syntax error at column 14: expected ')' to close the '(' at column 3");
        assertError(parser, "a OR", "Query syntax error at column 5: expected a term, \"phrase\", field:value, NOT or '('"
                + " but found the end of the query after 'OR' at column 3");
        assertError(parser, "a AND OR b", "Query syntax error at column 7: expected a term, \"phrase\", field:value,"
                + " NOT or '(' but found 'OR' after 'AND' at column 3");
        assertError(parser, "a)", "Query syntax error at column 2: unexpected ')' with no '(' to close");
        assertError(parser, "a \"b c", "Query syntax error at column 7: expected '\"' to close the quote at column 3");
        assertError(parser, "x ()", "Query syntax error at column 4: expected a term inside the '(' at column 3");
        assertError(parser, "src: 1", "Query syntax error at column 5: expected a value or \"phrase\" after 'src:' at column 1");
        assertError(parser, "!!! --", "Query has nothing to search for: a term needs letters or digits, got '!!! --'");
        assertError(parser, "x:!!!", "Query syntax error at column 1: nothing searchable in '!!!': a term needs letters or digits");
        assertError(parser, "tag:a*b", "Query syntax error at column 1: expected a tag such as tag:aws.cloudtrail or a"
                + " prefix such as tag:aws.* ('*' only at the end), got 'a*b'");
        assertError(parser, "NOT", "Query syntax error at column 4: expected a term, \"phrase\", field:value, NOT or '('"
                + " but found the end of the query after 'NOT' at column 1");
    }

    @Test
    void aSyntaxErrorCarriesItsCodeAndColumnAsDataNotOnlyInTheMessage() {
        assertThatThrownBy(() -> parser.parse("a (bb OR cc d"))
                .isInstanceOfSatisfying(MinervaException.class, e -> {
                    assertThat(e.errorCode().name()).isEqualTo("QUERY_SYNTAX");
                    assertThat(e.kind()).isEqualTo(ErrorKind.USER_INPUT);
                    assertThat(e.location()).contains(ErrorLocation.atColumn(14));
                });
        assertThatThrownBy(() -> parser.parse("src: 1"))
                .isInstanceOfSatisfying(MinervaException.class,
                        e -> assertThat(e.location().orElseThrow().columnNumber()).hasValue(5));
    }

    @Test
    void anEmptyQueryHasItsOwnCodeAndNoColumn() {
        for (String text : List.of("   ", "!!! --")) {
            assertThatThrownBy(() -> parser.parse(text))
                    .as(text)
                    .isInstanceOfSatisfying(MinervaException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(CoreErrorCode.EMPTY_QUERY.toErrorCode());
                        assertThat(e.location()).isEmpty();
                    });
        }
    }

    @Test
    void punctuationOnlyWordsAreSkipped() {
        assertThat(parser.parse("'; DROP TABLE x; --")).isEqualTo(
                new AndQuery(List.of(term("drop"), term("table"), term("x"))));
        assertThat(parser.parse("a -> b")).isEqualTo(new AndQuery(List.of(term("a"), term("b"))));
    }

    @Test
    void emptyQueryIsAClearError() {
        assertThatThrownBy(() -> parser.parse("   "))
                .isInstanceOf(MinervaException.class)
                .hasMessageStartingWith("Query is empty");
    }
}
