package dev.minerva.plugins.guardduty;

import dev.minerva.spi.FormatOptions;
import dev.minerva.spi.LogFormat;
import dev.minerva.spi.LogFormatFactory;
import dev.minerva.spi.OptionSpec;
import java.util.List;

/** Finds and builds the {@code guardduty} format: GuardDuty findings exported to S3 or fetched with GetFindings. */
public final class GuardDutyLogFormatFactory implements LogFormatFactory {
    @Override
    public String name() {
        return "guardduty";
    }

    @Override
    public String description() {
        return "Amazon GuardDuty findings: one per line (the S3 export), a JSON array, the GetFindings response or "
                + "EventBridge events, streamed; timestamped by 'updatedAt', else 'createdAt'";
    }

    @Override
    public String defaultTag() {
        return "aws.guardduty";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of();
    }

    @Override
    public LogFormat create(FormatOptions options) {
        return new GuardDutyLogFormat();
    }
}
