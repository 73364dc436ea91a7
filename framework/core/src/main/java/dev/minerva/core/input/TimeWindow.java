package dev.minerva.core.input;

import static java.util.Objects.requireNonNull;

import dev.minerva.spi.MinervaException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The record times a source accepts: from {@code earliest} to {@code ahead} past the moment of indexing. A time
 * outside it is a parsing accident (milliseconds read as seconds, a month 13, a placeholder 9999-12-31), not an
 * event: indexed, it could never be found, and a far-future hour would stretch every default search range.
 */
public record TimeWindow(Instant earliest, Duration ahead) {
    /** 1970-01-01, the epoch: nothing a log records happened earlier. */
    public static final Instant DEFAULT_EARLIEST = Instant.EPOCH;
    /** One day: clocks run fast, and time zones mislabelled as UTC move records by up to 14 hours. */
    public static final Duration DEFAULT_AHEAD = Duration.ofDays(1);
    /** The default window, 1970-01-01 to one day past now. */
    public static final TimeWindow DEFAULT = new TimeWindow(DEFAULT_EARLIEST, DEFAULT_AHEAD);

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(s|m|h|d|w)");

    public TimeWindow {
        requireNonNull(earliest, "earliest is null");
        requireNonNull(ahead, "ahead is null");
        if (ahead.isNegative()) {
            throw new IllegalArgumentException("ahead must not be negative: " + ahead);
        }
    }

    /** The latest accepted time when indexing at {@code now}. */
    public Instant latest(Instant now) {
        return now.plus(ahead);
    }

    /** Whether {@code time} is accepted when indexing at {@code now}. */
    public boolean accepts(Instant time, Instant now) {
        return !time.isBefore(earliest) && !time.isAfter(latest(now));
    }

    /** Why {@code time} is refused, for the rejection. */
    public String refusal(Instant time, Instant now) {
        return "time " + time + " is outside the accepted range " + earliest + " to " + latest(now)
                + " (now + " + describe(ahead) + "); a time like this is usually a parsing accident. If it is real,"
                + " widen the source's earliest-time or latest-time-ahead";
    }

    /** Parses {@code earliest-time}: an ISO-8601 instant or a date (UTC). */
    public static Instant parseEarliest(String text, String where) {
        String trimmed = text.strip();
        try {
            return OffsetDateTime.parse(trimmed).toInstant();
        } catch (DateTimeParseException ignored) {
            // a date alone next
        }
        try {
            return LocalDate.parse(trimmed).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw MinervaException.userInput("'earliest-time' " + where + " is '" + text
                    + "', not a time: expected ISO-8601 such as 2015-01-01 or 2015-01-01T00:00:00Z");
        }
    }

    /** Parses {@code latest-time-ahead}: a duration such as {@code 1d}, {@code 12h}, {@code 0}. */
    public static Duration parseAhead(String text, String where) {
        String trimmed = text.strip().toLowerCase(Locale.ROOT);
        if (trimmed.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION.matcher(trimmed);
        if (!m.matches()) {
            throw MinervaException.userInput("'latest-time-ahead' " + where + " is '" + text
                    + "', not a duration: expected a number and a unit such as 90s, 15m, 12h, 1d, 2w, or 0");
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

    private static String describe(Duration duration) {
        if (duration.toSeconds() % 86_400 == 0) {
            return duration.toDays() + "d";
        }
        if (duration.toSeconds() % 3600 == 0) {
            return duration.toHours() + "h";
        }
        return duration.toSeconds() + "s";
    }
}
