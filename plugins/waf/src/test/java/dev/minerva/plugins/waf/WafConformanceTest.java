package dev.minerva.plugins.waf;

import dev.minerva.testkit.LogFormatConformanceTest;
import java.util.Optional;

/** The shared conformance kit run against the waf format and its golden fixtures. */
class WafConformanceTest extends LogFormatConformanceTest {
    @Override
    protected String formatName() {
        return "waf";
    }

    @Override
    protected String malformedFixture() {
        return "edge-cases.jsonl";
    }

    @Override
    protected Optional<String> lineOrientedFixture() {
        return Optional.of("edge-cases.jsonl");
    }
}
