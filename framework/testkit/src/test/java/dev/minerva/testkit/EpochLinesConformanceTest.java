package dev.minerva.testkit;

import java.util.Optional;

/** The kit against a line format that has every behaviour: every test runs, none is skipped. */
class EpochLinesConformanceTest extends LogFormatConformanceTest {
    @Override
    protected String formatName() {
        return "kit-epoch-lines";
    }

    @Override
    protected String malformedFixture() {
        return "one-bad-line.log";
    }

    @Override
    protected Optional<String> lineOrientedFixture() {
        return Optional.of("sessions.log");
    }

    @Override
    protected String fixtureDirectory() {
        return "kit-lines";
    }
}
