package dev.minerva.plugins.vpcflow;

import dev.minerva.spi.Line;
import dev.minerva.spi.LineReader;
import dev.minerva.spi.LogInput;
import dev.minerva.spi.LogRecord;
import dev.minerva.spi.Position;
import dev.minerva.spi.RecordSink;
import dev.minerva.spi.Rejection;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Stand-in for the testkit harness until it lands on main: an in-memory input and a collecting sink. */
final class FakeInput implements LogInput {
    private final String location;
    private final byte[] bytes;

    FakeInput(String location, byte[] bytes) {
        this.location = location;
        this.bytes = bytes;
    }

    static FakeInput of(String text) {
        return new FakeInput("file:test.log", text.getBytes(StandardCharsets.UTF_8));
    }

    static FakeInput resource(String name) {
        try (InputStream in = FakeInput.class.getResourceAsStream(name)) {
            return new FakeInput("file:" + name, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public String tag() {
        return "test";
    }

    @Override
    public int maxEntryBytes() {
        return 1 << 20;
    }

    @Override
    public InputStream stream() {
        return new ByteArrayInputStream(bytes);
    }

    @Override
    public LineReader lines() {
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\r?\n", -1);
        int count = lines.length > 0 && lines[lines.length - 1].isEmpty() ? lines.length - 1 : lines.length;
        return new LineReader() {
            private int next;

            @Override
            public Optional<Line> next() {
                if (next >= count) {
                    return Optional.empty();
                }
                next++;
                return Optional.of(new Line(next, lines[next - 1]));
            }
        };
    }

    /** Collects everything a format pushes. */
    static final class Collected implements RecordSink {
        final List<LogRecord> records = new ArrayList<>();
        final List<Rejection> rejections = new ArrayList<>();
        final List<String> skips = new ArrayList<>();

        @Override
        public void accept(LogRecord record) {
            records.add(record);
        }

        @Override
        public void reject(Rejection rejection) {
            rejections.add(rejection);
        }

        @Override
        public void skip(Position position, String reason) {
            skips.add(position + ": " + reason);
        }
    }
}
