package dev.minerva.plugins.cloudtrail;

import static java.util.Objects.requireNonNull;

import dev.minerva.spi.Position;
import dev.minerva.spi.RecordSink;
import dev.minerva.spi.Rejection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Bounded lines for the one-event-per-line framing. The SPI lets a format read an object as a stream or as lines,
 * not both, and the framing is only known after peeking at the stream, so this plugin splits lines itself with the
 * same guarantees as the framework: overlong lines are dropped without being buffered, binary lines are refused.
 */
final class EventLines {
    /** Receives one acceptable line and its 1-based number. */
    interface LineHandler {
        void line(String text, long number);
    }

    private final InputStream in;
    private final int maxLineBytes;
    private final LineHandler handler;
    private final RecordSink sink;

    EventLines(InputStream in, int maxLineBytes, LineHandler handler, RecordSink sink) {
        this.in = requireNonNull(in, "in is null");
        this.maxLineBytes = maxLineBytes;
        this.handler = requireNonNull(handler, "handler is null");
        this.sink = requireNonNull(sink, "sink is null");
    }

    void run() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long number = 1;
        long length = 0;
        long nulAt = -1;
        for (int b = in.read(); ; b = in.read()) {
            if (b == '\n' || b < 0) {
                if (b >= 0 || length > 0) {
                    finish(line, number, length, nulAt);
                }
                if (b < 0) {
                    return;
                }
                number++;
                length = 0;
                nulAt = -1;
                line.reset();
                continue;
            }
            length++;
            if (b == 0 && nulAt < 0) {
                nulAt = length;
            }
            if (length <= maxLineBytes) {
                line.write(b);
            }
        }
    }

    private void finish(ByteArrayOutputStream line, long number, long length, long nulAt) {
        Position position = Position.ofLine(number);
        if (length > maxLineBytes) {
            sink.reject(new Rejection(position, "line is " + length + " bytes long, over the limit of " + maxLineBytes
                    + " bytes; skipped", ""));
            return;
        }
        if (nulAt > 0) {
            sink.reject(new Rejection(position, "line holds binary data (a NUL byte at byte " + nulAt + "), not text; skipped", ""));
            return;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        if (!text.isBlank()) {
            handler.line(text, number);
        }
    }
}
