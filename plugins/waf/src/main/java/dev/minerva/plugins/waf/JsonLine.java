package dev.minerva.plugins.waf;

import dev.minerva.toolkit.JsonErrors;
import dev.minerva.toolkit.JsonValues;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.minerva.spi.StandardErrorCode;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/** Reads one line holding one JSON object, or says why the line is not one. */
final class JsonLine {
    private static final JsonFactory JSON = new JsonFactory();

    private JsonLine() {
    }

    /** The object on the line, or the code and reason it cannot be read; either object or problem is set. */
    record Result(Map<String, Object> object, StandardErrorCode code, String problem) {
        static Result of(Map<String, Object> object) {
            return new Result(object, null, null);
        }

        static Result failed(StandardErrorCode code, String problem) {
            return new Result(null, code, problem);
        }
    }

    static Result read(String line) {
        try (JsonParser parser = JSON.createParser(line)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                return Result.failed(StandardErrorCode.WRONG_JSON_TYPE, "expected a JSON object, found " + describe(first));
            }
            Map<String, Object> object = JsonValues.readObject(parser, -1);
            if (parser.nextToken() != null) {
                return Result.failed(StandardErrorCode.NOT_JSON, "unexpected content after the JSON object at column "
                        + parser.currentTokenLocation().getColumnNr());
            }
            return Result.of(object);
        } catch (JsonProcessingException e) {
            return Result.failed(StandardErrorCode.NOT_JSON, "invalid JSON at column " + e.getLocation().getColumnNr() + ": " + JsonErrors.describe(e));
        } catch (IOException | JsonValues.TooLargeException e) {
            // A String source has no I/O and no byte budget here; the framework already bounds the line length.
            return Result.failed(StandardErrorCode.NOT_JSON, "invalid JSON: " + e);
        }
    }

    /** How a JSON token reads in a message: "an array", "a number". */
    static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    }
}
