package dev.minerva.plugins.vpcflow;

import dev.minerva.testkit.LogFormatConformanceTest;
import java.util.Optional;

/** The shared conformance kit run against the vpcflow format and its golden fixtures. */
class VpcFlowConformanceTest extends LogFormatConformanceTest {
    @Override
    protected String formatName() {
        return "vpcflow";
    }

    @Override
    protected String malformedFixture() {
        return "flowlogs-reader_v5-custom-with-bogus-line.log";
    }

    @Override
    protected Optional<String> lineOrientedFixture() {
        return Optional.of("awsdocs_v2-default.log");
    }
}
