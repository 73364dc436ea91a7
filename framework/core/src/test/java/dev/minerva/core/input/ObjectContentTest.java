package dev.minerva.core.input;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minerva.spi.Line;
import dev.minerva.spi.LogFormat;
import dev.minerva.spi.LogRecord;
import dev.minerva.spi.Position;
import dev.minerva.spi.RecordSink;
import dev.minerva.spi.Rejection;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** What the framework does to an object's bytes before and after a format sees them, in both framings. */
class ObjectContentTest {
    /** One record per line, holding the line's text. */
    private static final LogFormat LINES = (input, sink) -> {
        Optional<Line> line;
        while ((line = input.lines().next()).isPresent()) {
            sink.accept(new LogRecord(Instant.EPOCH, input.tag(), Map.of("text", line.get().text()), Position.ofLine(line.get().number())));
        }
    };

    /** The CloudTrail framing: {"Records":[{"text":…},…]}, read as a stream; a parse failure is one rejection. */
    private static final LogFormat RECORDS = (input, sink) -> {
        ObjectMapper mapper = new ObjectMapper();
        long ordinal = 0;
        try (JsonParser parser = new JsonFactory().createParser(input.stream())) {
            try {
                parser.nextToken();
                parser.nextToken();
                parser.nextToken();
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    Map<?, ?> event = mapper.readValue(parser, Map.class);
                    ordinal++;
                    sink.accept(new LogRecord(Instant.EPOCH, input.tag(), Map.of("text", String.valueOf(event.get("text"))),
                            new Position(1, ordinal)));
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                sink.reject(new Rejection(new Position(1, ordinal + 1), "invalid JSON: " + e.getOriginalMessage(), ""));
            }
        }
    };

    private final List<String> texts = new ArrayList<>();
    private final List<Rejection> rejections = new ArrayList<>();
    private final RecordSink sink = new RecordSink() {
        @Override
        public void accept(LogRecord record) {
            texts.add(String.valueOf(record.fields().get("text")));
        }

        @Override
        public void reject(Rejection rejection) {
            rejections.add(rejection);
        }

        @Override
        public void skip(Position position, String reason) {}
    };

