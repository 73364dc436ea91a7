package dev.minerva.plugins.s3access;

import dev.minerva.testkit.LogFormatConformanceTest;
import java.util.Optional;

/** The shared conformance kit run against the s3-access format and its golden fixtures. */
class S3AccessConformanceTest extends LogFormatConformanceTest {
    @Override
    protected String formatName() {
        return "s3-access";
    }

    @Override
    protected String malformedFixture() {
        return "edge-cases.log";
    }

    @Override
    protected Optional<String> lineOrientedFixture() {
        return Optional.of("awsdocs_s3-server-access-log-example.log");
    }
}
