package dev.minerva.plugins.example;

import dev.minerva.testkit.LogFormatConformanceTest;
import java.util.Optional;

/** The shared conformance kit run against the logfmt format and its golden fixtures. */
class LogfmtConformanceTest extends LogFormatConformanceTest {
    @Override
    protected String formatName() {
        return "logfmt";
    }

    @Override
    protected String malformedFixture() {
        return "malformed.log";
    }

    @Override
    protected Optional<String> lineOrientedFixture() {
        return Optional.of("service.log");
    }
}
