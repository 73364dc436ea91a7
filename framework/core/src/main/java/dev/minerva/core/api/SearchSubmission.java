package dev.minerva.core.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minerva.core.CoreErrorCode;
import dev.minerva.core.terms.TermTokenizer;
import dev.minerva.spi.MinervaException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The body of {@code POST /api/v1/search}, checked: the query as our query language, the query as the caller sent
 * it (echoed in the search's metadata), and the searched range in UTC as the half-open [from, to) the services take.
 *
 * <p>As in the original, both ends are included: {@code end_dt} names the last second searched, so {@code to} is the
 * second after it; written with a fraction ({@code 06:00:00.250}) it names the last millisecond. A fractional second
 * is accepted on either end, as Go's parser accepts one after the seconds even when the layout has none.
 * {@code end} is end_dt itself, the search's {@code end_time}.
 */
record SearchSubmission(String queryText, JsonNode sentQuery, Instant from, Instant to, Instant end) {
    private static final DateTimeFormatter ZONELESS = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .toFormatter(Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

    SearchSubmission {
        requireNonNull(queryText, "queryText is null");
        requireNonNull(sentQuery, "sentQuery is null");
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        requireNonNull(end, "end is null");
    }

    /** Parses a body; everything wrong with it is a USER_INPUT error that says what a valid body looks like. */
    static SearchSubmission parse(String body, ObjectMapper json, TermTokenizer tokenizer) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MinervaException(CoreErrorCode.INVALID_REQUEST, "Request body is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MinervaException(CoreErrorCode.INVALID_REQUEST, "Request body must be a JSON object such as "
                    + "{\"query\":[{\"term\":\"192.168.0.1\"}],\"start_dt\":\"2020-10-01T00:00:00\","
                    + "\"end_dt\":\"2020-10-01T06:00:00\"}");
        }
        JsonNode query = root.path("query");
        String text;
        if (query.isTextual()) {
            text = query.textValue();
            if (text.isBlank()) {
                throw new MinervaException(CoreErrorCode.EMPTY_QUERY, "query is empty");
            }
        } else if (query.isArray()) {
            text = termsQuery(query, tokenizer);
        } else {
            throw new MinervaException(CoreErrorCode.INVALID_REQUEST, "query must be a list of terms ([{\"term\":\"192.168.0.1\"}]) or a "
                    + "query string (\"alice AND eventName:ConsoleLogin\")");
        }
        Instant from = time(root, "start_dt");
        Instant end = time(root, "end_dt");
        if (from.isAfter(end)) {
            throw new MinervaException(CoreErrorCode.INVALID_REQUEST, "start_dt " + root.path("start_dt").textValue()
                    + " must not be after end_dt " + root.path("end_dt").textValue() + " (both ends are included)");
        }
        return new SearchSubmission(text, query.deepCopy(), from, inclusiveEnd(end, root.path("end_dt").textValue()),
                end);
    }

    /**
     * The exclusive end after an inclusive one: the next second for a time in whole seconds, else the next
     * millisecond (the warehouse's precision) after the last one named.
     */
    static Instant inclusiveEnd(Instant end, String written) {
        if (written.indexOf('.') < 0) {
            return end.plusSeconds(1);
        }
        return end.truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
    }

    /**
     * The original API's semantics: every token of every term must match. Each token is quoted, so text that looks
     * like our query syntax (NOT, parentheses, field:value) stays a plain term as it was in the original.
     */
    private static String termsQuery(JsonNode terms, TermTokenizer tokenizer) {
        if (terms.isEmpty()) {
            throw new MinervaException(CoreErrorCode.EMPTY_QUERY, "query is empty: give at least one {\"term\":\"…\"}");
        }
        List<String> quoted = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            JsonNode term = terms.get(i).path("term");
            if (!term.isTextual()) {
                throw new MinervaException(CoreErrorCode.INVALID_REQUEST, "query[" + i + "] must be an object with a text \"term\", got "
                        + terms.get(i));
            }
            for (String token : tokenizer.queryTerms(term.textValue())) {
                quoted.add('"' + token.replace("\\", "\\\\").replace("\"", "\\\"") + '"');
            }
        }
        if (quoted.isEmpty()) {
            throw new MinervaException(CoreErrorCode.EMPTY_QUERY, "query is empty: no term has letters or digits to search for");
        }
        return String.join(" ", quoted);
    }

    private static Instant time(JsonNode root, String field) {
        JsonNode value = root.path(field);
        if (!value.isTextual()) {
            throw new MinervaException(CoreErrorCode.INVALID_REQUEST, field + " is required: a UTC time such as \"2020-10-01T00:00:00\"");
        }
        try {
            return LocalDateTime.parse(value.textValue(), ZONELESS).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new MinervaException(CoreErrorCode.INVALID_REQUEST, field + " '" + value.textValue()
                    + "' is not a time; use yyyy-MM-ddTHH:mm:ss (optionally with a fraction such as .000) in UTC "
                    + "without a zone, such as 2020-10-01T00:00:00");
        }
    }
}
