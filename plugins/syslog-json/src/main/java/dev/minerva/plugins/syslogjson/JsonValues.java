package dev.minerva.plugins.syslogjson;

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
 * Builds plain Java values from streaming tokens: maps, lists, String, Long, BigInteger, BigDecimal, Boolean and null,
 * so the plugin needs jackson-core only and numbers keep every digit.
 */
final class JsonValues {
    private static final Pattern SOURCE_MARKER =
            Pattern.compile(" \\(start marker at \\[Source: [^;]*; line: \\d+, column: (\\d+)\\]\\)");

    private JsonValues() {
    }

    /** Reads the value whose first token is the parser's current token, leaving the parser on its last token. */
    static Object read(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT:
                return readObject(parser);
            case START_ARRAY:
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(parser));
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

    /** Reads an object whose START_OBJECT is the current token; later duplicate keys win, as in most JSON readers. */
    static Map<String, Object> readObject(JsonParser parser) throws IOException {
        // LinkedHashMap, not Map.copyOf: key order is the source's, and JSON nulls must survive.
        Map<String, Object> map = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            parser.nextToken();
            map.put(key, read(parser));
        }
        return Collections.unmodifiableMap(map);
    }

    /**
     * The parser's message without its source description, which would only repeat the (already stored) excerpt
     * or say "REDACTED".
     */
    static String plainMessage(JsonProcessingException e) {
        return SOURCE_MARKER.matcher(e.getOriginalMessage()).replaceAll(" (opened at column $1)");
    }

    /** How a value reads in a rejection reason: its JSON type. */
    static String describeType(Object value) {
        if (value == null) {
            return "null";
        } else if (value instanceof Map) {
            return "an object";
        } else if (value instanceof List) {
            return "an array";
        } else if (value instanceof String) {
            return "a string";
        } else if (value instanceof Boolean) {
            return "a boolean";
        }
        return "a number";
    }
}
