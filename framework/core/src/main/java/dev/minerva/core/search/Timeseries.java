package dev.minerva.core.search;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Hits per tag in equal bins over a search's range, with one label per bin (the bin's start, UTC). */
public record Timeseries(List<String> labels, SortedMap<String, List<Long>> counts) {
    /** The number of bins of the original API. */
    public static final int BINS = 20;

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter MONTHS = DateTimeFormatter.ofPattern("MMM-yy HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter DATES = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm", Locale.ENGLISH);

    public Timeseries {
        labels = List.copyOf(requireNonNull(labels, "labels is null"));
        TreeMap<String, List<Long>> copy = new TreeMap<>();
        for (Map.Entry<String, List<Long>> entry : requireNonNull(counts, "counts is null").entrySet()) {
            if (entry.getValue().size() != labels.size()) {
                throw new IllegalArgumentException("tag " + entry.getKey() + " has " + entry.getValue().size()
                        + " counts for " + labels.size() + " labels");
            }
            copy.put(entry.getKey(), List.copyOf(entry.getValue()));
        }
        counts = Collections.unmodifiableSortedMap(copy);
    }

    /**
     * Labels of {@code bins} equal bins over [from, to): {@code HH:mm} when the span is under a day,
     * {@code MMM-yy HH:mm} under a year (365 days), else {@code yyyy-MM-dd HH:mm}; bin i starts at
     * from + i·span/bins in integer milliseconds, as the histogram SQL computes it.
     */
    public static List<String> labels(Instant from, Instant to, int bins) {
        long start = from.toEpochMilli();
        long span = to.toEpochMilli() - start;
        DateTimeFormatter format;
        if (span < ChronoUnit.DAYS.getDuration().toMillis()) {
            format = MINUTES;
        } else if (span < 365 * ChronoUnit.DAYS.getDuration().toMillis()) {
            format = MONTHS;
        } else {
            format = DATES;
        }
        List<String> labels = new ArrayList<>(bins);
        for (int i = 0; i < bins; i++) {
            // Ceiling: the first millisecond whose floor((t - from) * bins / span) is i.
            long binStart = start + Math.floorDiv(i * span + bins - 1, bins);
            labels.add(format.format(Instant.ofEpochMilli(binStart).atZone(ZoneOffset.UTC)));
        }
        return labels;
    }
}
