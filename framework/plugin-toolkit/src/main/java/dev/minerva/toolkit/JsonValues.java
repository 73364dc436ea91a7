package dev.minerva.toolkit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain Java values from a streaming JSON parser, as {@link dev.minerva.spi.LogRecord#fields()} holds them: maps,
 * lists, {@code String}, {@code Long}, {@code BigInteger}, {@code BigDecimal}, {@code Boolean} and null. Numbers keep
 * every digit, key order is the source's, explicit nulls survive, and a later duplicate key wins, as in most JSON
 * readers. The maps and lists are unmodifiable. A byte budget bounds what one entry may take.
 */
public final class JsonValues {
    /**
     * Thrown when a value grows past its byte budget. The parser is then somewhere inside that value, so the caller
     * skips the rest of it before reading on.
     */
    public static final class TooLargeException extends Exception {
        private static final long serialVersionUID = 1L;

        private final long maxBytes;

        TooLargeException(long maxBytes) {
            super("JSON value larger than " + maxBytes + " bytes", null, false, false);
            this.maxBytes = maxBytes;
        }

        /** The budget that was exceeded. */
        public long maxBytes() {
            return maxBytes;
        }
    }

    /**
     * Thrown when a value nests objects and arrays deeper than allowed. The parser is then somewhere inside that
     * value, so the caller skips the rest of it before reading on.
     */
    public static final class TooDeepException extends Exception {
        private static final long serialVersionUID = 1L;

        private final int maxDepth;

        TooDeepException(int maxDepth) {
            super("JSON value nested more than " + maxDepth + " levels deep", null, false, false);
            this.maxDepth = maxDepth;
        }

        /** The depth that was exceeded. */
        public int maxDepth() {
            return maxDepth;
        }
    }

    private final JsonParser parser;
    private final long budgetEnd;
    private final long maxBytes;
    private final int maxDepth;
    private int depth;

    private JsonValues(JsonParser parser, long maxBytes) {
        this(parser, maxBytes, Integer.MAX_VALUE);
    }

    private JsonValues(JsonParser parser, long maxBytes, int maxDepth) {
        this.parser = parser;
        this.maxBytes = maxBytes;
        this.maxDepth = maxDepth;
        long start = parser.currentTokenLocation().getByteOffset();
        // A parser over a String counts characters, not bytes, and reports -1: then there is no budget to keep.
        this.budgetEnd = maxBytes < 0 || start < 0 ? Long.MAX_VALUE : start + maxBytes;
    }

    /** Reads the value whose first token is the parser's current token, leaving the parser on its last token. */
    public static Object readValue(JsonParser parser) throws IOException {
        try {
            return new JsonValues(parser, -1).value();
        } catch (TooLargeException e) {
            throw new IllegalStateException("An unbounded read cannot exceed a budget", e);
        }
    }

    /** Reads the object whose START_OBJECT is the parser's current token, leaving the parser on its END_OBJECT. */
    public static Map<String, Object> readObject(JsonParser parser) throws IOException {
        try {
            return readObject(parser, -1);
        } catch (TooLargeException e) {
            throw new IllegalStateException("An unbounded read cannot exceed a budget", e);
        }
    }

    /**
     * Reads the object whose START_OBJECT is the parser's current token, leaving the parser on its END_OBJECT, or
     * fails once more than {@code maxBytes} of input were read for it, so one oversized entry cannot exhaust memory.
     * A negative limit means none. The budget counts bytes of a byte-stream parser; a parser over text has none.
     */
    public static Map<String, Object> readObject(JsonParser parser, long maxBytes) throws IOException, TooLargeException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("The parser is on " + parser.currentToken() + ", not on the START_OBJECT of an object");
        }
        return new JsonValues(parser, maxBytes).object();
    }

    /**
     * As {@link #readObject(JsonParser, long)}, and fails once objects and arrays nest more than {@code maxDepth}
     * levels (the entry's own object is level 1), so a hostile entry cannot exhaust the stack. Without this bound the
     * parser's own nesting limit (Jackson's StreamReadConstraints, 1000 by default) applies.
     */
    public static Map<String, Object> readObject(JsonParser parser, long maxBytes, int maxDepth)
            throws IOException, TooLargeException, TooDeepException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("The parser is on " + parser.currentToken() + ", not on the START_OBJECT of an object");
        }
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be positive: " + maxDepth);
        }
        JsonValues reader = new JsonValues(parser, maxBytes, maxDepth);
        try {
            return reader.object();
        } catch (DepthExceeded e) {
            throw new TooDeepException(maxDepth);
        }
    }

    /** Unchecked inside the recursion, so the two-argument readers keep their signatures. */
    private static final class DepthExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DepthExceeded() {
            super(null, null, false, false);
        }
    }

    private void enter() {
        if (++depth > maxDepth) {
            throw new DepthExceeded();
        }
    }

    /** How a value of {@link #readValue} reads in a rejection reason: "an object", "a string", "null" and so on. */
    public static String describeType(Object value) {
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

    private Map<String, Object> object() throws IOException, TooLargeException {
        enter();
        // LinkedHashMap, not Map.copyOf: key order is the source's, and JSON nulls must survive.
        Map<String, Object> map = new LinkedHashMap<>();
        while (next() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            next();
            map.put(key, value());
        }
        depth--;
        return Collections.unmodifiableMap(map);
    }

    private Object value() throws IOException, TooLargeException {
        JsonToken token = parser.currentToken();
        if (token == null) {
            throw new IllegalArgumentException("The parser is on no token; call nextToken() first");
        }
        switch (token) {
            case START_OBJECT:
                return object();
            case START_ARRAY:
                enter();
                List<Object> list = new ArrayList<>();
                while (next() != JsonToken.END_ARRAY) {
                    list.add(value());
                }
                depth--;
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
                throw new IllegalArgumentException("No JSON value starts with " + token);
        }
    }

    private JsonToken next() throws IOException, TooLargeException {
        JsonToken token = parser.nextToken();
        if (parser.currentLocation().getByteOffset() > budgetEnd) {
            throw new TooLargeException(maxBytes);
        }
        return token;
    }
}
