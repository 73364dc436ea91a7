package dev.minerva.testkit;

import java.util.Optional;

/** The kit against a format that takes any text, so it declares that it lacks REJECTS_MALFORMED_ENTRIES. */
class RawTextConformanceTest extends LogFormatConformanceTest {
    @Override
    protected String formatName() {
        return "kit-raw-text";
    }

    @Override
    protected String malformedFixture() {
        return "notes.log";
    }

    @Override
    protected Optional<String> lineOrientedFixture() {
        return Optional.of("notes.log");
    }

    @Override
    protected String fixtureDirectory() {
        return "kit-text";
    }

    @Override
    protected boolean hasBehavior(FormatBehavior behavior) {
        return behavior != FormatBehavior.REJECTS_MALFORMED_ENTRIES && super.hasBehavior(behavior);
    }
}
