package dev.minerva.testkit;

import static java.util.Objects.requireNonNull;

import dev.minerva.core.config.SourceRoutes;
import dev.minerva.core.format.BoundFormatOptions;
import dev.minerva.core.format.FormatRegistry;
import dev.minerva.core.format.OptionBinder;
import dev.minerva.core.input.LogObjectParser;
import dev.minerva.core.input.ParseSummary;
import dev.minerva.spi.LineReader;
import dev.minerva.spi.LogFormat;
import dev.minerva.spi.LogFormatFactory;
import dev.minerva.spi.LogInput;
import dev.minerva.spi.LogRecord;
import dev.minerva.spi.Position;
import dev.minerva.spi.RecordSink;
import dev.minerva.spi.Rejection;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a discovered format over bytes exactly as the indexer does (gzip detection, bounded lines, damage
 * handling) and collects what it produced.
 */
public final class FormatHarness {
    /** The modification time the harness gives every object, for formats that fall back to it. */
    public static final Instant OBJECT_TIME = Instant.parse("2021-01-01T00:00:00Z");

    private final String formatName;
    private final LogFormatFactory factory;
    private final LogFormat format;
    private final int maxEntryBytes;

    private FormatHarness(String formatName, LogFormatFactory factory, LogFormat format, int maxEntryBytes) {
        this.formatName = formatName;
        this.factory = factory;
        this.format = format;
        this.maxEntryBytes = maxEntryBytes;
    }

    /** A harness for the format called {@code formatName} on the class path, created with {@code options}. */
    public static FormatHarness of(String formatName, Map<String, ?> options) {
        return of(formatName, options, SourceRoutes.DEFAULT_MAX_ENTRY_BYTES);
    }

    public static FormatHarness of(String formatName, Map<String, ?> options, int maxEntryBytes) {
        LogFormatFactory factory = FormatRegistry.discover().factory(formatName);
        BoundFormatOptions bound = OptionBinder.bind(factory, options, key -> "");
        return new FormatHarness(formatName, factory, factory.create(bound), maxEntryBytes);
    }

    public LogFormatFactory factory() {
        return factory;
    }

    /**
     * Parses {@code content} as the object at {@code location}, last modified at {@link #OBJECT_TIME}, tagged with
     * the format's default tag.
     */
    public ParsedObject parse(String location, byte[] content) {
        return parse(location, content, Optional.of(OBJECT_TIME));
    }

    /** Parses {@code content} as an object whose modification time is {@code lastModified}. */
    public ParsedObject parse(String location, byte[] content, Optional<Instant> lastModified) {
        requireNonNull(content, "content is null");
        List<LogRecord> records = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        List<ParsedObject.Skip> skips = new ArrayList<>();
        RecordSink sink = new RecordSink() {
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
                skips.add(new ParsedObject.Skip(position, reason));
            }
        };
        LineWatch watch = new LineWatch(format);
        try {
            ParseSummary summary = LogObjectParser.parse(formatName, watch, location, factory.defaultTag(), maxEntryBytes, lastModified,
                    new ByteArrayInputStream(content), sink);
            return new ParsedObject(records, rejections, skips, summary, watch.readLines);
        } catch (IOException e) {
            throw new UncheckedIOException("Parsing " + location + " from memory failed", e);
        }
    }

    /** Runs the format unchanged, noting whether it asked for the object's lines. */
    private static final class LineWatch implements LogFormat {
        private final LogFormat format;
        private boolean readLines;

        LineWatch(LogFormat format) {
            this.format = format;
        }

        @Override
        public void parse(LogInput input, RecordSink sink) throws IOException {
            format.parse(new LogInput() {
                @Override
                public String location() {
                    return input.location();
                }

                @Override
                public String tag() {
                    return input.tag();
                }

                @Override
                public Optional<Instant> lastModified() {
                    return input.lastModified();
                }

                @Override
                public int maxEntryBytes() {
                    return input.maxEntryBytes();
                }

                @Override
                public byte[] peek(int maxBytes) throws IOException {
                    return input.peek(maxBytes);
                }

                @Override
                public InputStream stream() {
                    return input.stream();
                }

                @Override
                public LineReader lines() {
                    readLines = true;
                    return input.lines();
                }
            }, sink);
        }
    }
}
