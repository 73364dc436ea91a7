package dev.minerva.testkit;

import static java.util.Objects.requireNonNull;

import dev.minerva.core.input.ParseSummary;
import dev.minerva.spi.LogRecord;
import dev.minerva.spi.Position;
import dev.minerva.spi.Rejection;
import java.util.List;

/**
 * Everything a format pushed to its sink for one object, in order, for assertions, and whether the format read the
 * object through {@link dev.minerva.spi.LogInput#lines()} (so the framework's line limits applied to it).
 */
public record ParsedObject(List<LogRecord> records, List<Rejection> rejections, List<Skip> skips, ParseSummary summary,
        boolean readLines) {
    public ParsedObject {
        records = List.copyOf(requireNonNull(records, "records is null"));
        rejections = List.copyOf(requireNonNull(rejections, "rejections is null"));
        skips = List.copyOf(requireNonNull(skips, "skips is null"));
        requireNonNull(summary, "summary is null");
    }

    /** An object parsed without knowing whether the format read it by lines. */
    public ParsedObject(List<LogRecord> records, List<Rejection> rejections, List<Skip> skips, ParseSummary summary) {
        this(records, rejections, skips, summary, false);
    }

    /** An entry the format skipped on purpose, with its reason. */
    public record Skip(Position position, String reason) {
        public Skip {
            requireNonNull(position, "position is null");
            requireNonNull(reason, "reason is null");
        }
    }
}
