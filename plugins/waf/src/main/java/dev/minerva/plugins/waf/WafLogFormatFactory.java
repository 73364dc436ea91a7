package dev.minerva.plugins.waf;

import dev.minerva.spi.FormatOptions;
import dev.minerva.spi.LogFormat;
import dev.minerva.spi.LogFormatFactory;
import dev.minerva.spi.OptionSpec;
import java.util.List;

/** Finds and builds the {@code waf} format: AWS WAF web ACL traffic logs delivered to S3. */
public final class WafLogFormatFactory implements LogFormatFactory {
    @Override
    public String name() {
        return "waf";
    }

    @Override
    public String description() {
        return "AWS WAF logs: one JSON object per line, timestamped by 'timestamp' (epoch milliseconds); nested "
                + "httpRequest with clientIp and headers as name/value lists";
    }

    @Override
    public String defaultTag() {
        return "aws.waf";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of();
    }

    @Override
    public LogFormat create(FormatOptions options) {
        return new WafLogFormat();
    }
}
