package dev.minerva.plugins.alb;

import dev.minerva.testkit.LogFormatConformanceTest;
import java.util.Optional;

/** The shared conformance kit run against the alb format and its golden fixtures. */
class AlbConformanceTest extends LogFormatConformanceTest {
    @Override
    protected String formatName() {
        return "alb";
    }

    @Override
    protected String malformedFixture() {
        return "edge-cases.log";
    }

    @Override
    protected Optional<String> lineOrientedFixture() {
        return Optional.of("awsdocs_alb-access-log-examples.log");
    }
}
