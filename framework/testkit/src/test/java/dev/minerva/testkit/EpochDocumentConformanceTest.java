package dev.minerva.testkit;

import java.util.Optional;

/** The kit against a format that reads its object as one document, so it lacks READS_LINES. */
class EpochDocumentConformanceTest extends LogFormatConformanceTest {
    @Override
    protected String formatName() {
        return "kit-epoch-document";
    }

    @Override
    protected String malformedFixture() {
        return "one-bad-line.log";
    }

    @Override
    protected Optional<String> lineOrientedFixture() {
        return Optional.empty();
    }

    @Override
    protected String fixtureDirectory() {
        return "kit-document";
    }
}
