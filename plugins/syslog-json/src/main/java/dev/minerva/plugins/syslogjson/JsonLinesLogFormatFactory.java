package dev.minerva.plugins.syslogjson;

import dev.minerva.spi.FormatOptions;
import dev.minerva.spi.LogFormat;
import dev.minerva.spi.LogFormatFactory;
import dev.minerva.spi.MinervaException;
import dev.minerva.spi.OptionSpec;
import dev.minerva.spi.StandardErrorCode;
import dev.minerva.toolkit.TimestampFormat;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;

/** Finds and builds the {@code syslog-json} format: one JSON object per line, timestamped from a chosen field. */
public final class JsonLinesLogFormatFactory implements LogFormatFactory {
    static final String NAME = "syslog-json";
    static final String TIMESTAMP_FIELD = "timestamp-field";
    static final String TIMESTAMP_FORMAT = "timestamp-format";
    static final String TIMEZONE = "timezone";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "One JSON object per line (syslog exports, journald -o json, Docker json-file), timestamped from one field";
    }

    @Override
    public String defaultTag() {
        return "syslog";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.string(TIMESTAMP_FIELD, "time",
                        "Dotted path of the field holding the record's time, such as 'time' or 'event.created'"),
                OptionSpec.string(TIMESTAMP_FORMAT, TimestampFormat.ISO_8601,
                        "How that field is written: " + String.join(", ", TimestampFormat.NAMED)
                                + ", or a java.time pattern such as 'yyyy-MM-dd HH:mm:ss.SSS'"),
                OptionSpec.string(TIMEZONE, "UTC",
                        "Time zone for times written without an offset, such as 'UTC', 'Europe/Berlin' or '+02:00'"));
    }

    @Override
    public LogFormat create(FormatOptions options) {
        String field = options.getString(TIMESTAMP_FIELD);
        if (field.isBlank() || field.startsWith(".") || field.endsWith(".") || field.contains("..")) {
            throw new MinervaException(StandardErrorCode.INVALID_OPTION, "Option '" + TIMESTAMP_FIELD + "' of format '" + NAME + "' is '" + field
                    + "'; expected a field name or a dotted path such as 'time' or 'event.created'");
        }
        ZoneId zone = zone(options.getString(TIMEZONE));
        TimestampFormat format = TimestampFormat.of(options.getString(TIMESTAMP_FORMAT), zone, TIMESTAMP_FORMAT, NAME);
        return new JsonLinesLogFormat(field, format);
    }

    private static ZoneId zone(String value) {
        try {
            return ZoneId.of(value);
        } catch (DateTimeException e) {
            throw new MinervaException(StandardErrorCode.INVALID_OPTION, "Option '" + TIMEZONE + "' of format '" + NAME + "' is '" + value
                    + "', which is not a time zone (" + e.getMessage() + "); use a region such as 'Europe/Berlin', "
                    + "'UTC' or an offset such as '+02:00'");
        }
    }
}