    @Test
    void utf8ByteOrderMarkIsStrippedForLines() throws IOException {
        parse(LINES, bytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "version srcaddr\nb\n"));
        assertThat(texts).containsExactly("version srcaddr", "b");
    }

    @Test
    void utf8ByteOrderMarkIsStrippedForAStreamParser() throws IOException {
        parse(RECORDS, bytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "{\"Records\":[{\"text\":\"a\"}]}"));
        assertThat(texts).containsExactly("a");
        assertThat(rejections).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE"})
    void textWithAByteOrderMarkInAnotherUnicodeEncodingIsDecoded(String charset) throws IOException {
        parse(LINES, ("\uFEFFalpha é\r\nbeta 😀\n").getBytes(Charset.forName(charset)));
        parse(RECORDS, ("\uFEFF{\"Records\":[{\"text\":\"gamma é 😀\"}]}").getBytes(Charset.forName(charset)));
        assertThat(texts).containsExactly("alpha é", "beta 😀", "gamma é 😀");
        assertThat(rejections).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"UTF-16LE", "UTF-16BE"})
    void utf16WithoutAByteOrderMarkIsRecognisedByItsZeroBytes(String charset) throws IOException {
        parse(LINES, "{\"a\":1}\nline two\n".getBytes(Charset.forName(charset)));
        assertThat(texts).containsExactly("{\"a\":1}", "line two");
    }

    @Test
    void invalidUtf8CostsACharacterNeverTheLine() throws IOException {
        byte[] content = bytes("good\nbad ".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xFF, (byte) 0xC3, '(', (byte) 0xE2, (byte) 0x82},
                " end\nlast\n".getBytes(StandardCharsets.UTF_8));
        parse(LINES, content);
        assertThat(texts).containsExactly("good", "bad \uFFFD\uFFFD(\uFFFD end", "last");
        assertThat(rejections).isEmpty();
    }

    @Test
    void invalidUtf8InsideAStreamParsedStringCostsACharacterNeverTheRestOfTheObject() throws IOException {
        byte[] content = bytes("{\"Records\":[{\"text\":\"a".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xFF, (byte) 0xED, (byte) 0xA0, (byte) 0x80, (byte) 0xF0, (byte) 0x9F},
                "\"},{\"text\":\"b\"}]}".getBytes(StandardCharsets.UTF_8));
        parse(RECORDS, content);
        assertThat(texts).hasSize(2).last().isEqualTo("b");
        assertThat(texts.get(0)).startsWith("a\uFFFD").doesNotContain("\u0000");
        assertThat(rejections).isEmpty();
    }

    @Test
    void invalidUtf8AtTheVeryEndIsReplacedToo() {
        Utf8RepairingStream repaired = new Utf8RepairingStream(new ByteArrayInputStream(new byte[] {'a', (byte) 0xE2, (byte) 0x82}));
        assertThat(new String(readAll(repaired), StandardCharsets.UTF_8)).isEqualTo("a\uFFFD");
        assertThat(repaired.replacements()).isOne();
    }

    @Test
    void validMultiByteUtf8PassesThroughUnchangedAcrossReadBoundaries() {
        String text = "é😀中".repeat(5000);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat(readAll(new Utf8RepairingStream(new ByteArrayInputStream(bytes)))).isEqualTo(bytes);
    }

    @Test
    void crlfLineEndingsAreNotPartOfTheLine() throws IOException {
        parse(LINES, "a\r\nb\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(texts).containsExactly("a", "b");
    }

    @ParameterizedTest(name = "cut at {0}%")
    @ValueSource(ints = {10, 33, 50, 66, 90})
    void truncatedGzipOfAStreamParsedDocumentKeepsEveryCompleteEventAndRejectsOnce(int percent) throws IOException {
        StringBuilder json = new StringBuilder("{\"Records\":[\n");
        for (int i = 1; i <= 3000; i++) {
            json.append(i == 1 ? "" : ",\n").append("{\"text\":\"event ").append(i).append(' ').append(i * 7919L % 1000).append("\"}");
        }
        json.append("\n]}\n");
        byte[] compressed = LogObjectParserTest.gzip(json.toString());
        byte[] truncated = Arrays.copyOf(compressed, compressed.length * percent / 100);
        String recovered = new String(LogObjectParserTest.zcat(truncated), StandardCharsets.UTF_8);
        long complete = recovered.split("\"}", -1).length - 1; // each complete event ends with "}
        parse(RECORDS, truncated);
        assertThat(texts).hasSize((int) complete);
        assertThat(texts.get(texts.size() - 1)).startsWith("event " + complete + " ");
        assertThat(rejections).singleElement().satisfies(r -> {
            assertThat(r.reason()).contains("gzip data is truncated or corrupt", "the entry it cut off was not indexed");
            assertThat(r.position().record()).isEqualTo(complete + 1);
        });
    }

    @Test
    void aRecordTimedOutsideTheAcceptedWindowIsRejectedWithTheWindow() throws IOException {
        List<Instant> times = List.of(Instant.parse("9999-12-31T00:00:00Z"), Instant.parse("2024-05-06T07:08:09Z"),
                Instant.parse("1969-12-31T23:59:59Z"), Instant.now().plus(Duration.ofDays(3)));
        LogFormat timed = (input, s) -> {
            for (int i = 0; i < times.size(); i++) {
                s.accept(new LogRecord(times.get(i), "t", Map.of("text", "r" + i), Position.ofLine(i + 1)));
            }
        };
        LogObjectParser.parse("timed", timed, "file:/x", "t", 100, Optional.empty(), new ByteArrayInputStream(new byte[0]), sink,
                EntryLimits.DEFAULT);
        assertThat(texts).containsExactly("r1");
        assertThat(rejections).extracting(r -> r.position().line()).containsExactly(1L, 3L, 4L);
        assertThat(rejections.get(0).reason()).contains("9999-12-31T00:00:00Z", "outside the accepted range 1970-01-01T00:00:00Z",
                "earliest-time", "latest-time-ahead");
    }

    @Test
    void theAcceptedWindowIsConfigurable() throws IOException {
        LogFormat timed = (input, s) -> s.accept(new LogRecord(Instant.parse("2001-01-01T00:00:00Z"), "t", Map.of("text", "old"), Position.ofLine(1)));
        EntryLimits limits = new EntryLimits(new TimeWindow(TimeWindow.parseEarliest("2010-01-01", "here"), TimeWindow.parseAhead("0", "here")), 64);
        LogObjectParser.parse("timed", timed, "file:/x", "t", 100, Optional.empty(), new ByteArrayInputStream(new byte[0]), sink, limits);
        assertThat(texts).isEmpty();
        assertThat(rejections).singleElement().satisfies(r -> assertThat(r.reason()).contains("2010-01-01T00:00:00Z"));
    }

    @Test
    void aRecordNestedDeeperThanTheLimitIsRejectedAndTheNextIsKept() throws IOException {
        Object deep = "leaf";
        for (int i = 0; i < 100_000; i++) {
            deep = i % 2 == 0 ? List.of(deep) : Map.of("k", deep);
        }
        Object nested = deep;
        LogFormat format = (input, s) -> {
            s.accept(new LogRecord(Instant.EPOCH, "t", Map.of("text", "deep", "x", nested), Position.ofLine(1)));
            s.accept(new LogRecord(Instant.EPOCH, "t", Map.of("text", "flat"), Position.ofLine(2)));
        };
        LogObjectParser.parse("deep", format, "file:/x", "t", 100, Optional.empty(), new ByteArrayInputStream(new byte[0]), sink);
        assertThat(texts).containsExactly("flat");
        assertThat(rejections).singleElement().satisfies(r -> {
            assertThat(r.position().line()).isEqualTo(1);
            assertThat(r.reason()).contains("more than 64 levels deep");
        });
    }

    private void parse(LogFormat format, byte[] content) throws IOException {
        LogObjectParser.parse("test", format, "file:/x", "t", 1000, Optional.empty(), new ByteArrayInputStream(content), sink);
    }

    private static byte[] bytes(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(byte[] head, String rest) {
        return bytes(head, rest.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
