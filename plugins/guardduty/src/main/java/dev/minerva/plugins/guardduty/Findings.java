package dev.minerva.plugins.guardduty;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Map;
import java.util.Optional;

/** What every framing shares: unwrapping an EventBridge event, and the time of a finding. */
final class Findings {
    /** The time fields, best first: a finding's last update is when it was last seen, the reason to search for it. */
    static final String[] TIME_FIELDS = {"updatedAt", "UpdatedAt", "createdAt", "CreatedAt"};

    // GuardDuty's own exports use ISO-8601 with a Z; findings that went through other tools have a space and no zone.
    private static final DateTimeFormatter SPACED = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    private Findings() {
    }

    /** The finding itself: the {@code detail} of an EventBridge "GuardDuty Finding" event, or the object as given. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> unwrap(Map<String, Object> object) {
        if ("GuardDuty Finding".equals(object.get("detail-type")) && object.get("detail") instanceof Map<?, ?> detail) {
            return (Map<String, Object>) detail;
        }
        return object;
    }

    /** The finding's time, or empty when none of {@link #TIME_FIELDS} holds a readable one. */
    static Optional<Instant> time(Map<String, Object> finding) {
        for (String field : TIME_FIELDS) {
            if (finding.get(field) instanceof String text) {
                Optional<Instant> time = parse(text);
                if (time.isPresent()) {
                    return time;
                }
            }
        }
        return Optional.empty();
    }

    /** Whether the finding has any of {@link #TIME_FIELDS}, readable or not. */
    static boolean hasAnyTimeField(Map<String, Object> finding) {
        for (String field : TIME_FIELDS) {
            if (finding.containsKey(field)) {
                return true;
            }
        }
        return false;
    }

    static String describeMissingTime(Map<String, Object> finding) {
        StringBuilder found = new StringBuilder();
        for (String field : TIME_FIELDS) {
            if (finding.containsKey(field)) {
                found.append(found.length() == 0 ? "" : ", ").append(field).append(" '").append(finding.get(field)).append('\'');
            }
        }
        Object id = finding.containsKey("id") ? finding.get("id") : finding.get("Id");
        return "finding " + (id == null ? "without an id" : "'" + id + "'") + " has no readable updatedAt or createdAt ("
                + (found.length() == 0 ? "neither is present" : found) + "); expected ISO-8601 such as 2023-04-16T06:11:53.438Z";
    }

    private static Optional<Instant> parse(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(LocalDateTime.parse(text, SPACED).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException again) {
                return Optional.empty();
            }
        }
    }
}
