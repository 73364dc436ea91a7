package dev.minerva.plugins.s3access;

import dev.minerva.spi.FormatOptions;
import dev.minerva.spi.LogFormat;
import dev.minerva.spi.LogFormatFactory;
import dev.minerva.spi.OptionSpec;
import java.util.List;

/** Finds and builds the {@code s3-access} format: Amazon S3 server access logs. */
public final class S3AccessLogFormatFactory implements LogFormatFactory {
    @Override
    public String name() {
        return "s3-access";
    }

    @Override
    public String description() {
        return "Amazon S3 server access logs: space-separated fields, timestamped by the bracketed 'time' "
                + "([06/Feb/2019:00:00:38 +0000]); '-' is absent; later-added trailing fields are kept";
    }

    @Override
    public String defaultTag() {
        return "aws.s3access";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of();
    }

    @Override
    public LogFormat create(FormatOptions options) {
        return new S3AccessLogFormat();
    }
}
