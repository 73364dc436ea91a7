package dev.minerva.plugins.cloudfront;

import dev.minerva.testkit.LogFormatConformanceTest;
import java.util.Optional;

/** The shared conformance kit run against the cloudfront format and its golden fixtures. */
class CloudFrontConformanceTest extends LogFormatConformanceTest {
    @Override
    protected String formatName() {
        return "cloudfront";
    }

    @Override
    protected String malformedFixture() {
        return "edge-cases-no-header.log";
    }

    @Override
    protected Optional<String> lineOrientedFixture() {
        return Optional.of("standard-33-fields.log");
    }
}
