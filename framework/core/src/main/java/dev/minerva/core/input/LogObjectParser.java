package dev.minerva.core.input;

import static java.util.Objects.requireNonNull;

import dev.minerva.core.CoreErrorCode;
import dev.minerva.spi.ErrorLocation;
import dev.minerva.spi.LineReader;
import dev.minerva.spi.LogFormat;
import dev.minerva.spi.LogInput;
import dev.minerva.spi.LogRecord;
import dev.minerva.spi.MinervaException;
import dev.minerva.spi.Position;
import dev.minerva.spi.RecordSink;
import dev.minerva.spi.Rejection;
import dev.minerva.spi.StandardErrorCode;
import java.io.IOException;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs a format over one object with the input handling every format shares: gzip detection by content, bounded
 * lines, and a single rejection where a damaged gzip stream breaks, after every entry before the damage.
 */
public final class LogObjectParser {
    private LogObjectParser() {}

    /**
     * Parses {@code raw} with {@code format}, pushing everything to {@code sink}. Throws {@link IOException} only
     * when the object itself cannot be read; a plugin bug surfaces as a {@link MinervaException} {@code FORMAT_FAILED} (kind INTERNAL).
     */
    public static ParseSummary parse(String formatName, LogFormat format, String location, String tag, int maxEntryBytes,
            Optional<Instant> lastModified, InputStream raw, RecordSink sink) throws IOException {
        requireNonNull(format, "format is null");
        requireNonNull(sink, "sink is null");
        GzipDetectingStream stream = GzipDetectingStream.open(raw);
        TrackingSink tracking = new TrackingSink(sink);
        ObjectInput input = new ObjectInput(location, tag, maxEntryBytes, lastModified, stream, tracking);
        try {
            format.parse(input, tracking);
        } catch (IOException e) {
            if (stream.gzipFailure().isEmpty()) {
                throw e;
            }
        } catch (MinervaException | java.io.UncheckedIOException e) {
            // Our own errors, and the sink's storage failures, pass through as they are.
            throw e;
        } catch (RuntimeException e) {
            throw new MinervaException(CoreErrorCode.FORMAT_FAILED, ErrorLocation.of(location), "Log format '" + formatName + "' failed on " + location
                    + " after " + tracking.lastPosition().map(Position::toString).orElse("the start") + ": " + e, e);
        }
        if (stream.gzipFailure().isPresent()) {
            IOException failure = stream.gzipFailure().get();
            Position at = tracking.nextPosition();
            tracking.reject(new Rejection(StandardErrorCode.DAMAGED_GZIP, at, "gzip data is truncated or corrupt after " + stream.rawBytesRead()
                    + " compressed bytes (" + stream.decodedBytesRead() + " bytes decompressed): " + failure.getMessage()
                    + "; every entry before this point was kept, the rest of the object is unreadable", ""));
        }
        return new ParseSummary(tracking.records, tracking.rejections, tracking.skips, stream.rawBytesRead(),
                stream.decodedBytesRead(), stream.isGzip());
    }

    /** The {@link LogInput} handed to a format. */
    private static final class ObjectInput implements LogInput {
        private static final int MAX_PEEK = 1024 * 1024;

        private final String location;
        private final String tag;
        private final int maxEntryBytes;
        private final Optional<Instant> lastModified;
        private final BufferedInputStream stream;
        private final RecordSink sink;
        private LineReader lines;
        private boolean read;

        ObjectInput(String location, String tag, int maxEntryBytes, Optional<Instant> lastModified, InputStream stream, RecordSink sink) {
            this.location = requireNonNull(location, "location is null");
            this.tag = requireNonNull(tag, "tag is null");
            this.maxEntryBytes = maxEntryBytes;
            this.lastModified = requireNonNull(lastModified, "lastModified is null");
            this.stream = new BufferedInputStream(stream, 64 * 1024);
            this.sink = sink;
        }

        @Override
        public Optional<Instant> lastModified() {
            return lastModified;
        }

        @Override
        public byte[] peek(int maxBytes) throws IOException {
            if (read) {
                throw new IllegalStateException("peek() must come before reading " + location);
            }
            int n = Math.max(0, Math.min(maxBytes, MAX_PEEK));
            stream.mark(n);
            try {
                return stream.readNBytes(n);
            } finally {
                stream.reset();
            }
        }

        @Override
        public String location() {
            return location;
        }

        @Override
        public String tag() {
            return tag;
        }

        @Override
        public int maxEntryBytes() {
            return maxEntryBytes;
        }

        @Override
        public InputStream stream() {
            read = true;
            return stream;
        }

        @Override
        public LineReader lines() {
            if (lines == null) {
                read = true;
                lines = new BoundedLineReader(stream, maxEntryBytes, sink);
            }
            return lines;
        }
    }

    /** Counts outcomes and remembers the furthest position seen, to place a gzip-damage rejection after it. */
    private static final class TrackingSink implements RecordSink {
        private final RecordSink delegate;
        private long records;
        private long rejections;
        private final Map<String, Long> skips = new TreeMap<>();
        private long maxLine;
        private long maxRecord;

        TrackingSink(RecordSink delegate) {
            this.delegate = delegate;
        }

        @Override
        public void accept(LogRecord record) {
            see(record.position());
            records++;
            delegate.accept(record);
        }

        @Override
        public void reject(Rejection rejection) {
            see(rejection.position());
            rejections++;
            delegate.reject(rejection);
        }

        @Override
        public void skip(Position position, String reason) {
            see(position);
            skips.merge(reason, 1L, Long::sum);
            delegate.skip(position, reason);
        }

        private void see(Position position) {
            maxLine = Math.max(maxLine, position.line());
            maxRecord = Math.max(maxRecord, position.record());
        }

        java.util.Optional<Position> lastPosition() {
            return maxLine == 0 ? java.util.Optional.empty() : java.util.Optional.of(new Position(maxLine, maxRecord));
        }

        Position nextPosition() {
            return new Position(maxLine + 1, maxRecord + 1);
        }
    }
}
