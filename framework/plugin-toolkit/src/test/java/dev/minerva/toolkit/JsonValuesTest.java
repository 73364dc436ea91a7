package dev.minerva.toolkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonValuesTest {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    @Test
    void objectsKeepKeyOrderNullsExactNumbersAndNesting() throws Exception {
        try (JsonParser parser = JSON.createParser("{\"b\":1,\"a\":null,\"big\":123456789012345678901234567890,"
                + "\"exact\":0.1000000000000000055511151231257827,\"list\":[true,false,\"x\",{\"k\":[]}]}")) {
            parser.nextToken();
            Map<String, Object> object = JsonValues.readObject(parser);
            assertThat(object.keySet()).containsExactly("b", "a", "big", "exact", "list");
            assertThat(object.get("b")).isEqualTo(1L);
            assertThat(object).containsEntry("a", null);
            assertThat(object.get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
            assertThat(object.get("exact")).isEqualTo(new BigDecimal("0.1000000000000000055511151231257827"));
            assertThat(object.get("list")).isEqualTo(Arrays.asList(true, false, "x", Map.of("k", List.of())));
            assertThat(parser.currentToken()).isEqualTo(JsonToken.END_OBJECT);
            assertThatThrownBy(() -> object.put("c", 1)).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void aLaterDuplicateKeyWins() throws Exception {
        try (JsonParser parser = JSON.createParser("{\"a\":1,\"a\":2}")) {
            parser.nextToken();
            assertThat(JsonValues.readObject(parser)).containsExactly(Map.entry("a", 2L));
        }
    }

    @Test
    void readValueReadsAnyValueAndLeavesTheParserOnItsLastToken() throws Exception {
        try (JsonParser parser = JSON.createParser("[1, [2]] \"next\"")) {
            parser.nextToken();
            assertThat(JsonValues.readValue(parser)).isEqualTo(List.of(1L, List.of(2L)));
            assertThat(parser.nextToken()).isEqualTo(JsonToken.VALUE_STRING);
            assertThat(JsonValues.readValue(parser)).isEqualTo("next");
        }
    }

    @Test
    void anObjectPastItsByteBudgetFailsWhileTheParserIsInsideIt() throws Exception {
        byte[] input = ("{\"small\":\"x\"}\n{\"large\":\"" + "y".repeat(10_000) + "\",\"more\":[1,2,3]}").getBytes(StandardCharsets.UTF_8);
        try (JsonParser parser = JSON.createParser(input)) {
            parser.nextToken();
            assertThat(JsonValues.readObject(parser, 100)).containsEntry("small", "x");
            parser.nextToken();
            assertThatThrownBy(() -> JsonValues.readObject(parser, 100))
                    .isInstanceOf(JsonValues.TooLargeException.class)
                    .satisfies(e -> assertThat(((JsonValues.TooLargeException) e).maxBytes()).isEqualTo(100));
        }
    }

    @Test
    void readingAnObjectFromAnythingButItsStartIsAProgrammingError() throws Exception {
        try (JsonParser parser = JSON.createParser("[1]")) {
            parser.nextToken();
            assertThatThrownBy(() -> JsonValues.readObject(parser)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("START_ARRAY");
        }
    }

    @Test
    void typesReadAsWordsForRejectionReasons() {
        assertThat(JsonValues.describeType(null)).isEqualTo("null");
        assertThat(JsonValues.describeType(Map.of())).isEqualTo("an object");
        assertThat(JsonValues.describeType(List.of())).isEqualTo("an array");
        assertThat(JsonValues.describeType("x")).isEqualTo("a string");
        assertThat(JsonValues.describeType(true)).isEqualTo("a boolean");
        assertThat(JsonValues.describeType(1L)).isEqualTo("a number");
    }
}
