package dev.minerva.core.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minerva.spi.Line;
import dev.minerva.spi.LogFormat;
import dev.minerva.spi.LogRecord;
import dev.minerva.spi.MinervaException;
import dev.minerva.spi.Position;
import dev.minerva.spi.RecordSink;
import dev.minerva.spi.Rejection;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class LogObjectParserTest {
    /** A format that makes one record per line holding the line's text. */
    private static final LogFormat LINES = (input, sink) -> {
        Optional<Line> line;
        while ((line = input.lines().next()).isPresent()) {
            sink.accept(new LogRecord(Instant.EPOCH, input.tag(), Map.of("text", line.get().text()), Position.ofLine(line.get().number())));
        }
    };

    private final List<String> texts = new ArrayList<>();
    private final List<Rejection> rejections = new ArrayList<>();
    private final RecordSink sink = new RecordSink() {
        @Override
        public void accept(LogRecord record) {
            texts.add(record.position().line() + ":" + record.fields().get("text"));
        }

        @Override
        public void reject(Rejection rejection) {
            rejections.add(rejection);
        }

        @Override
        public void skip(Position position, String reason) {}
    };

    @Test
    void plainTextIsSplitIntoNumberedLinesWithoutTerminators() throws IOException {
        ParseSummary summary = parse("a\r\nb\n\nc", 100);
        assertThat(texts).containsExactly("1:a", "2:b", "3:", "4:c");
        assertThat(summary.gzip()).isFalse();
        assertThat(summary.records()).isEqualTo(4);
    }

    @Test
    void gzipIsDetectedByContentNotByName() throws IOException {
        ParseSummary summary = LogObjectParser.parse("lines", LINES, "file:/x/plain-name.log", "t", 100, Optional.empty(),
                new ByteArrayInputStream(gzip("one\ntwo\n")), sink);
        assertThat(summary.gzip()).isTrue();
        assertThat(texts).containsExactly("1:one", "2:two");
    }

    @Test
    void concatenatedGzipMembersAreReadAsOneObject() throws IOException {
        byte[] first = gzip("one\n");
        byte[] second = gzip("two\n");
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        LogObjectParser.parse("lines", LINES, "file:/x", "t", 100, Optional.empty(), new ByteArrayInputStream(both), sink);
        assertThat(texts).containsExactly("1:one", "2:two");
    }

    @Test
    void overlongLineIsRejectedWithItsNumberAndTheRestIsParsed() throws IOException {
        parse("short\n" + "y".repeat(5000) + "\nafter\n", 100);
        assertThat(texts).containsExactly("1:short", "3:after");
        assertThat(rejections).singleElement().satisfies(r -> {
            assertThat(r.position().line()).isEqualTo(2);
            assertThat(r.reason()).contains("5000 bytes", "limit of 100 bytes", "max-entry-bytes");
            assertThat(r.excerpt()).hasSize(100);
        });
    }

    @Test
    void binaryLineIsRejectedAndTheRestIsParsed() throws IOException {
        parse("good\nbad\u0000\u0001line\nalso good", 100);
        assertThat(texts).containsExactly("1:good", "3:also good");
        assertThat(rejections).singleElement().satisfies(r -> {
            assertThat(r.position().line()).isEqualTo(2);
            assertThat(r.reason()).contains("binary", "byte 4");
        });
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "cut at {0}%")
    @org.junit.jupiter.params.provider.ValueSource(ints = {5, 25, 50, 60, 75, 95, 99})
    void truncatedGzipKeepsEveryLineZcatRecoversAndRejectsOnce(int percent) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 20000; i++) {
            text.append("line number ").append(i).append(" with some text ").append(i * 7919L % 1000).append('\n');
        }
        byte[] compressed = gzip(text.toString());
        byte[] truncated = Arrays.copyOf(compressed, compressed.length * percent / 100);
        long zcatLines = new String(zcat(truncated), StandardCharsets.UTF_8).chars().filter(c -> c == '\n').count();
        ParseSummary summary = LogObjectParser.parse("lines", LINES, "file:/x", "t", 1000, Optional.empty(), new ByteArrayInputStream(truncated), sink);
        assertThat(texts).hasSize((int) zcatLines);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(texts.get(i)).startsWith((i + 1) + ":line number " + (i + 1) + " ");
        }
        assertThat(rejections).singleElement().satisfies(r -> {
            assertThat(r.reason()).contains("gzip data is truncated or corrupt after", "compressed bytes",
                    "every complete entry before this point was kept");
            assertThat(r.position().line()).isEqualTo(texts.size() + 1);
        });
        assertThat(summary.rejections()).isEqualTo(1);
    }

    /** What zcat prints for a damaged stream: every byte the inflater recovers. */
    static byte[] zcat(byte[] compressed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(compressed))) {
            int b;
            while ((b = in.read()) >= 0) {
                out.write(b);
            }
        } catch (IOException damage) {
            // everything before it is in out
        }
        return out.toByteArray();
    }

    @Test
    void failureOfTheObjectItselfPropagates() {
        InputStream broken = new InputStream() {
            private int calls;

            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (calls++ == 0) {
                    byte[] head = "abc\n".getBytes(StandardCharsets.UTF_8);
                    System.arraycopy(head, 0, b, off, head.length);
                    return head.length;
                }
                throw new IOException("connection reset");
            }
        };
        assertThatThrownBy(() -> LogObjectParser.parse("lines", LINES, "file:/x", "t", 100, Optional.empty(), broken, sink))
                .isInstanceOf(IOException.class).hasMessage("connection reset");
    }

    @Test
    void pluginBugIsReportedAsInternalErrorNamingFormatAndLocation() {
        LogFormat buggy = (input, s) -> {
            throw new IllegalStateException("boom");
        };
        assertThatThrownBy(() -> LogObjectParser.parse("buggy", buggy, "s3://b/k", "t", 100, Optional.empty(), new ByteArrayInputStream(new byte[1]), sink))
                .isInstanceOf(MinervaException.class)
                .hasMessageContaining("'buggy'").hasMessageContaining("s3://b/k").hasMessageContaining("boom");
    }

    @Test
    void emptyObjectHasNoLines() throws IOException {
        ParseSummary summary = parse("", 100);
        assertThat(texts).isEmpty();
        assertThat(summary.records()).isZero();
        assertThat(summary.rejections()).isZero();
    }

    private ParseSummary parse(String text, int max) throws IOException {
        return LogObjectParser.parse("lines", LINES, "file:/x", "t", max, Optional.empty(),
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), sink);
    }

    static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
