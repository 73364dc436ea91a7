package dev.minerva.plugins.vpcflow;

import dev.minerva.spi.FormatOptions;
import dev.minerva.spi.LogFormat;
import dev.minerva.spi.LogFormatFactory;
import dev.minerva.spi.MinervaException;
import dev.minerva.spi.OptionSpec;
import dev.minerva.spi.StandardErrorCode;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Finds and builds the {@code vpcflow} format: AWS VPC Flow Logs of versions 2 to 8, default or custom layout. */
public final class VpcFlowLogFormatFactory implements LogFormatFactory {
    static final String NAME = "vpcflow";
    static final String FIELDS = "fields";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "AWS VPC Flow Logs (versions 2 to 8) as delivered to S3: space-separated fields under an optional header line";
    }

    @Override
    public String defaultTag() {
        return "aws.vpcflow";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(OptionSpec.list(FIELDS,
                "Field names in column order, such as 'version account-id srcaddr ...'; overrides the header line. "
                        + "Without it the header line decides, and a file without a header uses the default version 2 order"));
    }

    @Override
    public LogFormat create(FormatOptions options) {
        Optional<List<String>> fields = options.findList(FIELDS);
        return new VpcFlowLogFormat(fields.map(VpcFlowLogFormatFactory::checkFields));
    }

    private static FieldLayout checkFields(List<String> names) {
        if (names.isEmpty()) {
            throw new MinervaException(StandardErrorCode.INVALID_OPTION, "Option '" + FIELDS + "' of format '" + NAME
                    + "' is empty; give the field names in column order, such as: " + String.join(" ", FlowLogFields.DEFAULT_V2));
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
                throw new MinervaException(StandardErrorCode.INVALID_OPTION, "Option '" + FIELDS + "' of format '" + NAME
                        + "' has the field name '" + name + "'; names are single words such as 'srcaddr'");
            }
            if (!seen.add(name)) {
                throw new MinervaException(StandardErrorCode.INVALID_OPTION, "Option '" + FIELDS + "' of format '" + NAME
                        + "' lists '" + name + "' twice; each column needs its own name");
            }
        }
        return new FieldLayout(names, "in option '" + FIELDS + "'");
    }
}
