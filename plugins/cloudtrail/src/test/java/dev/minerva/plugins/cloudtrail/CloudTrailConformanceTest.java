package dev.minerva.plugins.cloudtrail;

import dev.minerva.testkit.LogFormatConformanceTest;
import java.util.Optional;

/** The shared conformance kit run against the cloudtrail format and its golden fixtures. */
class CloudTrailConformanceTest extends LogFormatConformanceTest {
    @Override
    protected String formatName() {
        return "cloudtrail";
    }

    @Override
    protected String malformedFixture() {
        return "malformed-events.records.jsonl";
    }

    @Override
    protected Optional<String> lineOrientedFixture() {
        return Optional.of("malformed-events.records.jsonl");
    }
}
