package dev.minerva.toolkit;

import static java.util.Objects.requireNonNull;

import dev.minerva.spi.MinervaException;
import dev.minerva.spi.StandardErrorCode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a timestamp field's value into an {@link Instant}: ISO-8601, epoch numbers in one of four units, or a
 * java.time pattern, named the way a format option spells it ({@code iso-8601}, {@code epoch-millis},
 * {@code yyyy-MM-dd HH:mm:ss}). Instances are immutable and thread-safe.
 *
 * <p>ISO-8601 is read leniently, as loggers write it: seconds and fraction (1 to 9 digits) optional, a space instead
 * of the {@code T}, the offset as {@code Z}, {@code +02:00}, {@code +0200} or {@code +02}, or none at all (then the
 * format's time zone applies). Epoch units accept JSON numbers and digit strings, with a fraction, exactly.
 */
public final class TimestampFormat {
    /** The option value for ISO-8601. */
    public static final String ISO_8601 = "iso-8601";
    /** The named formats, for option descriptions and error messages; anything else is read as a pattern. */
    public static final List<String> NAMED = List.of(ISO_8601, "epoch-seconds", "epoch-millis", "epoch-micros", "epoch-nanos");

    // Fraction and zone are optional so one format reads what loggers actually write: seconds only, 1 to 9 digits,
    // 'Z', '+02:00', '+0200', '+02', or no zone at all (then the configured time zone applies).
    private static final DateTimeFormatter ISO = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalEnd()
            .optionalStart().appendOffset("+HH:MM:ss", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .toFormatter(Locale.ROOT);
    private static final Pattern DECIMAL = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

    private final String name;
    private final ZoneId zone;
    private final Optional<DateTimeFormatter> pattern;
    private final long nanosPerUnit;

    private TimestampFormat(String name, ZoneId zone, Optional<DateTimeFormatter> pattern, long nanosPerUnit) {
        this.name = requireNonNull(name, "name is null");
        this.zone = requireNonNull(zone, "zone is null");
        this.pattern = requireNonNull(pattern, "pattern is null");
        this.nanosPerUnit = nanosPerUnit;
    }

    /** ISO-8601, with {@code zone} for times written without an offset. */
    public static TimestampFormat iso8601(ZoneId zone) {
        return new TimestampFormat(ISO_8601, zone, Optional.empty(), 0);
    }

    /**
     * The format an option value names (one of {@link #NAMED}, or a java.time pattern, checked to read back a full
     * date), with {@code zone} for times written without an offset. A bad value is a {@link MinervaException} of kind
     * user input naming the option {@code optionKey} of the format {@code formatName} and what would be valid.
     */
    public static TimestampFormat of(String value, ZoneId zone, String optionKey, String formatName) {
        switch (value) {
            case ISO_8601:
                return new TimestampFormat(value, zone, Optional.empty(), 0);
            case "epoch-seconds":
                return new TimestampFormat(value, zone, Optional.empty(), 1_000_000_000L);
            case "epoch-millis":
                return new TimestampFormat(value, zone, Optional.empty(), 1_000_000L);
            case "epoch-micros":
                return new TimestampFormat(value, zone, Optional.empty(), 1_000L);
            case "epoch-nanos":
                return new TimestampFormat(value, zone, Optional.empty(), 1L);
            default:
                return new TimestampFormat(value, zone, Optional.of(checkedPattern(value, zone, optionKey, formatName)), 0);
        }
    }

    private static DateTimeFormatter checkedPattern(String value, ZoneId zone, String optionKey, String formatName) {
        String valid = "; expected one of " + String.join(", ", NAMED)
                + ", or a java.time pattern such as 'yyyy-MM-dd HH:mm:ss.SSS'";
        if (value.startsWith("epoch") || value.startsWith("iso")) {
            // Almost certainly a misspelt name; reading it as a pattern would only produce a baffling message.
            throw new MinervaException(StandardErrorCode.INVALID_OPTION, "Option '" + optionKey + "' of format '" + formatName + "' is '" + value
                    + "', which is not a known timestamp format" + valid);
        }
        DateTimeFormatter formatter;
        try {
            formatter = DateTimeFormatter.ofPattern(value, Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new MinervaException(StandardErrorCode.INVALID_OPTION, "Option '" + optionKey + "' of format '" + formatName + "' has the pattern '"
                    + value + "', which java.time rejects (" + e.getMessage() + ")" + valid);
        }
        // A pattern that prints but cannot be read back to a date (say 'HH:mm') would reject every record; say so now.
        String sample;
        try {
            sample = formatter.format(ZonedDateTime.of(2024, 5, 6, 7, 8, 9, 123_456_789, zone));
        } catch (DateTimeException e) {
            throw new MinervaException(StandardErrorCode.INVALID_OPTION, "Option '" + optionKey + "' of format '" + formatName + "' has the pattern '"
                    + value + "', which cannot print a date-time (" + e.getMessage() + ")" + valid);
        }
        if (toInstant(formatter, sample, zone).isEmpty()) {
            throw new MinervaException(StandardErrorCode.INVALID_OPTION, "Option '" + optionKey + "' of format '" + formatName + "' has the pattern '"
                    + value + "', which does not give a full date (it reads '" + sample + "' for 2024-05-06T07:08:09)" + valid);
        }
        return formatter;
    }

    /** The option value this format was built from, for rejection reasons: {@code iso-8601}, or the pattern. */
    public String name() {
        return name;
    }

    /**
     * The instant {@code value} (a field value as {@link JsonValues} reads it) stands for, or empty when it does not
     * fit this format.
     */
    public Optional<Instant> parse(Object value) {
        if (nanosPerUnit > 0) {
            return epoch(value);
        }
        if (!(value instanceof String text)) {
            return Optional.empty();
        }
        if (pattern.isPresent()) {
            return toInstant(pattern.get(), text, zone);
        }
        String iso = text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
        return toInstant(ISO, iso, zone);
    }

    private Optional<Instant> epoch(Object value) {
        BigDecimal number;
        if (value instanceof Long l) {
            number = BigDecimal.valueOf(l);
        } else if (value instanceof BigInteger b) {
            number = new BigDecimal(b);
        } else if (value instanceof BigDecimal d) {
            number = d;
        } else if (value instanceof String s && DECIMAL.matcher(s).matches()) {
            number = new BigDecimal(s);
        } else {
            return Optional.empty();
        }
        BigInteger nanos = number.multiply(BigDecimal.valueOf(nanosPerUnit)).setScale(0, RoundingMode.FLOOR).toBigIntegerExact();
        BigInteger[] secondsAndNanos = nanos.divideAndRemainder(NANOS_PER_SECOND.toBigIntegerExact());
        if (secondsAndNanos[1].signum() < 0) {
            secondsAndNanos[0] = secondsAndNanos[0].subtract(BigInteger.ONE);
            secondsAndNanos[1] = secondsAndNanos[1].add(NANOS_PER_SECOND.toBigIntegerExact());
        }
        try {
            return Optional.of(Instant.ofEpochSecond(secondsAndNanos[0].longValueExact(), secondsAndNanos[1].longValue()));
        } catch (ArithmeticException | DateTimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> toInstant(DateTimeFormatter formatter, String text, ZoneId zone) {
        try {
            TemporalAccessor parsed = formatter.parse(text);
            LocalDate date = parsed.query(TemporalQueries.localDate());
            if (date == null) {
                return Optional.empty();
            }
            LocalTime time = parsed.query(TemporalQueries.localTime());
            LocalDateTime local = LocalDateTime.of(date, time == null ? LocalTime.MIDNIGHT : time);
            ZoneId own = parsed.query(TemporalQueries.zone());
            if (own instanceof ZoneOffset offset) {
                return Optional.of(local.toInstant(offset));
            }
            return Optional.of(local.atZone(own == null ? zone : own).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** An example of a valid value, for rejection reasons: {@code such as 2024-05-06T07:08:09.123Z}. */
    public String example() {
        return switch (name) {
            case ISO_8601 -> "such as 2024-05-06T07:08:09.123Z";
            case "epoch-seconds" -> "such as 1714979289 or 1714979289.123";
            case "epoch-millis" -> "such as 1714979289123";
            case "epoch-micros" -> "such as 1714979289123456";
            case "epoch-nanos" -> "such as 1714979289123456789";
            default -> "matching the pattern '" + name + "'";
        };
    }
}
