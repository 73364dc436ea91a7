package dev.minerva.testkit;

/**
 * What a format may legitimately not do. A conformance test declares what its format lacks by overriding
 * {@link LogFormatConformanceTest#hasBehavior(FormatBehavior)}; the kit then checks that the format really lacks it
 * (a declaration that is not true fails) and reports the tests that need it as skipped, with the reason.
 */
public enum FormatBehavior {
    /**
     * Reads entries through {@link dev.minerva.spi.LogInput#lines()}, so the framework's bounded lines apply: an
     * overlong or binary line is rejected and the rest parses. A format that parses the object as one document
     * (a JSON file, a binary container) lacks it.
     */
    READS_LINES("reads its entries line by line"),

    /**
     * Refuses some input as malformed. A format that takes any line of text as a record (a raw-text format)
     * lacks it.
     */
    REJECTS_MALFORMED_ENTRIES("rejects malformed entries");

    private final String description;

    FormatBehavior(String description) {
        this.description = description;
    }

    /** What a format with this behaviour does, for skip reasons and failures. */
    public String description() {
        return description;
    }
}
