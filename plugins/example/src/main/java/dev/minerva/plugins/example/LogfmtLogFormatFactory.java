package dev.minerva.plugins.example;

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

/**
 * Finds and builds the {@code logfmt} format: one line of {@code key=value} pairs per entry, as Heroku, Go kit,
 * Grafana Loki and many Go services write them. The example plugin: start a format of your own from this module.
 */
public final class LogfmtLogFormatFactory implements LogFormatFactory {
    static final String NAME = "logfmt";
    static final String TIMESTAMP_FIELD = "timestamp-field";
    static final String TIMESTAMP_FORMAT = "timestamp-format";
    static final String TIMEZONE = "timezone";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "key=value pairs, one entry per line (logfmt: Heroku, Go kit, Grafana Loki), timestamped from one key";
    }

    @Override
    public String defaultTag() {
        return "logfmt";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.string(TIMESTAMP_FIELD, "time", "The key holding the entry's time, such as 'time', 'ts' or 't'"),
                OptionSpec.string(TIMESTAMP_FORMAT, TimestampFormat.ISO_8601,
                        "How that value is written: " + String.join(", ", TimestampFormat.NAMED)
                                + ", or a java.time pattern such as 'yyyy-MM-dd HH:mm:ss.SSS'"),
                OptionSpec.string(TIMEZONE, "UTC",
                        "Time zone for times written without an offset, such as 'UTC', 'Europe/Berlin' or '+02:00'"));
    }

    @Override
    public LogFormat create(FormatOptions options) {
        String field = options.getString(TIMESTAMP_FIELD);
        if (field.isEmpty() || !LogfmtLine.isKey(field)) {
            throw new MinervaException(StandardErrorCode.INVALID_OPTION, "Option '" + TIMESTAMP_FIELD + "' of format '" + NAME + "' is '" + field
                    + "'; expected a logfmt key: one or more characters other than space, '=' and '\"', such as 'time' or 'ts'");
        }
        ZoneId zone;
        String timezone = options.getString(TIMEZONE);
        try {
            zone = ZoneId.of(timezone);
        } catch (DateTimeException e) {
            throw new MinervaException(StandardErrorCode.INVALID_OPTION, "Option '" + TIMEZONE + "' of format '" + NAME + "' is '" + timezone
                    + "', which is not a time zone (" + e.getMessage() + "); use a region such as 'Europe/Berlin', "
                    + "'UTC' or an offset such as '+02:00'");
        }
        return new LogfmtLogFormat(field, TimestampFormat.of(options.getString(TIMESTAMP_FORMAT), zone, TIMESTAMP_FORMAT, NAME));
    }
}
