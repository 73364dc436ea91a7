package dev.minerva.plugins.cloudfront;

import dev.minerva.spi.FormatOptions;
import dev.minerva.spi.LogFormat;
import dev.minerva.spi.LogFormatFactory;
import dev.minerva.spi.OptionSpec;
import java.util.List;

/** Finds and builds the {@code cloudfront} format: CloudFront standard logs delivered to S3. */
public final class CloudFrontLogFormatFactory implements LogFormatFactory {
    @Override
    public String name() {
        return "cloudfront";
    }

    @Override
    public String description() {
        return "Amazon CloudFront standard logs: tab-separated W3C fields in the order of the #Fields header, "
                + "timestamped by 'date' + 'time' (UTC); URL-encoded values are decoded";
    }

    @Override
    public String defaultTag() {
        return "aws.cloudfront";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of();
    }

    @Override
    public LogFormat create(FormatOptions options) {
        return new CloudFrontLogFormat();
    }
}
