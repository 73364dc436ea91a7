package dev.minerva.plugins.cloudtrail;

import dev.minerva.spi.FormatOptions;
import dev.minerva.spi.LogFormat;
import dev.minerva.spi.LogFormatFactory;
import dev.minerva.spi.OptionSpec;
import java.util.List;

/** Finds and builds the {@code cloudtrail} format: CloudTrail log files in every shape they are shipped in. */
public final class CloudTrailLogFormatFactory implements LogFormatFactory {
    @Override
    public String name() {
        return "cloudtrail";
    }

    @Override
    public String description() {
        return "AWS CloudTrail events and CloudTrail Insights events: the S3 {\"Records\":[...]} file, a JSON array of "
                + "events or one event per line, timestamped by 'eventTime'; digest files are skipped";
    }

    @Override
    public String defaultTag() {
        return "aws.cloudtrail";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of();
    }

    @Override
    public LogFormat create(FormatOptions options) {
        return new CloudTrailLogFormat();
    }
}
