package dev.minerva.toolkit;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;

/** JSON syntax errors in words fit for a rejection reason. */
public final class JsonErrors {
    private JsonErrors() {
    }

    /**
     * What is wrong, without Jackson's source description: Jackson writes the place where an unclosed object or
     * array began as a location dump ({@code [Source: REDACTED (...); line: 1, column: 1]}), which says nothing to a
     * user. That place is replaced with {@code line L, column C}; the location of the error itself is not part of
     * the text ({@link JsonProcessingException#getLocation()} has it). For example: {@code Unexpected end-of-input:
     * expected close marker for Object (start marker at line 1, column 1)}.
     */
    public static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        if (!(e.getProcessor() instanceof JsonParser parser)) {
            return message;
        }
        // The innermost open object or array is the one whose start Jackson names; computing its location the way
        // the parser does gives exactly the text it put into the message, whatever that text looks like.
        for (JsonStreamContext context = parser.getParsingContext(); context != null && !context.inRoot(); context = context.getParent()) {
            JsonLocation start = context.startLocation(parser.currentLocation().contentReference());
            String shown = start.toString();
            int at = message.indexOf(shown);
            if (at >= 0) {
                return message.substring(0, at) + "line " + start.getLineNr() + ", column " + start.getColumnNr()
                        + message.substring(at + shown.length());
            }
        }
        return message;
    }
}
