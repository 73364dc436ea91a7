package dev.minerva.testkit.formats;

import dev.minerva.spi.FormatOptions;
import dev.minerva.spi.Line;
import dev.minerva.spi.LogFormat;
import dev.minerva.spi.LogFormatFactory;
import dev.minerva.spi.LogRecord;
import dev.minerva.spi.OptionSpec;
import dev.minerva.spi.Position;
import dev.minerva.spi.Rejection;
import dev.minerva.spi.StandardErrorCode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** "epoch-seconds text" per line, read through the framework's lines: a format with every kit behaviour. */
public final class EpochLinesFormatFactory implements LogFormatFactory {
    @Override
    public String name() {
        return "kit-epoch-lines";
    }

    @Override
    public String description() {
        return "Lines of 'epoch-seconds text', for the kit's own tests";
    }

    @Override
    public String defaultTag() {
        return "kit.lines";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(OptionSpec.integer("min-words", 0, "Fewest words a line's text may have"));
    }

    @Override
    public LogFormat create(FormatOptions options) {
        int minWords = options.getInt("min-words");
        return (input, sink) -> {
            Optional<Line> next;
            while ((next = input.lines().next()).isPresent()) {
                Line line = next.get();
                EpochText.parse(line.text(), Position.ofLine(line.number()), input.tag(), minWords).ifPresentOrElse(
                        sink::accept,
                        () -> sink.reject(new Rejection(StandardErrorCode.BAD_TIMESTAMP, Position.ofLine(line.number()),
                                "expected epoch seconds first", line.text())));
            }
        };
    }

    /** The parsing the line formats share. */
    static final class EpochText {
        private EpochText() {}

        static Optional<LogRecord> parse(String text, Position position, String tag, int minWords) {
            String[] parts = text.split(" ", 2);
            String rest = parts.length > 1 ? parts[1] : "";
            try {
                long seconds = Long.parseLong(parts[0]);
                if (rest.split(" ").length < minWords) {
                    return Optional.empty();
                }
                return Optional.of(new LogRecord(Instant.ofEpochSecond(seconds), tag, Map.of("text", rest),
                        position));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }
}
