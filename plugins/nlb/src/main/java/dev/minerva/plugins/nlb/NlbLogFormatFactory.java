package dev.minerva.plugins.nlb;

import dev.minerva.spi.FormatOptions;
import dev.minerva.spi.LogFormat;
import dev.minerva.spi.LogFormatFactory;
import dev.minerva.spi.OptionSpec;
import java.util.List;

/** Finds and builds the {@code nlb} format: Network Load Balancer TLS access logs as delivered to S3. */
public final class NlbLogFormatFactory implements LogFormatFactory {
    @Override
    public String name() {
        return "nlb";
    }

    @Override
    public String description() {
        return "Network Load Balancer (TLS listener) access logs: space-separated fields, timestamped by 'time' (UTC); "
                + "client:port and destination:port split into address and port";
    }

    @Override
    public String defaultTag() {
        return "aws.nlb";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of();
    }

    @Override
    public LogFormat create(FormatOptions options) {
        return new NlbLogFormat();
    }
}
