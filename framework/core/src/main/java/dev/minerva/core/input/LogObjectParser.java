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
 * Runs a format over one object with the input handling every format shares: gzip detection by content, text
 * encodings (byte-order marks stripped, UTF-16/32 decoded, invalid UTF-8 replaced), bounded lines, the checks every
 * record passes ({@link EntryLimits}), and a single rejection where a damaged gzip stream breaks, after every
 * complete entry before the damage.
 */
public final class LogObjectParser {
    private LogObjectParser() {}

    /** As {@link #parse(String, LogFormat, String, String, int, Optional, InputStream, RecordSink, EntryLimits)} with the default limits. */
    public static ParseSummary parse(String formatName, LogFormat format, String location, String tag, int maxEntryBytes,
            Optional<Instant> lastModified, InputStream raw, RecordSink sink) throws IOException {
        return parse(formatName, format, location, tag, maxEntryBytes, lastModified, raw, sink, EntryLimits.DEFAULT);
    }

    /**
     * Parses {@code raw} with {@code format}, pushing everything to {@code sink}. Throws {@link IOException} only
     * when the object itself cannot be read; a plugin bug surfaces as a {@link MinervaException} {@code FORMAT_FAILED} (kind INTERNAL).
     */
    public static ParseSummary parse(String formatName, LogFormat format, String location, String tag, int maxEntryBytes,
            Optional<Instant> lastModified, InputStream raw, RecordSink sink, EntryLimits limits) throws IOException {
        requireNonNull(format, "format is null");
        requireNonNull(sink, "sink is null");
        requireNonNull(limits, "limits is null");
        GzipDetectingStream stream = GzipDetectingStream.open(raw);
        BufferedInputStream buffered = new BufferedInputStream(stream, 64 * 1024);
        TextEncoding encoding = TextEncoding.detect(buffered);
        ObjectInput[] holder = new ObjectInput[1];
        TrackingSink tracking = new TrackingSink(sink, limits, Instant.now(), () -> holder[0].reachedDamage(stream));
        ObjectInput input = new ObjectInput(location, tag, maxEntryBytes, lastModified, encoding.open(buffered),
                !encoding.transcoded(), stream::damaged, tracking);
        holder[0] = input;
        try {
            format.parse(input, tracking);
        } catch (IOException e) {
            if (!stream.damaged()) {
                throw e;
            }
            tracking.fold("the format stopped: " + e.getMessage());
        } catch (MinervaException | java.io.UncheckedIOException e) {
            // Our own errors, and the sink's storage failures, pass through as they are.
            throw e;
        } catch (RuntimeException e) {
            throw new MinervaException(CoreErrorCode.FORMAT_FAILED, ErrorLocation.of(location), "Log format '" + formatName + "' failed on " + location
                    + " after " + tracking.lastPosition().map(Position::toString).orElse("the start") + ": " + e, e);
        }
        if (stream.damaged()) {
            IOException failure = stream.gzipFailure().orElseThrow();
            Position at = tracking.nextPosition();
            String cut = input.cutFragment().isPresent() ? "; the line it cut off was not indexed"
                    : tracking.folded() != null ? "; the entry it cut off was not indexed (" + tracking.folded() + ")" : "";
            tracking.forward(new Rejection(StandardErrorCode.DAMAGED_GZIP, at, "gzip data is truncated or corrupt after " + stream.rawBytesRead()
                    + " compressed bytes (" + stream.decodedBytesRead() + " bytes decompressed): " + failure.getMessage()
                    + "; every complete entry before this point was kept, the rest of the object is unreadable" + cut,
                    input.cutFragment().orElse("")));
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
        private final EndWatchingStream watched;
        private EndWatchingStream top;
        private final boolean repairUtf8;
        private final java.util.function.BooleanSupplier damaged;
        private final RecordSink sink;
        private BoundedLineReader lines;
        private boolean read;

        ObjectInput(String location, String tag, int maxEntryBytes, Optional<Instant> lastModified, InputStream stream,
                boolean repairUtf8, java.util.function.BooleanSupplier damaged, RecordSink sink) {
            this.location = requireNonNull(location, "location is null");
            this.tag = requireNonNull(tag, "tag is null");
            this.maxEntryBytes = maxEntryBytes;
            this.lastModified = requireNonNull(lastModified, "lastModified is null");
            this.stream = new BufferedInputStream(stream, 64 * 1024);
            this.watched = new EndWatchingStream(this.stream);
            this.top = watched;
            this.repairUtf8 = repairUtf8;
            this.damaged = damaged;
            this.sink = sink;
        }

        /** Whether the format has read up to where the damaged gzip stream ended: what it rejects now is the cut entry. */
        boolean reachedDamage(GzipDetectingStream gzip) {
            return gzip.damaged() && top.ended;
        }

        /** The start of the line a damaged gzip stream cut off, if lines were read and one was. */
        Optional<String> cutFragment() {
            return lines == null ? Optional.empty() : lines.cutFragment();
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
            // Lines decode with replacement themselves; a format parsing bytes gets them repaired here.
            if (repairUtf8 && top == watched) {
                top = new EndWatchingStream(new Utf8RepairingStream(watched));
            }
            return top;
        }

        @Override
        public LineReader lines() {
            if (lines == null) {
                read = true;
                lines = new BoundedLineReader(watched, maxEntryBytes, sink, damaged);
            }
            return lines;
        }
    }

    /** Notes when its reader has been told the content ended. */
    private static final class EndWatchingStream extends java.io.FilterInputStream {
        private boolean ended;

        EndWatchingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            ended |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            ended |= n < 0;
            return n;
        }
    }

    /**
     * Checks each record against the limits, counts outcomes and remembers the furthest position seen, to place a
     * gzip-damage rejection after it; once the format has read to the damage, its rejections (of the entry the
     * damage cut off) are folded into that one rejection.
     */
    private static final class TrackingSink implements RecordSink {
        private final RecordSink delegate;
        private final EntryLimits limits;
        private final Instant now;
        private final java.util.function.BooleanSupplier atDamage;
        private long records;
        private long rejections;
        private final Map<String, Long> skips = new TreeMap<>();
        private long maxLine;
        private long maxRecord;
        private String folded;

        TrackingSink(RecordSink delegate, EntryLimits limits, Instant now, java.util.function.BooleanSupplier atDamage) {
            this.delegate = delegate;
            this.limits = limits;
            this.now = now;
            this.atDamage = atDamage;
        }

        @Override
        public void accept(LogRecord record) {
            if (!limits.acceptedTime().accepts(record.timestamp(), now)) {
                reject(new Rejection(StandardErrorCode.BAD_TIMESTAMP, record.position(), limits.acceptedTime().refusal(record.timestamp(), now), ""));
                return;
            }
            int depth = RecordDepth.exceeds(record.fields(), limits.maxDepth());
            if (depth > 0) {
                reject(new Rejection(StandardErrorCode.MALFORMED_ENTRY, record.position(), "entry nests maps and lists more than " + limits.maxDepth()
                        + " levels deep, beyond what any log needs; skipped so nothing downstream recurses without bound", ""));
                return;
            }
            see(record.position());
            records++;
            delegate.accept(record);
        }

        @Override
        public void reject(Rejection rejection) {
            if (atDamage.getAsBoolean()) {
                fold(rejection.reason());
                return;
            }
            forward(rejection);
        }

        void forward(Rejection rejection) {
            see(rejection.position());
            rejections++;
            delegate.reject(rejection);
        }

        void fold(String reason) {
            if (folded == null) {
                folded = reason;
            }
        }

        String folded() {
            return folded;
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
