package dev.minerva.plugins.alb;

import dev.minerva.spi.FormatOptions;
import dev.minerva.spi.LogFormat;
import dev.minerva.spi.LogFormatFactory;
import dev.minerva.spi.OptionSpec;
import java.util.List;

/** Finds and builds the {@code alb} format: Application Load Balancer access logs as delivered to S3. */
public final class AlbLogFormatFactory implements LogFormatFactory {
    @Override
    public String name() {
        return "alb";
    }

    @Override
    public String description() {
        return "Application Load Balancer access logs: space-separated fields with quoted strings, timestamped by 'time'; "
                + "client:port and target:port split into address and port";
    }

    @Override
    public String defaultTag() {
        return "aws.alb";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of();
    }

    @Override
    public LogFormat create(FormatOptions options) {
        return new AlbLogFormat();
    }
}
