package dev.minerva.local;

import dev.minerva.spi.MinervaException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Times and durations as users type them: {@code 2020-10-01T06:00:00Z}, {@code 2020-10-01}, {@code 24h}, {@code 7d}. */
final class TimeArguments {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(s|m|h|d|w)");

    private TimeArguments() {}

    /** A duration such as {@code 90s}, {@code 15m}, {@code 24h}, {@code 7d}, {@code 2w}, or {@code 0}. */
    static Duration duration(String text, String option) {
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        if (trimmed.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION.matcher(trimmed);
        if (!m.matches()) {
            throw MinervaException.userInput(option + " '" + text + "' is not a duration; use a number and a unit: 90s, 15m, 24h, 7d, 2w");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    /**
     * A point in time: ISO-8601 with a zone or offset, a zone-less date-time or date taken as UTC, or a duration
     * meaning that long before {@code now}.
     */
    static Instant instant(String text, Instant now, String option) {
        String trimmed = text.trim();
        if (DURATION.matcher(trimmed.toLowerCase(Locale.ROOT)).matches()) {
            return now.minus(duration(trimmed, option));
        }
        if (trimmed.equalsIgnoreCase("now")) {
            return now;
        }
        try {
            return OffsetDateTime.parse(trimmed).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the zone-less forms next
        }
        try {
            return LocalDateTime.parse(trimmed).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // try a date alone next
        }
        try {
            return LocalDate.parse(trimmed).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw MinervaException.userInput(option + " '" + text + "' is not a time; use ISO-8601 (2020-10-01T06:00:00Z, "
                    + "2020-10-01T06:00:00 as UTC, 2020-10-01), 'now', or a duration before now (15m, 24h, 7d)");
        }
    }
}
