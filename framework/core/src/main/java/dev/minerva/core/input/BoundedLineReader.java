package dev.minerva.core.input;

import static java.util.Objects.requireNonNull;

import dev.minerva.spi.Line;
import dev.minerva.spi.LineReader;
import dev.minerva.spi.Position;
import dev.minerva.spi.RecordSink;
import dev.minerva.spi.Rejection;
import dev.minerva.spi.StandardErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Splits a stream into UTF-8 lines of at most {@code maxLineBytes} bytes. Longer lines and lines holding NUL bytes
 * are rejected to the sink and skipped without being buffered, so memory stays bounded by the limit.
 */
public final class BoundedLineReader implements LineReader {
    private static final int CHUNK = 64 * 1024;
    static final int EXCERPT_BYTES = 256;

    private final InputStream in;
    private final int maxLineBytes;
    private final RecordSink sink;
    private final byte[] chunk = new byte[CHUNK];
    private int chunkPos;
    private int chunkLimit;
    private byte[] line = new byte[256];
    private long lineNumber;
    private boolean eof;

    public BoundedLineReader(InputStream in, int maxLineBytes, RecordSink sink) {
        this.in = requireNonNull(in, "in is null");
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
        this.sink = requireNonNull(sink, "sink is null");
    }

    @Override
    public Optional<Line> next() throws IOException {
        while (true) {
            if (eof && chunkPos >= chunkLimit) {
                return Optional.empty();
            }
            int length = 0;
            long overflow = 0; // bytes seen beyond the limit, which are dropped
            int nulAt = -1;
            boolean sawAny = false;
            boolean terminated = false;
            while (!terminated) {
                if (chunkPos >= chunkLimit && !fill()) {
                    break;
                }
                sawAny = true;
                int start = chunkPos;
                int end = chunkLimit;
                int newline = -1;
                for (int i = start; i < end; i++) {
                    byte b = chunk[i];
                    if (b == '\n') {
                        newline = i;
                        break;
                    }
                    if (b == 0 && nulAt < 0) {
                        nulAt = length + (int) Math.min(overflow, Integer.MAX_VALUE) + (i - start);
                    }
                }
                int stop = newline >= 0 ? newline : end;
                int count = stop - start;
                int room = maxLineBytes - length;
                if (count <= room) {
                    append(start, count, length);
                    length += count;
                } else {
                    if (room > 0) {
                        append(start, room, length);
                        length += room;
                    }
                    overflow += count - Math.max(room, 0);
                }
                chunkPos = newline >= 0 ? newline + 1 : end;
                terminated = newline >= 0;
            }
            if (!sawAny) {
                return Optional.empty();
            }
            lineNumber++;
            if (!terminated && length == 0 && overflow == 0) {
                return Optional.empty(); // the object ended with a line terminator
            }
            if (length > 0 && line[length - 1] == '\r' && overflow == 0) {
                length--;
            }
            if (overflow > 0) {
                sink.reject(new Rejection(StandardErrorCode.TOO_LONG, Position.ofLine(lineNumber),
                        "line is " + (length + overflow) + " bytes long, over the limit of " + maxLineBytes
                                + " bytes (raise the source's max-entry-bytes to accept it); skipped",
                        excerpt(length)));
                continue;
            }
            if (nulAt >= 0) {
                sink.reject(new Rejection(StandardErrorCode.BINARY_DATA, Position.ofLine(lineNumber),
                        "line holds binary data (a NUL byte at byte " + (nulAt + 1) + "), not text; skipped",
                        excerpt(length).replace('\0', '\uFFFD')));
                continue;
            }
            return Optional.of(new Line(lineNumber, new String(line, 0, length, StandardCharsets.UTF_8)));
        }
    }

    private String excerpt(int length) {
        return new String(line, 0, Math.min(length, EXCERPT_BYTES), StandardCharsets.UTF_8);
    }

    private void append(int from, int count, int at) {
        if (at + count > line.length) {
            line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(line.length * 2, at + count)));
        }
        System.arraycopy(chunk, from, line, at, count);
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(chunk, 0, CHUNK);
        while (n == 0) {
            n = in.read(chunk, 0, CHUNK);
        }
        if (n < 0) {
            eof = true;
            chunkPos = 0;
            chunkLimit = 0;
            return false;
        }
        chunkPos = 0;
        chunkLimit = n;
        return true;
    }
}
