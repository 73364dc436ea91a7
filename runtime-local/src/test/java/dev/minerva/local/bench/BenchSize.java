package dev.minerva.local.bench;

import java.util.Locale;

/** A data-set size given as SMALL or a number with KB, MB or GB (powers of 1000, as the raw-text sizes are quoted). */
public record BenchSize(String label, long rawBytes) {
    /** A few MB: enough for every measurement to run and every count to be non-zero, in seconds. */
    public static final BenchSize SMALL = new BenchSize("SMALL", 4_000_000);

    public BenchSize {
        if (rawBytes <= 0) {
            throw new IllegalArgumentException("rawBytes must be positive: " + rawBytes);
        }
    }

    public static BenchSize parse(String text) {
        String upper = text.trim().toUpperCase(Locale.ROOT);
        if (upper.equals("SMALL")) {
            return SMALL;
        }
        long unit;
        String digits;
        if (upper.endsWith("GB")) {
            unit = 1_000_000_000L;
            digits = upper.substring(0, upper.length() - 2);
        } else if (upper.endsWith("MB")) {
            unit = 1_000_000L;
            digits = upper.substring(0, upper.length() - 2);
        } else if (upper.endsWith("KB")) {
            unit = 1_000L;
            digits = upper.substring(0, upper.length() - 2);
        } else {
            throw new IllegalArgumentException("--size must be SMALL or a size such as 200MB or 1GB, not '" + text + "'");
        }
        try {
            return new BenchSize(upper, (long) (Double.parseDouble(digits) * unit));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--size must be SMALL or a size such as 200MB or 1GB, not '" + text + "'");
        }
    }
}
