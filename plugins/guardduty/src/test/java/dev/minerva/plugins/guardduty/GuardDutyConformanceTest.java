package dev.minerva.plugins.guardduty;

import dev.minerva.testkit.LogFormatConformanceTest;
import java.util.Optional;

/** The shared conformance kit run against the guardduty format and its golden fixtures. */
class GuardDutyConformanceTest extends LogFormatConformanceTest {
    @Override
    protected String formatName() {
        return "guardduty";
    }

    @Override
    protected String malformedFixture() {
        return "s3-export.jsonl";
    }

    @Override
    protected Optional<String> lineOrientedFixture() {
        return Optional.of("s3-export.jsonl");
    }
}
