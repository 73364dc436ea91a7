package dev.minerva.toolkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonErrorsTest {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    @Test
    void anUnclosedObjectNamesWhereItOpenedInsteadOfJacksonsSourceDump() {
        assertThat(JsonErrors.describe(failure("{\"a\":1", false)))
                .isEqualTo("Unexpected end-of-input: expected close marker for Object (start marker at line 1, column 1)");
    }

    @Test
    void aMismatchedCloseMarkerNamesWhereTheArrayOpened() {
        assertThat(JsonErrors.describe(failure("{\"a\": [1,2}", false)))
                .isEqualTo("Unexpected close marker '}': expected ']' (for Array starting at line 1, column 7)");
    }

    @Test
    void aByteStreamOverSeveralLinesNamesTheLineTheObjectOpenedOn() {
        assertThat(JsonErrors.describe(failure("[\n  {\"a\": 1},\n  {\"b\": [2\n", true)))
                .isEqualTo("Unexpected end-of-input: expected close marker for Array (start marker at line 3, column 9)");
    }

    @Test
    void messagesWithoutAnOpenPlaceAreJacksonsOwnWords() {
        assertThat(JsonErrors.describe(failure("{\"a\" 1}", false)))
                .isEqualTo("Unexpected character ('1' (code 49)): was expecting a colon to separate field name and value");
    }

    @Test
    void noMalformedInputLeavesASourceDescriptionInTheText() {
        for (String input : List.of("{\"a\":1", "{\"a\":1,", "{\"a\": [1,2}", "{\"a\":tru}", "[1,2", "{\"a\":\"x", "{\"a\":1]",
                "{'a':1}", "{\"a\":[{\"b\":{\"c\":1]}]}", "\u0001")) {
            for (boolean bytes : List.of(false, true)) {
                assertThat(JsonErrors.describe(failure(input, bytes))).as(input).doesNotContain("Source").doesNotContain("REDACTED");
            }
        }
    }

    private static JsonProcessingException failure(String input, boolean bytes) {
        try (JsonParser parser = bytes ? JSON.createParser(input.getBytes(StandardCharsets.UTF_8)) : JSON.createParser(input)) {
            while (parser.nextToken() != null) {
                parser.skipChildren();
            }
        } catch (JsonProcessingException e) {
            return e;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no JSON error in " + input);
    }
}
