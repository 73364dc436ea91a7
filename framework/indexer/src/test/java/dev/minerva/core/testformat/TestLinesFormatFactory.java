package dev.minerva.core.testformat;

import dev.minerva.spi.FormatOptions;
import dev.minerva.spi.Line;
import dev.minerva.spi.LogFormat;
import dev.minerva.spi.LogFormatFactory;
import dev.minerva.spi.LogRecord;
import dev.minerva.spi.MinervaException;
import dev.minerva.spi.OptionSpec;
import dev.minerva.spi.Position;
import dev.minerva.spi.Rejection;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A line format for core's own tests: "epochSeconds text" per line; options of every type. */
public final class TestLinesFormatFactory implements LogFormatFactory {
    @Override
    public String name() {
        return "test-lines";
    }

    @Override
    public String description() {
        return "Lines of 'epoch-seconds text', for tests";
    }

    @Override
    public String defaultTag() {
        return "test.lines";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.string("prefix", "", "Text put before each message"),
                OptionSpec.integer("limit", 1000, "Most records per object"),
                OptionSpec.bool("strict", false, "Reject lines without a message"),
                OptionSpec.choice("mode", "plain", "How to read the text", List.of("plain", "upper")),
                OptionSpec.list("columns", "Names for the text's words"));
    }

    @Override
    public LogFormat create(FormatOptions options) {
        String prefix = options.getString("prefix");
        if (prefix.contains("!")) {
            throw MinervaException.userInput("option 'prefix' must not contain '!'");
        }
        boolean upper = options.getString("mode").equals("upper");
        return (input, sink) -> {
            Optional<Line> next;
            while ((next = input.lines().next()).isPresent()) {
                Line line = next.get();
                String[] parts = line.text().split(" ", 2);
                try {
                    Map<String, Object> fields = new LinkedHashMap<>();
                    String text = parts.length > 1 ? parts[1] : "";
                    fields.put("text", prefix + (upper ? text.toUpperCase(java.util.Locale.ROOT) : text));
                    sink.accept(new LogRecord(Instant.ofEpochSecond(Long.parseLong(parts[0])), input.tag(), fields,
                            Position.ofLine(line.number())));
                } catch (NumberFormatException e) {
                    sink.reject(new Rejection(Position.ofLine(line.number()), "expected epoch seconds first, found '" + parts[0] + "'", line.text()));
                }
            }
        };
    }
}
