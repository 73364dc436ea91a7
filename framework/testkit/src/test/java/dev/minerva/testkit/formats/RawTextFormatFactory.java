package dev.minerva.testkit.formats;

import dev.minerva.spi.FormatOptions;
import dev.minerva.spi.Line;
import dev.minerva.spi.LogFormat;
import dev.minerva.spi.LogFormatFactory;
import dev.minerva.spi.LogRecord;
import dev.minerva.spi.OptionSpec;
import dev.minerva.spi.Position;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every non-blank line is a record stamped with the object's time: a format that has nothing to reject. */
public final class RawTextFormatFactory implements LogFormatFactory {
    private static final Instant UNKNOWN_TIME = Instant.EPOCH;

    @Override
    public String name() {
        return "kit-raw-text";
    }

    @Override
    public String description() {
        return "Any text, one record per line, for the kit's own tests";
    }

    @Override
    public String defaultTag() {
        return "kit.text";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of();
    }

    @Override
    public LogFormat create(FormatOptions options) {
        return (input, sink) -> {
            Optional<Line> next;
            while ((next = input.lines().next()).isPresent()) {
                Line line = next.get();
                if (!line.text().isBlank()) {
                    sink.accept(new LogRecord(input.lastModified().orElse(UNKNOWN_TIME), input.tag(),
                            Map.of("text", line.text()), Position.ofLine(line.number())));
                }
            }
        };
    }
}
