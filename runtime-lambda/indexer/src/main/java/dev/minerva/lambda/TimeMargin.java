package dev.minerva.lambda;

import dev.minerva.spi.MinervaException;
import java.time.Duration;

/**
 * How much of an invocation's time to keep free: a fixed duration, or a share of the time the invocation started
 * with (which is the function's timeout). Work that would start inside the margin is left for a retry.
 */
public final class TimeMargin {
    private final long fixedMillis;
    private final int percent;

    private TimeMargin(long fixedMillis, int percent) {
        this.fixedMillis = fixedMillis;
        this.percent = percent;
    }

    public static TimeMargin of(Duration fixed) {
        if (fixed.isNegative()) {
            throw new IllegalArgumentException("margin is negative: " + fixed);
        }
        return new TimeMargin(fixed.toMillis(), 0);
    }

    public static TimeMargin share(int percent) {
        if (percent < 1 || percent > 90) {
            throw new IllegalArgumentException("percent must be from 1 to 90: " + percent);
        }
        return new TimeMargin(-1, percent);
    }

    /** Parses {@code 60s}-style durations or {@code 20%}; {@code variable} names the source in errors. */
    public static TimeMargin parse(String text, String variable) {
        String trimmed = text.trim();
        if (trimmed.endsWith("%")) {
            int percent;
            try {
                percent = Integer.parseInt(trimmed.substring(0, trimmed.length() - 1).trim());
            } catch (NumberFormatException e) {
                percent = 0;
            }
            if (percent < 1 || percent > 90) {
                throw MinervaException.userInput(variable + "='" + text + "': a share of the timeout must be from 1% to 90%");
            }
            return share(percent);
        }
        return of(LambdaEnvironment.duration(trimmed, variable));
    }

    /**
     * The margin in milliseconds for an invocation that started with {@code startMillis} left. A fixed margin is
     * capped at half of that, so a short timeout still gets work done instead of deferring every message forever.
     */
    public long millis(long startMillis) {
        if (fixedMillis < 0) {
            return startMillis * percent / 100;
        }
        return Math.min(fixedMillis, startMillis / 2);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TimeMargin that && fixedMillis == that.fixedMillis && percent == that.percent;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(fixedMillis) * 31 + percent;
    }

    @Override
    public String toString() {
        return fixedMillis < 0 ? percent + "%" : fixedMillis + "ms";
    }
}
