package dev.minerva.plugins.guardduty;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds plain Java values from streaming tokens (maps, lists, String, Long, BigInteger, BigDecimal, Boolean, null)
 * with a byte budget, so one oversized event cannot exhaust memory and numbers keep every digit.
 */
final class JsonValues {
    private static final Pattern SOURCE_MARKER =
            Pattern.compile(" \\(start marker at \\[Source: [^;]*; line: \\d+, column: (\\d+)\\]\\)");

    /** Thrown when a value grows past its byte budget; the parser is then somewhere inside that value. */
    static final class TooLarge extends Exception {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super(null, null, false, false);
        }
    }

    private final JsonParser parser;
    private final long budgetEnd;

    private JsonValues(JsonParser parser, long budgetEnd) {
        this.parser = parser;
        this.budgetEnd = budgetEnd;
    }

    /**
     * Reads the object whose START_OBJECT is the current token, leaving the parser on its END_OBJECT. Fails with
     * {@link TooLarge} once more than {@code maxBytes} of input were read for it; a negative limit means none.
     */
    static Map<String, Object> readObject(JsonParser parser, long maxBytes) throws IOException, TooLarge {
        long start = parser.currentTokenLocation().getByteOffset();
        long end = maxBytes < 0 || start < 0 ? Long.MAX_VALUE : start + maxBytes;
        return new JsonValues(parser, end).object();
    }

    private Map<String, Object> object() throws IOException, TooLarge {
        // LinkedHashMap, not Map.copyOf: key order is the source's, and JSON nulls must survive.
        Map<String, Object> map = new LinkedHashMap<>();
        while (next() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            next();
            map.put(key, value());
        }
        return Collections.unmodifiableMap(map);
    }

    private Object value() throws IOException, TooLarge {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT:
                return object();
            case START_ARRAY:
                List<Object> list = new ArrayList<>();
                while (next() != JsonToken.END_ARRAY) {
                    list.add(value());
                }
                return Collections.unmodifiableList(list);
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return switch (parser.getNumberType()) {
                    case INT, LONG -> parser.getLongValue();
                    default -> parser.getBigIntegerValue();
                };
            case VALUE_NUMBER_FLOAT:
                return parser.getDecimalValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IllegalStateException("No JSON value starts with " + token);
        }
    }

    private JsonToken next() throws IOException, TooLarge {
        JsonToken token = parser.nextToken();
        if (parser.currentLocation().getByteOffset() > budgetEnd) {
            throw new TooLarge();
        }
        return token;
    }

    /** The parser's message without its source description, which only says "REDACTED" or repeats the input. */
    static String plainMessage(JsonProcessingException e) {
        return SOURCE_MARKER.matcher(e.getOriginalMessage()).replaceAll(" (opened at column $1)");
    }
}
