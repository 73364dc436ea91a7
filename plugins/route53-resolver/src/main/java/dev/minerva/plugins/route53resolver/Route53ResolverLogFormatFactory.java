package dev.minerva.plugins.route53resolver;

import dev.minerva.spi.FormatOptions;
import dev.minerva.spi.LogFormat;
import dev.minerva.spi.LogFormatFactory;
import dev.minerva.spi.OptionSpec;
import java.util.List;

/** Finds and builds the {@code route53-resolver} format: Route 53 Resolver query logs delivered to S3. */
public final class Route53ResolverLogFormatFactory implements LogFormatFactory {
    @Override
    public String name() {
        return "route53-resolver";
    }

    @Override
    public String description() {
        return "Route 53 Resolver query logs: one JSON object per line, timestamped by 'query_timestamp'; the trailing "
                + "dot of query_name and of name answers is dropped";
    }

    @Override
    public String defaultTag() {
        return "aws.route53resolver";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of();
    }

    @Override
    public LogFormat create(FormatOptions options) {
        return new Route53ResolverLogFormat();
    }
}
